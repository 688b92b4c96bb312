import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { readSettled } from '../../kernel/events/event-log.service';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { dec } from '../../kernel/common/quantity';
import { ProductionEvent } from '../production/production.events';
import { WorkOrderOperation } from '../production/work-order-operation.entity';
import { InspectionPlan, InspectionPoint, SamplingRule } from './inspection-plan.entity';
import { InspectionState, InspectionTask } from './inspection-task.entity';
import { QualityEvent } from './quality.events';
import { nextQualityCode } from './quality.codes';
import { inspectionPointOf } from './inspection-gate';

const FEED = 'inspection-tasks';
const BATCH = 200;
/** EVERY_UNIT inspects each unit, up to this many per completion or receipt. */
const MAX_SAMPLE = 200;

/**
 * Quality reacts to production and receiving through the event log, as DESIGN.md §7 asks: completions
 * of an operation (OperationProgressed) and receipts (StockMoved, RECEIPT) after the feed's cursor
 * become the inspection tasks their plans ask for. Tasks and the cursor commit together, and a task is
 * unique per event and plan, so a restart or a second process never makes one twice. Woken by a reactor
 * on completions and receipts of planned items (inspection-gate.ts) and by a job every half minute, which
 * also moves the cursor past what no plan wants; returns how many events it read.
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
      const plans = await plansFor(tx, events);
      for (const e of events) await onEvent(tx, e, plans);
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

/** The active plans of the items a batch completes or receives, oldest first: one statement per batch, not one per event. */
async function plansFor(tx: TxCtx, events: readonly LoggedEvent[]): Promise<InspectionPlan[]> {
  const itemIds = [...new Set(events.flatMap((e) => inspectionPointOf(e)?.itemId ?? []))];
  if (!itemIds.length) return [];
  return tx.em.find(InspectionPlan, { itemId: { $in: itemIds }, active: true }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

async function onEvent(tx: TxCtx, e: LoggedEvent, batchPlans: readonly InspectionPlan[]): Promise<void> {
  const at = inspectionPointOf(e);
  if (!at) return;
  const sequence = at.point === InspectionPoint.OPERATION ? (e.data.operation as { sequence: number }).sequence : undefined;
  // A plan inspects what is completed or received from its creation on, however far behind the feed
  // reads (its cursor may trail by up to the job's half minute when no plan wanted the events before).
  const plans = batchPlans.filter(
    (p) =>
      p.point === at.point &&
      p.itemId === at.itemId &&
      (sequence === undefined || p.operationSequence === sequence) &&
      e.occurredAt.getTime() >= p.createdAt.getTime(),
  );
  if (!plans.length) return;
  const trigger = await triggerOf(tx, e);
  for (const plan of plans) await applyPlan(tx, plan, trigger, e);
}

/** What a completion or receipt (see inspectionPointOf) offers to inspect. */
async function triggerOf(tx: TxCtx, e: LoggedEvent): Promise<Trigger> {
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
