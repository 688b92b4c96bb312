import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { readSettled } from '../../kernel/events/event-log.service';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { dec } from '../../kernel/common/quantity';
import { ProductionEvent } from '../production/production.events';
import { InventoryEvent } from '../inventory/inventory.events';
import { StockMoveReason } from '../inventory/stock-move.entity';
import { WorkOrderOperation } from '../production/work-order-operation.entity';
import { InspectionPlan, InspectionPoint, SamplingRule } from './inspection-plan.entity';
import { InspectionState, InspectionTask } from './inspection-task.entity';
import { QualityEvent } from './quality.events';
import { nextQualityCode } from './quality.codes';

const FEED = 'inspection-tasks';
/** The events that may ask for an inspection: what wakes the feed. */
export const INSPECTION_TRIGGERS = [ProductionEvent.OperationProgressed, InventoryEvent.StockMoved];
const BATCH = 200;
/** EVERY_UNIT inspects each unit, up to this many per completion or receipt. */
const MAX_SAMPLE = 200;

/**
 * Quality reacts to production and receiving through the event log, as DESIGN.md §7 asks: completions
 * of an operation (OperationProgressed) and receipts (StockMoved, RECEIPT) after the feed's cursor
 * become the inspection tasks their plans ask for. Tasks and the cursor commit together, and a task is
 * unique per event and plan, so a restart or a second process never makes one twice. Woken by a reactor
 * on completions and receipts and by a job every half minute; returns how many events it read.
 */
export async function feedInspections(ctx: Ctx): Promise<number> {
  let total = 0;
  for (;;) {
    const read = await inTransaction(ctx, async (tx) => {
      // One feed at a time across processes (the reactor and the job may both wake it).
      await tx.em.execute(`select pg_advisory_xact_lock(hashtext('quality-feed'))`);
      // Read before writing anything: a transaction with an id of its own would hold back the log behind it.
      const [row] = await tx.em.execute<{ seq: string }[]>('select seq::text as seq from quality_feed where name = ?', [FEED]);
      const { events } = await readSettled(tx.em, row?.seq ?? '0', BATCH);
      for (const e of events) await onEvent(tx, e);
      if (events.length) {
        await tx.em.execute('insert into quality_feed (name, seq) values (?, ?) on conflict (name) do update set seq = excluded.seq', [
          FEED,
          events[events.length - 1].seq,
        ]);
      }
      return events.length;
    });
    total += read;
    if (read < BATCH) return total;
  }
}

/** What an event offers to inspect, or null. */
interface Trigger {
  point: InspectionPoint;
  itemId: string;
  sku: string;
  qty: string;
  lotId?: string;
  lotCode?: string;
  workOrderId?: string;
  workOrderCode?: string;
  operationId?: string;
  operationName?: string;
  operationSequence?: number;
  workCenterId?: string;
  supplierId?: string;
  salesOrderId?: string;
}

async function onEvent(tx: TxCtx, e: LoggedEvent): Promise<void> {
  const trigger = await triggerOf(tx, e);
  if (!trigger) return;
  const plans = await tx.em.find(
    InspectionPlan,
    trigger.point === InspectionPoint.OPERATION
      ? { point: trigger.point, itemId: trigger.itemId, operationSequence: trigger.operationSequence, active: true }
      : { point: trigger.point, itemId: trigger.itemId, active: true },
    { orderBy: { createdAt: 'asc' } },
  );
  for (const plan of plans) await applyPlan(tx, plan, trigger, e);
}

async function triggerOf(tx: TxCtx, e: LoggedEvent): Promise<Trigger | null> {
  const d = e.data;
  if (e.type === ProductionEvent.OperationProgressed) {
    const op = d.operation as { operationId: string; sequence: number; name: string };
    const found = await tx.em.findOne(WorkOrderOperation, op.operationId);
    return {
      point: InspectionPoint.OPERATION,
      itemId: String(d.itemId),
      sku: String(d.sku),
      qty: String(d.eventQty),
      workOrderId: String(d.workOrderId),
      workOrderCode: String(d.code),
      operationId: op.operationId,
      operationName: op.name,
      operationSequence: op.sequence,
      workCenterId: found?.workCenter.id,
      salesOrderId: (d.salesOrderId as string | null) ?? undefined,
    };
  }
  if (e.type === InventoryEvent.StockMoved && d.reason === StockMoveReason.RECEIPT) {
    return {
      point: InspectionPoint.RECEIPT,
      itemId: String(d.itemId),
      sku: String(d.sku),
      qty: String(d.qty),
      lotId: (d.lotId as string | null) ?? undefined,
      lotCode: (d.lotCode as string | null) ?? undefined,
      supplierId: (d.supplierId as string | undefined) ?? undefined,
    };
  }
  return null;
}

/** The sample a plan asks of this completion or receipt: a size, SKIPPED, or nothing (already sampled). */
async function sampleFor(tx: TxCtx, plan: InspectionPlan, t: Trigger): Promise<{ size: number; skipped: boolean } | null> {
  // The lot a sample is per: a work order's output at an operation, the lot (or the receipt) on receipt.
  const sameLot = t.point === InspectionPoint.OPERATION ? { workOrderId: t.workOrderId } : t.lotId ? { lotId: t.lotId } : null;
  const sampledBefore = sameLot ? (await tx.em.count(InspectionTask, { planId: plan.id, ...sameLot })) > 0 : false;
  switch (plan.sampling) {
    case SamplingRule.EVERY_UNIT:
      return { size: Math.min(MAX_SAMPLE, Math.max(1, Math.ceil(dec(t.qty).toNumber()))), skipped: false };
    case SamplingRule.FIRST_ARTICLE:
      return sampledBefore ? null : { size: 1, skipped: false };
    case SamplingRule.N_PER_LOT:
      return sampledBefore ? null : { size: plan.sampleSize, skipped: false };
    case SamplingRule.SKIP_LOT:
      return sampledBefore ? null : { size: plan.sampleSize, skipped: await skipsNext(tx, plan) };
  }
}

/**
 * Skip-lot: after `skipAfter` lots in a row inspected and passed, every other lot is skipped; a lot
 * skipped is followed by one inspected, and a failure starts the count again.
 */
async function skipsNext(tx: TxCtx, plan: InspectionPlan): Promise<boolean> {
  const k = plan.skipAfter ?? 1;
  const recent = await tx.em.find(InspectionTask, { planId: plan.id }, { orderBy: { createdAt: 'desc', code: 'desc' }, limit: 2 * k + 1 });
  if (recent[0]?.state === InspectionState.SKIPPED) return false;
  const inspected = recent.filter((t) => t.state !== InspectionState.SKIPPED).slice(0, k);
  return inspected.length === k && inspected.every((t) => t.state === InspectionState.PASSED);
}

async function applyPlan(tx: TxCtx, plan: InspectionPlan, t: Trigger, e: LoggedEvent): Promise<void> {
  if (await tx.em.count(InspectionTask, { planId: plan.id, triggerEventId: e.id })) return;
  const sample = await sampleFor(tx, plan, t);
  if (!sample) return;
  const task = tx.em.create(InspectionTask, {
    code: await nextQualityCode(tx.em, 'inspection_task_code_seq', 'INSP'),
    planId: plan.id,
    point: t.point,
    state: sample.skipped ? InspectionState.SKIPPED : InspectionState.OPEN,
    triggerEventId: e.id,
    itemId: t.itemId,
    sku: t.sku,
    lotId: t.lotId,
    lotCode: t.lotCode,
    workOrderId: t.workOrderId,
    workOrderCode: t.workOrderCode,
    operationId: t.operationId,
    operationName: t.operationName,
    workCenterId: t.workCenterId,
    supplierId: t.supplierId,
    salesOrderId: t.salesOrderId,
    qty: dec(t.qty).toFixed(),
    sampleSize: sample.size,
  });
  // Flushed now: the next event of the batch counts it when it samples.
  await tx.em.flush();
  record(tx, {
    type: QualityEvent.InspectionTaskCreated,
    aggregateType: 'InspectionTask',
    aggregateId: task.id,
    data: {
      taskId: task.id,
      code: task.code,
      state: task.state,
      planId: plan.id,
      point: task.point,
      sku: task.sku,
      lotCode: task.lotCode ?? null,
      workOrderCode: task.workOrderCode ?? null,
      sampleSize: task.sampleSize,
    },
  });
}
