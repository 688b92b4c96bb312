import type { TxCtx } from '../../kernel/unit-of-work/context';
import { badInput, conflict } from '../../kernel/common/errors';
import type { Decimal } from '../../kernel/common/quantity';
import { ItemTracking } from '../catalog/item.entity';
import type { Lot } from './lot.entity';
import type { StockItem, StockLocation } from './stock-ledger';

/**
 * Serial numbers are lots of quantity one. A serial-tracked item's lot code is its serial number, so
 * everything built on lots — holds, `stockMoves(filter: { lotId })`, picking, the genealogy trace and the
 * recall impact — works for a serial unchanged. What makes it a serial is checked here, in the ledger:
 * every move of a serial-tracked item carries exactly one unit, and a serial that enters stock from
 * outside (a receipt, a completion, a customer return) must not be in stock already.
 */
export async function checkSerialMove(
  tx: TxCtx,
  req: { item: StockItem; lot?: Pick<Lot, 'id' | 'code'>; from: StockLocation; to: StockLocation },
  qty: Decimal,
): Promise<void> {
  if (req.item.tracking !== ItemTracking.SERIAL || !req.lot) return;
  if (!qty.eq(1)) {
    throw badInput(
      'qty',
      `${req.item.sku} is serial-tracked: a move carries one serial number, quantity 1 (${qty.toFixed()} given for ${req.lot.code})`,
    );
  }
  if (!req.from.virtual || req.to.virtual) return;
  const [held] = await tx.em.execute<{ code: string }[]>(
    `select l.code from stock_balance b join location l on l.id = b.location_id and not l.virtual
     where b.item_id = ? and b.lot_key = ? and b.qty > 0 limit 1`,
    [req.item.id, req.lot.id],
  );
  if (held) {
    throw conflict(`Serial ${req.lot.code} of ${req.item.sku} is already in stock at ${held.code}: a serial number is one unit`, {
      lotId: req.lot.id,
    });
  }
}

/** Whole units only: a serial-tracked item is counted in pieces, each with its own number. */
export function wholeUnits(item: Pick<StockItem, 'sku'>, qty: Decimal, field = 'qty'): number {
  if (!qty.isInteger()) throw badInput(field, `${item.sku} is serial-tracked: give a whole number of units (${qty.toFixed()} given)`);
  return qty.toNumber();
}
