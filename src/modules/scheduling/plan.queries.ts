import type { Ctx } from '../../kernel/unit-of-work/context';
import { notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import {
  Plan,
  PlanState,
  type CauseRecord,
  type ExplanationParams,
  type HintRecord,
  type PlanBody,
  type PlannedOrderRecord,
} from './scheduling.entities';
import { diffBodies } from './plan.service';
import { bodyOf } from './plan-bodies';
import type {
  ExplanationParam,
  PlanCause,
  PlanHint,
  PlannedOperation,
  PlannedOrder,
  PlannedSalesLine,
  PlanTriggerPart,
  WorkCenterLoad,
} from './plan.types';
import type { TriggerPart } from './trigger';

/** Scheduling's reads: plans, their operations for a board, their orders and explanations. */

export async function getPlan(ctx: Ctx, id: string): Promise<Plan> {
  const plan = isUuid(id) ? await ctx.em.findOne(Plan, id) : null;
  if (!plan) throw notFound('Plan', id);
  return plan;
}

export function listPlans(ctx: Ctx, states: PlanState[] | undefined, page: PageArgs) {
  return paginate(ctx.em, Plan, states?.length ? { state: { $in: states } } : {}, page, { version: 'desc', id: 'desc' });
}

const toParams = (params: ExplanationParams | undefined): ExplanationParam[] =>
  Object.entries(params ?? {}).map(([name, value]) => ({ name, value }));

export const triggerPartsOf = (parts: readonly TriggerPart[] | null | undefined): PlanTriggerPart[] =>
  (parts ?? []).map((p) => ({ ...p, params: toParams(p.params) }));

export const toCause = (c: CauseRecord): PlanCause => ({ ...c, until: c.until ? new Date(c.until) : null, params: toParams(c.params) });

export const toHint = (h: HintRecord): PlanHint => ({ ...h, params: toParams(h.params) });

export const toOrder = (o: PlannedOrderRecord): PlannedOrder => ({
  ...o,
  plannedStart: o.plannedStart ? new Date(o.plannedStart) : null,
  plannedEnd: o.plannedEnd ? new Date(o.plannedEnd) : null,
  onTime: o.lateMinutes <= 0,
  causes: o.causes.map(toCause),
  hints: o.hints.map(toHint),
});

export function planOrders(body: PlanBody, filter: { lateOnly?: boolean; workOrderId?: string }): PlannedOrder[] {
  return body.orders
    .filter((o) => (!filter.lateOnly || o.lateMinutes > 0) && (!filter.workOrderId || o.workOrderId === filter.workOrderId))
    .map(toOrder);
}

/** Operations overlapping [from, to), of one work center (or order) or all, in start order. */
export function planOperations(
  body: PlanBody,
  filter: { workCenterId?: string; workOrderId?: string; from?: Date; to?: Date },
): PlannedOperation[] {
  const wc = new Map(body.workCenters.map((w) => [w.id, w.code]));
  const orders = new Map(body.orders.map((o) => [o.workOrderId, o]));
  const from = filter.from?.getTime() ?? -Infinity;
  const to = filter.to?.getTime() ?? Infinity;
  return body.ops
    .filter(
      (o) =>
        (!filter.workCenterId || o.workCenterId === filter.workCenterId) &&
        (!filter.workOrderId || o.workOrderId === filter.workOrderId) &&
        Date.parse(o.end) > from &&
        Date.parse(o.start) < to,
    )
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .map((o) => ({
      ...o,
      workOrderCode: orders.get(o.workOrderId)?.code ?? '',
      workCenterCode: wc.get(o.workCenterId) ?? '',
      start: new Date(o.start),
      end: new Date(o.end),
      late: (orders.get(o.workOrderId)?.lateMinutes ?? 0) > 0,
    }));
}

/** Per work center: planned minutes inside the window against what its machines could do in it. */
export function planLoad(body: PlanBody, from: Date, to: Date): WorkCenterLoad[] {
  const a = from.getTime();
  const b = to.getTime();
  const span = Math.max(1, (b - a) / 60_000);
  return body.workCenters.map((w) => {
    let minutes = 0;
    let count = 0;
    for (const o of body.ops) {
      if (o.workCenterId !== w.id) continue;
      const s = Math.max(a, Date.parse(o.start));
      const e = Math.min(b, Date.parse(o.end));
      if (e > s) {
        minutes += (e - s) / 60_000;
        count++;
      }
    }
    return {
      workCenterId: w.id,
      code: w.code,
      machines: w.machines,
      plannedMinutes: Math.round(minutes),
      load: Math.round((minutes / (span * w.machines)) * 1000) / 1000,
      operations: count,
    };
  });
}

/** Each sales order line with work in the plan: the latest of its work orders decides. */
export function planSalesLines(body: PlanBody, salesOrderLineId?: string): PlannedSalesLine[] {
  const byLine = new Map<string, PlannedOrderRecord[]>();
  for (const o of body.orders) {
    if (!o.salesOrderLineId || (salesOrderLineId && o.salesOrderLineId !== salesOrderLineId)) continue;
    byLine.set(o.salesOrderLineId, [...(byLine.get(o.salesOrderLineId) ?? []), o]);
  }
  return [...byLine.entries()].map(([lineId, orders]) => {
    const last = orders.reduce((x, y) => ((y.plannedEnd ?? '') > (x.plannedEnd ?? '') ? y : x));
    return {
      salesOrderLineId: lineId,
      workOrderCodes: orders.map((o) => o.code),
      dueDate: orders.map((o) => o.dueDate).sort()[0],
      plannedEnd: last.plannedEnd ? new Date(last.plannedEnd) : null,
      onTime: orders.every((o) => o.lateMinutes <= 0),
      lateMinutes: Math.max(...orders.map((o) => o.lateMinutes)),
      causes: last.causes.map(toCause),
      hints: last.hints.map(toHint),
    };
  });
}

export async function planDiff(ctx: Ctx, toId: string, fromId?: string) {
  const to = await getPlan(ctx, toId);
  const from = fromId ? await getPlan(ctx, fromId) : to.basedOnVersion ? await ctx.em.findOne(Plan, { version: to.basedOnVersion }) : null;
  const d = diffBodies(from ? await bodyOf(ctx, from) : undefined, await bodyOf(ctx, to));
  return {
    fromVersion: from?.version ?? null,
    toVersion: to.version,
    movedOperations: d.movedOperations,
    orders: d.orders.map((o) => ({
      ...o,
      previousEnd: o.previousEnd ? new Date(o.previousEnd) : null,
      plannedEnd: o.plannedEnd ? new Date(o.plannedEnd) : null,
    })),
  };
}
