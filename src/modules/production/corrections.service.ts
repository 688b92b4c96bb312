import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { idempotent, inTransaction } from '../../kernel/unit-of-work/transaction';
import { badInput, conflict, invalidState, notFound } from '../../kernel/common/errors';
import { getOrFail, isUuid } from '../../kernel/db/lookup';
import { dec, positiveQty } from '../../kernel/common/quantity';
import { reverseEntry } from '../finance/journal.service';
import { Item } from '../catalog/item.entity';
import { Lot } from '../inventory/lot.entity';
import { StockMove, StockMoveReason } from '../inventory/stock-move.entity';
import { moveStock, systemLocation } from '../inventory/stock-ledger';
import { keyedMove, physicalLocation } from '../inventory/inventory.service';
import { lockMove, requireReason, reverseMove } from '../inventory/stock-correction.service';
import { ExecutionEvent, ExecutionEventType } from './execution-event.entity';
import { OperationState, type WorkOrderOperation } from './work-order-operation.entity';
import type { WorkOrder } from './work-order.entity';
import { lockWorkOrder, syncSalesOrder } from './work-order.service';
import { assertMayTake, mayTake, transition } from './work-order.states';
import { operationSnapshot, recordWorkOrderEvent } from './work-order.events';
import { remaining } from './execution.service';
import { received } from './operation-readiness';
import { standingScans } from './work-order-costs';
import type { ReturnMaterialInput, ReverseExecutionEventInput, ReverseMaterialIssueInput } from './dto/correction.inputs';
import { ProductionEvent } from './production.events';

/** Reverses a material issue: the material goes back where it came from, the WIP entry is reversed, issued shrinks. */
export async function reverseMaterialIssue(ctx: Ctx, input: ReverseMaterialIssueInput): Promise<StockMove> {
  return inTransaction(ctx, async (tx) => {
    const reason = requireReason(input.reason);
    const found = await getOrFail(tx.em, StockMove, input.stockMoveId, 'Stock move');
    if (found.reason !== StockMoveReason.ISSUE || !found.workOrderId) {
      throw invalidState(`Only a material issue is reversed here; this move is a ${found.reason.toLowerCase()}`, { reason: found.reason });
    }
    const wo = await lockWorkOrder(tx, found.workOrderId);
    assertMayTake(wo, 'correct');
    const move = await lockMove(tx, found.id);
    const requirement = wo.materials.getItems().find((m) => m.item.id === move.item.id)!;
    const reversal = await reverseMove(tx, move, reason, { workOrderCode: wo.code });
    requirement.qtyIssued = dec(requirement.qtyIssued).minus(move.qty).toFixed();
    await recordWorkOrderEvent(tx, ProductionEvent.MaterialIssueReversed, wo, {
      materialItemId: move.item.id,
      materialQty: dec(move.qty).toFixed(),
      qtyIssued: requirement.qtyIssued,
      qtyRequired: dec(requirement.qtyRequired).toFixed(),
      stockMoveId: move.id,
      reversalId: reversal.id,
      reason,
    });
    return reversal;
  });
}

/** What of a component (and lot) sits in the order now: issued, less reversed and returned; and its value in WIP. */
async function inTheOrder(tx: TxCtx, wo: WorkOrder, itemId: string, lotId: string | undefined) {
  const [row] = await tx.em.execute<{ qty: string; value: string }[]>(
    `select coalesce(sum(case when m.to_location_id = p.id then m.qty else -m.qty end), 0)::text as qty,
       (select coalesce(sum(l.debit - l.credit), 0) from journal_entry e join journal_line l on l.entry_id = e.id and l.account = ?
        where e.work_order_id = ? and e.item_id = ? and e.source in ('ISSUE', 'RETURN'))::text as value
     from stock_move m join location p on p.code = 'VIRT-PRODUCTION'
     where m.work_order_id = ? and m.item_id = ? and (m.to_location_id = p.id or m.from_location_id = p.id)
       and coalesce(m.lot_id::text, '') = ?`,
    [tx.runtime.accounts.wip, wo.id, itemId, wo.id, itemId, lotId ?? ''],
  );
  return { qty: dec(row.qty), value: dec(row.value) };
}

/**
 * Unused material back from a work order to a physical location, at the cost it was issued at (its WIP
 * value per unit): at most what was issued and not yet returned, lot by lot.
 */
export async function returnMaterial(ctx: Ctx, input: ReturnMaterialInput): Promise<StockMove> {
  const keyed = keyedMove('returnMaterial', input);
  return idempotent(ctx, keyed, async (tx, replay) => {
    const qty = positiveQty(input.qty);
    const wo = await lockWorkOrder(tx, input.workOrderId);
    const earlier = await replay(tx);
    if (earlier) return earlier;
    assertMayTake(wo, 'correct');
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    const requirement = wo.materials.getItems().find((m) => m.item.id === item.id);
    if (!requirement) throw badInput('itemId', `${item.sku} is not in the bill of materials of ${wo.code}`);
    const to = await physicalLocation(tx, input.toLocationId, 'toLocationId');
    const lot = input.lotId ? await getOrFail(tx.em, Lot, input.lotId, 'Lot') : undefined;
    const there = await inTheOrder(tx, wo, item.id, lot?.id);
    if (qty.gt(there.qty)) {
      throw badInput(
        'qty',
        `${wo.code} holds ${there.qty.toFixed()} ${item.unit} ${item.sku}${lot ? ` of lot ${lot.code}` : ''} issued and not returned; ` +
          `${qty.toFixed()} cannot come back`,
      );
    }
    // At what it cost going in: the component's value in the order's WIP per unit still there.
    const all = lot ? await inTheOrder(tx, wo, item.id, undefined) : there;
    const unitCost = all.qty.gt(0) ? all.value.div(all.qty).toFixed() : undefined;
    const move = await moveStock(tx, {
      item,
      from: await systemLocation(tx, 'VIRT-PRODUCTION'),
      to,
      qty: qty.toFixed(),
      lot,
      reason: StockMoveReason.RETURN,
      workOrderId: wo.id,
      reference: wo.code,
      unitCost,
      note: input.reason,
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: keyed.fingerprint,
      context: { workOrderCode: wo.code },
    });
    requirement.qtyIssued = dec(requirement.qtyIssued).minus(qty).toFixed();
    await recordWorkOrderEvent(tx, ProductionEvent.MaterialReturned, wo, {
      materialItemId: item.id,
      materialQty: qty.toFixed(),
      qtyIssued: requirement.qtyIssued,
      qtyRequired: dec(requirement.qtyRequired).toFixed(),
      stockMoveId: move.id,
      reason: input.reason ?? null,
    });
    return move;
  });
}

/**
 * Reverses a scan with a reason: a reversal event beside the original (which stays), with the opposite
 * effect. A completion or scrap gives its quantity back to the operation (and finished goods back to
 * production, scrap's journal entry reversed); a start, pause or resume undoes the state it set, if it
 * is the operation's latest. Refused when later work already rests on it.
 */
export async function reverseExecutionEvent(ctx: Ctx, input: ReverseExecutionEventInput): Promise<ExecutionEvent> {
  return inTransaction(ctx, async (tx) => {
    const reason = requireReason(input.reason);
    if (!isUuid(input.executionEventId)) throw notFound('Execution event', input.executionEventId);
    const found = await tx.em.findOne(ExecutionEvent, input.executionEventId);
    if (!found) throw notFound('Execution event', input.executionEventId);
    const wo = await lockWorkOrder(tx, found.workOrder.id);
    assertMayTake(wo, 'correct');
    const original = await tx.em.findOneOrFail(ExecutionEvent, found.id, { refresh: true });
    if (original.reversesEventId) throw invalidState('A reversal is not reversed; record the scan again instead');
    const already = await tx.em.findOne(ExecutionEvent, { reversesEventId: original.id });
    if (already) throw conflict('This scan was already reversed', { reversedBy: already.id });
    const ops = wo.operations.getItems();
    const op = ops.find((o) => o.id === original.operation.id)!;
    const label = `Operation ${op.sequence} (${op.name}) of ${wo.code}`;
    const qty = dec(original.qty ?? 0);
    switch (original.type) {
      case ExecutionEventType.COMPLETE:
        await undoCompletion(tx, wo, ops, op, original, qty, reason, label);
        break;
      case ExecutionEventType.SCRAP:
        op.qtyScrap = dec(op.qtyScrap).minus(qty).toFixed();
        wo.qtyScrapped = dec(wo.qtyScrapped).minus(qty).toFixed();
        if (original.journalEntryId) await reverseEntry(tx, original.journalEntryId, `scrap scan reversed: ${reason}`);
        break;
      default:
        await undoStateScan(tx, op, original, label);
    }
    const reversal = tx.em.create(ExecutionEvent, {
      clientEventId: `reversal:${original.id}`,
      type: original.type,
      workOrder: wo,
      operation: op,
      qty: original.qty,
      reason,
      actor: tx.actor?.subject,
      deviceId: tx.actor?.deviceId,
      occurredAt: new Date(),
      reversesEventId: original.id,
    });
    await reopen(tx, wo, ops);
    await recordWorkOrderEvent(tx, ProductionEvent.ExecutionEventReversed, wo, {
      operation: operationSnapshot(op),
      reversedEventId: original.id,
      reversedType: original.type,
      eventQty: original.qty ? qty.toFixed() : null,
      reason,
    });
    return reversal;
  });
}

async function undoCompletion(
  tx: TxCtx,
  wo: WorkOrder,
  ops: WorkOrderOperation[],
  op: WorkOrderOperation,
  original: ExecutionEvent,
  qty: ReturnType<typeof dec>,
  reason: string,
  label: string,
): Promise<void> {
  const next = ops[ops.indexOf(op) + 1];
  if (next && remaining(wo, ops, next).lt(qty)) {
    throw invalidState(
      `${label}: operation ${next.sequence} has already worked on this quantity (it has ${remaining(wo, ops, next).toFixed()} ` +
        `waiting); reverse its scans first`,
      { operationId: next.id },
    );
  }
  op.qtyGood = dec(op.qtyGood).minus(qty).toFixed();
  if (next) return;
  // The last operation's good quantity went into finished goods: it comes back out, if it is still there.
  if (!original.stockMoveId) throw invalidState(`${label}: this completion was recorded before corrections were possible`);
  const move = await lockMove(tx, original.stockMoveId);
  await reverseMove(tx, move, reason, { workOrderCode: wo.code });
  wo.qtyCompleted = dec(wo.qtyCompleted).minus(qty).toFixed();
}

/** A start, pause or resume is undone only as the operation's latest standing scan, and only what it set. */
async function undoStateScan(tx: TxCtx, op: WorkOrderOperation, original: ExecutionEvent, label: string): Promise<void> {
  const scans = standingScans(await tx.em.find(ExecutionEvent, { operation: op.id }, { orderBy: { occurredAt: 'asc', createdAt: 'asc' } }));
  const latest = scans.filter((s) => s.type !== ExecutionEventType.COMPLETE && s.type !== ExecutionEventType.SCRAP).at(-1);
  if (latest?.id !== original.id)
    throw invalidState(`${label}: only its latest start, pause or resume can be reversed; reverse the later ones first`);
  if (original.type === ExecutionEventType.START) {
    if (!dec(op.qtyGood).isZero() || !dec(op.qtyScrap).isZero()) {
      throw invalidState(`${label} has quantities recorded; reverse its completions and scrap before its start`);
    }
    op.state = OperationState.PENDING;
    op.actualStart = undefined;
  } else {
    op.state = original.type === ExecutionEventType.PAUSE ? OperationState.RUNNING : OperationState.PAUSED;
  }
}

/**
 * After a correction an operation that is no longer fully accounted for runs again (or waits, if it never
 * started), and a completed order goes back in progress — its sales order line with it.
 */
async function reopen(tx: TxCtx, wo: WorkOrder, ops: WorkOrderOperation[]): Promise<void> {
  for (const op of ops) {
    if (op.state !== OperationState.DONE) continue;
    if (received(wo, ops, op).gt(0) && remaining(wo, ops, op).gt(0)) {
      op.state = op.actualStart ? OperationState.RUNNING : OperationState.PENDING;
      op.actualEnd = undefined;
    }
  }
  if (mayTake(wo.state, 'reopen') && ops.some((o) => o.state !== OperationState.DONE)) {
    transition(wo, 'reopen');
    wo.completedAt = undefined;
    await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderReopened, wo);
    await syncSalesOrder(tx, wo);
  }
}
