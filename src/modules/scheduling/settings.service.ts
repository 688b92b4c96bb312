import type { Ctx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput, notFound } from '../../kernel/common/errors';
import { getOrFail, isUuid } from '../../kernel/db/lookup';
import { positiveQty } from '../../kernel/common/quantity';
import { WorkCenter, WorkCenterState } from '../catalog/work-center.entity';
import { WorkOrder } from '../production/work-order.entity';
import { lockWorkCenter, settleWorkCenterState } from '../equipment/machine-state';
import {
  CalendarException,
  CapacityLoss,
  CapacityLossSource,
  SchedulingPolicy,
  WorkCenterPlanning,
  WorkOrderPriority,
} from './scheduling.entities';
import { policyOf } from './plan-input';
import { SchedulingEvent } from './scheduling.events';
import type {
  AddCalendarExceptionInput,
  SetSchedulingPolicyInput,
  SetWorkCenterPlanningInput,
  SetWorkCenterStateInput,
  SetWorkOrderPriorityInput,
} from './dto/scheduling.inputs';

/**
 * A planner sets a work center down, into maintenance or back up, by the one rule of
 * settleWorkCenterState: down or in maintenance it stays so until a planner sets it UP, whatever its
 * machines report; UP hands it back to its machines. A planner's stop is lost capacity until `until`
 * (or, without one, for the policy's assumed repair time); any other setting ends the open loss now, so
 * an open STATE loss is exactly a planner's hold. The change is an event, `WorkCenterStateChanged`,
 * which also makes the scheduler re-plan.
 */
export async function setWorkCenterState(ctx: Ctx, input: SetWorkCenterStateInput): Promise<WorkCenter> {
  return inTransaction(ctx, async (tx) => {
    const found = await getOrFail(tx.em, WorkCenter, input.workCenterId, 'Work center');
    const now = new Date();
    if (input.until && input.state === WorkCenterState.UP) throw badInput('until', 'only a work center going down has an expected end');
    if (input.until && input.until <= now) throw badInput('until', 'must be in the future');
    const wc = await lockWorkCenter(tx, found.id);
    const previousState = wc.state;
    await settleWorkCenterState(tx, wc, { by: 'PLANNER', state: input.state });
    const open = await tx.em.find(CapacityLoss, { workCenter: wc.id, source: CapacityLossSource.STATE, endedAt: null });
    for (const loss of open) loss.endedAt = now;
    if (wc.stateHeld) {
      tx.em.create(CapacityLoss, {
        workCenter: wc,
        source: CapacityLossSource.STATE,
        reason: input.reason ?? input.state.toLowerCase(),
        startedAt: now,
        expectedEnd: input.until,
      });
    }
    record(tx, {
      type: SchedulingEvent.WorkCenterStateChanged,
      aggregateType: 'WorkCenter',
      aggregateId: wc.id,
      data: {
        workCenterId: wc.id,
        code: wc.code,
        state: wc.state,
        previousState,
        held: wc.stateHeld,
        until: input.until?.toISOString() ?? null,
        reason: input.reason ?? (wc.state === input.state ? null : 'its machines'),
        source: 'planner',
      },
    });
    return wc;
  });
}

/** Downtime of one machine reported by the equipment module (DowntimeStarted / DowntimeEnded). */
export async function recordDowntime(
  ctx: Ctx,
  e: { workCenterId: string; machineId: string | null; reason: string; expectedEnd: Date | null; ended: boolean },
): Promise<void> {
  if (!isUuid(e.workCenterId)) return;
  await inTransaction(ctx, async (tx) => {
    const wc = await tx.em.findOne(WorkCenter, e.workCenterId);
    if (!wc) return;
    const open = await tx.em.find(CapacityLoss, {
      workCenter: wc.id,
      source: CapacityLossSource.DOWNTIME,
      machineId: e.machineId ?? null,
      endedAt: null,
    });
    if (e.ended) {
      for (const loss of open) loss.endedAt = new Date();
      return;
    }
    if (open.length) {
      open[0].expectedEnd = e.expectedEnd ?? open[0].expectedEnd;
      return;
    }
    tx.em.create(CapacityLoss, {
      workCenter: wc,
      machineId: e.machineId ?? undefined,
      source: CapacityLossSource.DOWNTIME,
      reason: e.reason,
      startedAt: new Date(),
      expectedEnd: e.expectedEnd ?? undefined,
    });
  });
}

/**
 * A maintenance order's planned window (equipment's MaintenanceOrderChanged): lost capacity of its
 * machine from plannedStart to plannedEnd while the order is open; moved when it is re-planned, ended
 * when the order is done or cancelled.
 */
export async function recordMaintenanceWindow(
  ctx: Ctx,
  e: { orderId: string; code: string; workCenterId: string; machineId: string | null; start: Date | null; end: Date | null; open: boolean },
): Promise<void> {
  if (!isUuid(e.workCenterId) || !isUuid(e.orderId)) return;
  await inTransaction(ctx, async (tx) => {
    const wc = await tx.em.findOne(WorkCenter, e.workCenterId);
    if (!wc) return;
    const existing = await tx.em.findOne(CapacityLoss, { source: CapacityLossSource.MAINTENANCE, referenceId: e.orderId, endedAt: null });
    if (!e.open || !e.start || !e.end) {
      if (existing) existing.endedAt = new Date();
      return;
    }
    const loss =
      existing ??
      tx.em.create(CapacityLoss, {
        workCenter: wc,
        machineId: e.machineId ?? undefined,
        source: CapacityLossSource.MAINTENANCE,
        reason: `maintenance ${e.code}`,
        referenceId: e.orderId,
        startedAt: e.start,
      });
    loss.startedAt = e.start;
    loss.expectedEnd = e.end;
  });
}

export async function setWorkCenterPlanning(ctx: Ctx, input: SetWorkCenterPlanningInput): Promise<WorkCenterPlanning> {
  return inTransaction(ctx, async (tx) => {
    const wc = await getOrFail(tx.em, WorkCenter, input.workCenterId, 'Work center');
    for (const id of input.alternativeWorkCenterIds) {
      if (id === wc.id) throw badInput('alternativeWorkCenterIds', 'a work center is not its own alternative');
      if (!isUuid(id) || !(await tx.em.findOne(WorkCenter, id)))
        throw badInput('alternativeWorkCenterIds', `work center ${id} does not exist`);
    }
    const batch = input.transferBatchQty != null ? positiveQty(input.transferBatchQty, 'transferBatchQty').toFixed() : undefined;
    const found = await tx.em.findOne(WorkCenterPlanning, { workCenter: wc.id });
    const row = found ?? tx.em.create(WorkCenterPlanning, { workCenter: wc });
    row.machines = input.machines;
    row.transferBatchQty = batch;
    row.alternativeIds = [...new Set(input.alternativeWorkCenterIds)];
    return row;
  });
}

export async function addCalendarException(ctx: Ctx, input: AddCalendarExceptionInput): Promise<CalendarException> {
  return inTransaction(ctx, async (tx) => {
    const wc = input.workCenterId ? await getOrFail(tx.em, WorkCenter, input.workCenterId, 'Work center') : undefined;
    if (input.endsAt <= input.startsAt) throw badInput('endsAt', 'must be after startsAt');
    if (input.endsAt.getTime() - input.startsAt.getTime() > 366 * 86_400_000) throw badInput('endsAt', 'an exception spans at most a year');
    return tx.em.create(CalendarException, {
      workCenter: wc,
      kind: input.kind,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      note: input.note,
    });
  });
}

export async function removeCalendarException(ctx: Ctx, id: string): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const found = isUuid(id) ? await tx.em.findOne(CalendarException, id) : null;
    if (!found) throw notFound('Calendar exception', id);
    tx.em.remove(found);
    return true;
  });
}

export async function setWorkOrderPriority(ctx: Ctx, input: SetWorkOrderPriorityInput): Promise<WorkOrderPriority> {
  return inTransaction(ctx, async (tx) => {
    const wo = await getOrFail(tx.em, WorkOrder, input.workOrderId, 'Work order');
    const found = await tx.em.findOne(WorkOrderPriority, { workOrder: wo.id });
    const row = found ?? tx.em.create(WorkOrderPriority, { workOrder: wo, priority: input.priority });
    row.priority = input.priority;
    return row;
  });
}

export async function setSchedulingPolicy(ctx: Ctx, input: SetSchedulingPolicyInput): Promise<SchedulingPolicy> {
  return inTransaction(ctx, async (tx) => {
    const policy = await policyOf(tx);
    tx.em.persist(policy);
    if (input.replanOnEvents != null) policy.replanOnEvents = input.replanOnEvents;
    if (input.autoPublish != null) policy.autoPublish = input.autoPublish;
    if (input.frozenHours != null) policy.frozenHours = input.frozenHours;
    if (input.improveSeconds != null) policy.improveSeconds = String(input.improveSeconds);
    if (input.assumedRepairHours != null) policy.assumedRepairHours = input.assumedRepairHours;
    return policy;
  });
}
