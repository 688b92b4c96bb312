import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { DomainError, ErrorCode, badInput, conflict, invalidState } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { dec, parseDecimal } from '../../kernel/common/quantity';
import { bookEntry, postingFor, reverseEntriesOfMove } from '../finance/journal.service';
import { JournalSource } from '../finance/journal-entry.entity';
import { Item } from '../catalog/item.entity';
import { Lot } from './lot.entity';
import { StockMove, StockMoveReason } from './stock-move.entity';
import { moveStock, systemLocation } from './stock-ledger';
import { physicalLocation } from './inventory.service';
import { InventoryEvent } from './inventory.events';
import type { AdjustStockInput, ReverseStockMoveInput } from './dto/correction.inputs';

/** A correction needs a reason a person can read later. */
export function requireReason(reason: string | undefined, field = 'reason'): string {
  const text = reason?.trim();
  if (!text) throw badInput(field, 'say why (the reason is kept with the correction)');
  return text;
}

/** The move with its item, lot and locations, locked so two corrections of it cannot both pass the checks. */
export async function lockMove(tx: TxCtx, id: string): Promise<StockMove> {
  const move = await getOrFail(tx.em, StockMove, id, 'Stock move', { populate: ['item', 'lot', 'fromLocation', 'toLocation'] });
  await tx.em.execute('select id from stock_move where id = ? for update', [id]);
  const reversal = await tx.em.findOne(StockMove, { reversesMoveId: id });
  if (reversal) throw conflict(`This ${move.reason.toLowerCase()} was already reversed`, { reversedBy: reversal.id });
  if (move.reason === StockMoveReason.REVERSAL) throw invalidState('A reversal is not reversed; record the move again instead');
  return move;
}

/**
 * Books the opposite of a move: the same item, lot and quantity back from where it went to where it came
 * from, and the opposite of its journal lines. When the stock is no longer where the move put it (used,
 * moved or shipped since), nothing is written and the refusal says how much is left there.
 */
export async function reverseMove(tx: TxCtx, move: StockMove, reason: string, context: Record<string, unknown> = {}): Promise<StockMove> {
  const item = move.item.getEntity();
  const from = move.toLocation.getEntity();
  let reversal: StockMove;
  try {
    reversal = await moveStock(tx, {
      item,
      from,
      to: move.fromLocation.getEntity(),
      qty: move.qty,
      lot: move.lot?.getEntity(),
      reason: StockMoveReason.REVERSAL,
      workOrderId: move.workOrderId,
      reference: move.reference,
      unbooked: true,
      reversesMoveId: move.id,
      note: reason,
      context: { reversedReason: move.reason, ...context },
    });
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.INSUFFICIENT_STOCK) {
      const available = typeof e.extensions.available === 'string' ? e.extensions.available : '0';
      throw new DomainError(
        ErrorCode.INSUFFICIENT_STOCK,
        `This ${move.reason.toLowerCase()} of ${dec(move.qty).toFixed()} ${item.unit} ${item.sku} can no longer be reversed: ` +
          `only ${available} ${item.unit} are still at ${from.code}; the rest was used, moved or shipped since. ` +
          'Reverse or return those first.',
        { reason: 'ALREADY_CONSUMED', stockMoveId: move.id, available, requested: dec(move.qty).toFixed() },
      );
    }
    throw e;
  }
  await reverseEntriesOfMove(tx, { stockMoveId: move.id, newMoveId: reversal.id, memo: reason, item });
  record(tx, {
    type: InventoryEvent.StockMoveReversed,
    aggregateType: 'Item',
    aggregateId: item.id,
    data: {
      stockMoveId: move.id,
      reversalId: reversal.id,
      reason: move.reason,
      qty: dec(move.qty).toFixed(),
      note: reason,
      actor: tx.actor?.subject ?? null,
    },
  });
  return reversal;
}

/** What inventory reverses itself; issues and completions belong to their work order (production). */
const REVERSIBLE_HERE = new Set([StockMoveReason.RECEIPT, StockMoveReason.TRANSFER, StockMoveReason.ADJUSTMENT]);

/** Reverses a receipt, a transfer or an adjustment, with a reason; the original stays in the ledger. */
export async function reverseStockMove(ctx: Ctx, input: ReverseStockMoveInput): Promise<StockMove> {
  return inTransaction(ctx, async (tx) => {
    const reason = requireReason(input.reason);
    const move = await lockMove(tx, input.stockMoveId);
    if (move.commitmentId) {
      throw invalidState(
        `This receipt was made against supplier commitment ${move.reference ?? move.commitmentId}: reverse it with ` +
          'reverseCommitmentReceipt, so the commitment is no longer received either',
        { reason: move.reason, commitmentId: move.commitmentId },
      );
    }
    if (!REVERSIBLE_HERE.has(move.reason)) {
      const how =
        move.reason === StockMoveReason.ISSUE
          ? 'reverse it with reverseMaterialIssue'
          : move.reason === StockMoveReason.COMPLETION
            ? 'reverse the completion scan with reverseExecutionEvent'
            : 'it cannot be reversed here';
      throw invalidState(`A ${move.reason.toLowerCase()} belongs to its work order or shipment: ${how}`, { reason: move.reason });
    }
    return reverseMove(tx, move, reason);
  });
}

/**
 * Stock found (a positive quantity) or lost (negative) at a physical location, with a reason: a move
 * against the virtual adjustment location, valued at standard (debit inventory and credit the adjustment
 * account for stock found, the other way round for stock lost). Losing more than is there is refused.
 */
export async function adjustStock(ctx: Ctx, input: AdjustStockInput): Promise<StockMove> {
  return inTransaction(ctx, async (tx) => bookAdjustment(tx, input));
}

export async function bookAdjustment(
  tx: TxCtx,
  input: { itemId: string; locationId: string; lotId?: string; qty: string; reason?: string },
  reference?: string,
): Promise<StockMove> {
  const reason = requireReason(input.reason);
  const delta = parseDecimal(input.qty, 'qty');
  if (delta.isZero()) throw badInput('qty', 'an adjustment of zero changes nothing');
  const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
  const location = await physicalLocation(tx, input.locationId, 'locationId');
  const lot = input.lotId ? await getOrFail(tx.em, Lot, input.lotId, 'Lot') : undefined;
  const virtual = await systemLocation(tx, 'VIRT-ADJUSTMENT');
  const found = delta.isPositive();
  const move = await moveStock(tx, {
    item,
    from: found ? virtual : location,
    to: found ? location : virtual,
    qty: delta.abs().toFixed(),
    lot,
    reason: StockMoveReason.ADJUSTMENT,
    reference,
    unbooked: true,
    note: reason,
  });
  await bookEntry(tx, {
    ...postingFor(JournalSource.ADJUSTMENT, tx.runtime.accounts),
    source: JournalSource.ADJUSTMENT,
    amount: delta.mul(item.standardCost),
    item,
    qty: delta.toFixed(),
    memo: `${found ? 'found' : 'lost'} ${delta.abs().toFixed()} ${item.unit} ${item.sku} at ${location.code}: ${reason}`,
    stockMoveId: move.id,
  });
  return move;
}
