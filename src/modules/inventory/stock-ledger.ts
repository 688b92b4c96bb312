import type { TxCtx } from '../../kernel/unit-of-work/context';
import { record } from '../../kernel/unit-of-work/transaction';
import { DomainError, ErrorCode, badInput, invalidState } from '../../kernel/common/errors';
import { positiveQty, qtyString } from '../../kernel/common/quantity';
import { bookValuation } from '../finance/journal.service';
import { JournalSource } from '../finance/journal-entry.entity';
import { Item, ItemTracking } from '../catalog/item.entity';
import { Location } from './location.entity';
import { Lot, LotStatus } from './lot.entity';
import { StockMove, StockMoveReason } from './stock-move.entity';
import { InventoryEvent } from './inventory.events';

export interface MoveRequest {
  item: Item;
  from: Location;
  to: Location;
  qty: string;
  lot?: Lot;
  reason: StockMoveReason;
  workOrderId?: string;
  reference?: string;
  idempotencyKey?: string;
  idempotencyFingerprint?: string;
  /** Extra facts for the StockMoved event (a work order code, a sales order id, …). */
  context?: Record<string, unknown>;
}

/** The moves finance books (transfers between our own locations change no value). */
const VALUED: Partial<Record<StockMoveReason, JournalSource>> = {
  [StockMoveReason.RECEIPT]: JournalSource.RECEIPT,
  [StockMoveReason.ISSUE]: JournalSource.ISSUE,
  [StockMoveReason.COMPLETION]: JournalSource.COMPLETION,
};

/** Moves that take stock out for use or for a customer; a lot on hold may do neither. */
const CONSUMING = new Set([StockMoveReason.ISSUE, StockMoveReason.SHIPMENT]);

/**
 * The one way stock changes: appends a ledger line and updates both balances in the same transaction.
 * Each balance changes with a single conditional UPDATE, so concurrent moves never lose an update and a
 * physical location never goes below zero; the losing move fails with INSUFFICIENT_STOCK and the whole
 * transaction rolls back. Balances are touched in a fixed order so two opposite moves cannot deadlock.
 */
export async function moveStock(tx: TxCtx, req: MoveRequest): Promise<StockMove> {
  const qty = positiveQty(req.qty);
  if (req.from.id === req.to.id) throw badInput('toLocationId', 'the source and destination are the same location');
  if (req.item.tracking !== ItemTracking.NONE && !req.lot) {
    throw badInput('lot', `${req.item.sku} is tracked by ${req.item.tracking.toLowerCase()}: say which lot`);
  }
  if (req.lot) {
    if (req.lot.item.id !== req.item.id) throw badInput('lot', `lot ${req.lot.code} is not a lot of ${req.item.sku}`);
    if (req.lot.status === LotStatus.ON_HOLD && CONSUMING.has(req.reason)) {
      throw invalidState(`Lot ${req.lot.code} is on hold and cannot be ${req.reason === StockMoveReason.ISSUE ? 'issued' : 'shipped'}`);
    }
  }
  const lotKey = req.lot?.id ?? '';
  const sides = [
    { location: req.from, delta: qty.neg() },
    { location: req.to, delta: qty },
  ].sort((a, b) => (a.location.id < b.location.id ? -1 : 1));

  await tx.em.execute(
    `insert into stock_balance (id, created_at, updated_at, item_id, location_id, lot_id, lot_key, qty)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, 0), (gen_random_uuid(), now(), now(), ?, ?, ?, ?, 0)
     on conflict (item_id, location_id, lot_key) do nothing`,
    [req.item.id, sides[0].location.id, req.lot?.id ?? null, lotKey, req.item.id, sides[1].location.id, req.lot?.id ?? null, lotKey],
  );
  const balances: { locationId: string; qty: string }[] = [];
  for (const side of sides) {
    const rows = await tx.em.execute<{ qty: string }[]>(
      `update stock_balance set qty = qty + ?, updated_at = now()
       where item_id = ? and location_id = ? and lot_key = ? and (qty + ? >= 0 or ?)
       returning qty`,
      [side.delta.toFixed(), req.item.id, side.location.id, lotKey, side.delta.toFixed(), side.location.virtual],
    );
    if (rows.length === 0) {
      const [have] = await tx.em.execute<{ qty: string }[]>(
        'select qty from stock_balance where item_id = ? and location_id = ? and lot_key = ?',
        [req.item.id, side.location.id, lotKey],
      );
      throw new DomainError(
        ErrorCode.INSUFFICIENT_STOCK,
        `Not enough ${req.item.sku}${req.lot ? ` (lot ${req.lot.code})` : ''} at ${side.location.code}: ` +
          `${qtyString(have?.qty ?? 0)} ${req.item.unit} on hand, ${qty.toFixed()} needed`,
        { itemId: req.item.id, locationId: side.location.id, available: qtyString(have?.qty ?? 0), requested: qty.toFixed() },
      );
    }
    balances.push({ locationId: side.location.id, qty: qtyString(rows[0].qty) });
  }

  const move = tx.em.create(StockMove, {
    item: req.item,
    lot: req.lot,
    fromLocation: req.from,
    toLocation: req.to,
    qty: qty.toFixed(),
    reason: req.reason,
    workOrderId: req.workOrderId,
    reference: req.reference,
    idempotencyKey: req.idempotencyKey,
    idempotencyFingerprint: req.idempotencyKey ? req.idempotencyFingerprint : undefined,
    actor: tx.actor?.subject,
  });
  const source = VALUED[req.reason];
  if (source) {
    await bookValuation(tx, {
      source,
      item: req.item,
      qty: qty.toFixed(),
      memo: `${req.reason.toLowerCase()} of ${qty.toFixed()} ${req.item.unit} ${req.item.sku}${req.reference ? ` (${req.reference})` : ''}`,
      stockMoveId: move.id,
      workOrderId: req.workOrderId,
    });
  }
  record(tx, {
    type: InventoryEvent.StockMoved,
    aggregateType: 'Item',
    aggregateId: req.item.id,
    data: {
      moveId: move.id,
      itemId: req.item.id,
      sku: req.item.sku,
      lotId: req.lot?.id ?? null,
      lotCode: req.lot?.code ?? null,
      fromLocationId: req.from.id,
      toLocationId: req.to.id,
      qty: qty.toFixed(),
      reason: req.reason,
      workOrderId: req.workOrderId ?? null,
      balances,
      ...req.context,
    },
  });
  return move;
}

/** The lot of an item with this code, created if it does not exist yet. */
export async function findOrCreateLot(tx: TxCtx, item: Item, code: string): Promise<Lot> {
  // Inserted at once (not at flush): the balance rows written next refer to it.
  await tx.em.execute(
    `insert into lot (id, created_at, updated_at, item_id, code, status)
     values (gen_random_uuid(), now(), now(), ?, ?, 'AVAILABLE') on conflict (item_id, code) do nothing`,
    [item.id, code],
  );
  return tx.em.findOneOrFail(Lot, { item: item.id, code });
}

export async function systemLocation(tx: TxCtx, code: 'VIRT-SUPPLIER' | 'VIRT-CUSTOMER' | 'VIRT-PRODUCTION' | 'VIRT-SCRAP') {
  return tx.em.findOneOrFail(Location, { code });
}
