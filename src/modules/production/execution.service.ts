import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { idempotent, type Idempotency } from '../../kernel/unit-of-work/transaction';
import { requestFingerprint } from '../../kernel/common/idempotency';
import { badInput, invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { Decimal, dec, positiveQty } from '../../kernel/common/quantity';
import { bookValuation } from '../finance/journal.service';
import { JournalSource } from '../finance/journal-entry.entity';
import { Item, ItemTracking } from '../catalog/item.entity';
import { wholeUnits } from '../inventory/serials';
import { Location, LocationType } from '../inventory/location.entity';
import { StockMove, StockMoveReason } from '../inventory/stock-move.entity';
import { findOrCreateLot, moveStock, systemLocation } from '../inventory/stock-ledger';
import { ExecutionEvent, ExecutionEventType } from './execution-event.entity';
import { WorkOrderOperation, OperationState } from './work-order-operation.entity';
import { WorkOrder } from './work-order.entity';
import { lockWorkOrder, syncSalesOrder } from './work-order.service';
import { assertMayTake, mayTake, scanOperation, transition } from './work-order.states';
import { operationSnapshot, recordWorkOrderEvent } from './work-order.events';
import type { RecordExecutionEventInput } from './dto/production.inputs';
import { resolveRefs } from '../../kernel/codes/code-book';
import { ProductionEvent } from './production.events';
import { scrapUnitCost } from './work-order-costing.service';
import { blockingPredecessor, received } from './operation-readiness';

export interface ExecutionResult {
  event: ExecutionEvent;
  /** True when this call was a retry of an event already counted. */
  replayed: boolean;
}

/**
 * Records one shop-floor event and applies its rule. The client event id is unique, so a scanner that
 * retries (even concurrently) gets the first result back and the quantity is counted once.
 */
export async function recordExecutionEvent(ctx: Ctx, given: RecordExecutionEventInput): Promise<ExecutionResult> {
  const input = await resolveRefs<RecordExecutionEventInput, 'operationId'>(ctx, given, [
    { id: 'operationId', code: 'operationCode', kind: 'operation' },
  ]);
  const fingerprint = requestFingerprint('recordExecutionEvent', input);
  const keyed: Idempotency<ExecutionResult> = {
    field: 'clientEventId',
    key: input.clientEventId,
    fingerprint,
    what: 'event',
    earlier: async (c) => {
      const event = await c.em.findOne(ExecutionEvent, { clientEventId: input.clientEventId });
      if (!event) return null;
      // Scans recorded before fingerprints were kept are compared on operation and type, as they were then.
      const legacy = event.operation.id === input.operationId && event.type === input.type ? null : 'another event';
      return { fingerprint: event.idempotencyFingerprint ?? legacy, result: { event, replayed: true } };
    },
  };
  return idempotent(ctx, keyed, async (tx, replay) => {
    if (!isUuid(input.operationId)) throw notFound('Operation', input.operationId);
    const found = await tx.em.findOne(WorkOrderOperation, input.operationId);
    if (!found) throw notFound('Operation', input.operationId);
    const wo = await lockWorkOrder(tx, found.workOrder.id);
    // A retry that waited for the lock behind the first try answers the first result, not an error.
    const earlier = await replay(tx);
    if (earlier) return earlier;
    const ops = wo.operations.getItems();
    const op = ops.find((o) => o.id === found.id)!;
    assertMayTake(wo, 'recordShopFloorEvent');
    const occurredAt = input.occurredAt ?? new Date();
    const { qty, stockMoveId, journalEntryId } = await applyRule(tx, wo, ops, op, input, occurredAt);
    const event = tx.em.create(ExecutionEvent, {
      clientEventId: input.clientEventId,
      idempotencyFingerprint: fingerprint,
      type: input.type,
      workOrder: wo,
      operation: op,
      qty: qty?.toFixed(),
      reason: input.reason,
      deviceId: input.deviceId ?? tx.actor?.deviceId,
      actor: tx.actor?.subject,
      occurredAt,
      stockMoveId,
      journalEntryId,
    });
    await settle(tx, wo, ops, occurredAt);
    return { event, replayed: false };
  });
}

/** The operation whose good quantity goes into finished goods: the last one of the flow. */
const lastOfFlow = (ops: WorkOrderOperation[]) => ops.filter((o) => !o.reworkQty).at(-1);

export const remaining = (wo: WorkOrder, ops: WorkOrderOperation[], op: WorkOrderOperation) =>
  received(wo, ops, op).minus(op.qtyGood).minus(op.qtyScrap);

async function applyRule(
  tx: TxCtx,
  wo: WorkOrder,
  ops: WorkOrderOperation[],
  op: WorkOrderOperation,
  input: RecordExecutionEventInput,
  at: Date,
): Promise<{ qty?: Decimal; stockMoveId?: string; journalEntryId?: string }> {
  const label = `Operation ${op.sequence} (${op.name}) of ${wo.code}`;
  if (input.type === ExecutionEventType.START) assertPredecessorProduced(ops, op, label);
  scanOperation(op, label, input.type);
  switch (input.type) {
    case ExecutionEventType.START: {
      op.actualStart = at;
      if (mayTake(wo.state, 'start')) {
        transition(wo, 'start');
        wo.startedAt = at;
        await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderStarted, wo);
        await syncSalesOrder(tx, wo);
      }
      await recordWorkOrderEvent(tx, ProductionEvent.OperationStarted, wo, { operation: operationSnapshot(op) });
      return {};
    }
    case ExecutionEventType.PAUSE:
      await recordWorkOrderEvent(tx, ProductionEvent.OperationPaused, wo, { operation: operationSnapshot(op) });
      return {};
    case ExecutionEventType.RESUME:
      await recordWorkOrderEvent(tx, ProductionEvent.OperationResumed, wo, { operation: operationSnapshot(op) });
      return {};
    case ExecutionEventType.COMPLETE: {
      const qty = requireQty(input);
      const left = remaining(wo, ops, op);
      if (qty.gt(left)) {
        throw badInput(
          'qty',
          `${label} can complete at most ${left.toFixed()} more: it received ${received(wo, ops, op).toFixed()}, ` +
            `has ${dec(op.qtyGood).toFixed()} good and ${dec(op.qtyScrap).toFixed()} scrapped`,
        );
      }
      op.qtyGood = dec(op.qtyGood).plus(qty).toFixed();
      const move = op === lastOfFlow(ops) ? await receiveFinishedGoods(tx, wo, qty) : undefined;
      await recordWorkOrderEvent(tx, ProductionEvent.OperationProgressed, wo, {
        operation: operationSnapshot(op),
        eventQty: qty.toFixed(),
      });
      return { qty, stockMoveId: move?.id };
    }
    case ExecutionEventType.SCRAP: {
      const qty = requireQty(input);
      if (!input.reason) throw badInput('reason', 'say why the quantity is scrapped');
      const left = remaining(wo, ops, op);
      if (qty.gt(left)) throw badInput('qty', `${label} has only ${left.toFixed()} in process to scrap`);
      op.qtyScrap = dec(op.qtyScrap).plus(qty).toFixed();
      wo.qtyScrapped = dec(wo.qtyScrapped).plus(qty).toFixed();
      // Written off at what the units had cost by this operation, not at the finished item's full cost.
      const entry = await bookValuation(tx, {
        source: JournalSource.SCRAP,
        item: await tx.em.findOneOrFail(Item, wo.item.id),
        qty: qty.toFixed(),
        unitCost: await scrapUnitCost(tx, wo, op.sequence),
        memo: `scrap of ${qty.toFixed()} at operation ${op.sequence} of ${wo.code}: ${input.reason}`,
        workOrderId: wo.id,
      });
      await recordWorkOrderEvent(tx, ProductionEvent.OperationScrapped, wo, {
        operation: operationSnapshot(op),
        eventQty: qty.toFixed(),
        reason: input.reason,
      });
      return { qty, journalEntryId: entry?.id };
    }
  }
}

/** Refuses a START while the operation waits for the one before it (the rule: operation-readiness.ts). */
function assertPredecessorProduced(ops: WorkOrderOperation[], op: WorkOrderOperation, label: string): void {
  const previous = blockingPredecessor(ops, op);
  if (!previous) return;
  throw invalidState(
    `${label} cannot start: operation ${previous.sequence} (${previous.name}) has not passed on anything yet; ` +
      `record its good quantity first`,
    { previousOperationId: previous.id },
  );
}

function requireQty(input: RecordExecutionEventInput): Decimal {
  if (input.qty === undefined || input.qty === null) throw badInput('qty', `${input.type} needs a quantity`);
  return positiveQty(input.qty);
}

/**
 * Good quantity off the last operation goes into finished goods, from the virtual production location:
 * into the work order's lot (its code is the work order's), or for a serial-tracked item one serial per
 * unit, numbered on from the units the order has completed so far (WO-000123-001, -002, …).
 */
async function receiveFinishedGoods(tx: TxCtx, wo: WorkOrder, qty: Decimal): Promise<StockMove> {
  const item = await tx.em.findOneOrFail(Item, wo.item.id);
  const to = await tx.em.findOne(Location, { type: LocationType.FINISHED_GOODS }, { orderBy: { code: 'asc' } });
  if (!to) throw invalidState('There is no finished-goods location to receive into; create one first');
  const from = await systemLocation(tx, 'VIRT-PRODUCTION');
  const into = async (lotCode: string | undefined, unitQty: Decimal) =>
    moveStock(tx, {
      item,
      from,
      to,
      qty: unitQty.toFixed(),
      lot: lotCode === undefined ? undefined : await findOrCreateLot(tx, item, lotCode),
      reason: StockMoveReason.COMPLETION,
      workOrderId: wo.id,
      reference: wo.code,
      context: { workOrderCode: wo.code },
    });
  let first: StockMove;
  if (item.tracking === ItemTracking.SERIAL) {
    const made = wholeUnits(item, dec(wo.qtyCompleted));
    const moves: StockMove[] = [];
    for (let n = 1; n <= wholeUnits(item, qty); n++) moves.push(await into(serialNumber(wo.code, made + n), dec(1)));
    first = moves[0];
  } else {
    first = await into(item.tracking === ItemTracking.NONE ? undefined : wo.code, qty);
  }
  wo.qtyCompleted = dec(wo.qtyCompleted).plus(qty).toFixed();
  return first;
}

/** The serial number of a work order's n-th unit. */
const serialNumber = (workOrderCode: string, n: number) => `${workOrderCode}-${String(n).padStart(3, '0')}`;

/**
 * An operation is done when the previous one is done and everything it received is good or scrapped;
 * the order is completed when its last operation is done — the ordered quantity is all accounted for.
 */
async function settle(tx: TxCtx, wo: WorkOrder, ops: WorkOrderOperation[], at: Date): Promise<void> {
  let previousDone = true;
  for (const op of ops) {
    if (op.state !== OperationState.DONE && previousDone && remaining(wo, ops, op).isZero() && op.state !== OperationState.PENDING) {
      op.state = OperationState.DONE;
      op.actualEnd = at;
      await recordWorkOrderEvent(tx, ProductionEvent.OperationDone, wo, { operation: operationSnapshot(op) });
    } else if (op.state === OperationState.PENDING && previousDone && received(wo, ops, op).isZero()) {
      // Everything upstream was scrapped: nothing will ever reach this operation.
      op.state = OperationState.DONE;
      await recordWorkOrderEvent(tx, ProductionEvent.OperationDone, wo, { operation: operationSnapshot(op) });
    }
    previousDone = op.state === OperationState.DONE;
  }
  if (ops.length && ops.every((o) => o.state === OperationState.DONE) && mayTake(wo.state, 'complete')) {
    transition(wo, 'complete');
    wo.completedAt = at;
    await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderCompleted, wo);
    await syncSalesOrder(tx, wo);
  }
}
