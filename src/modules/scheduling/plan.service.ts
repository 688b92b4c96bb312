import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { operationsOf, setPlannedTimes } from '../production/production.queries';
import { buildProblem } from './build-problem';
import { solve } from './engine/solve';
import { describePlan } from './explain';
import { loadInput, publishedPlan, type RawInput } from './plan-input';
import { Plan, PlanState, type PlanBody } from './scheduling.entities';
import { SchedulingEvent } from './scheduling.events';

export interface Computed {
  body: PlanBody;
  origin: Date;
  computeMs: number;
  tardinessMinutes: number;
  eddTardinessMinutes: number;
  lateOrderCount: number;
  finishesAt: Date | null;
}

/** Keys an operation of a plan the same way whether or not it exists yet (planned orders have none). */
export const opKey = (o: { operationId: string | null; workOrderId: string; sequence: number }) =>
  o.operationId ?? `${o.workOrderId}:${o.sequence}`;

/** Computes a plan from what was read; `previous` seeds the search so a re-plan changes little. */
export function computePlan(raw: RawInput, improveMs: number, previous?: PlanBody): Computed {
  const started = performance.now();
  const built = buildProblem(raw);
  let hint: Float64Array | undefined;
  if (previous) {
    const before = new Map<string, number>();
    for (const o of previous.ops) before.set(opKey(o), Date.parse(o.start));
    const p = built.problem;
    hint = new Float64Array(p.ops.length);
    p.ops.forEach((op, i) => {
      const src = built.opSource[i];
      const was = before.get(
        opKey({ operationId: src.raw.operationId, workOrderId: built.orders[src.order].id, sequence: src.raw.sequence }),
      );
      hint![i] = was !== undefined ? (was - built.origin) / 60_000 : p.jobs[op.job].release + op.index;
    });
  }
  const solved = solve(built.problem, improveMs, hint);
  const body = describePlan(built, solved.solution, solved.timing, solved.decoder);
  const late = body.orders.filter((o) => o.lateMinutes > 0);
  const makespan = solved.timing.makespan;
  return {
    body,
    origin: new Date(built.origin),
    computeMs: Math.round(performance.now() - started),
    tardinessMinutes: Math.round(solved.timing.tardiness),
    eddTardinessMinutes: Math.round(solved.eddTardiness),
    lateOrderCount: late.length,
    finishesAt: built.problem.ops.length ? new Date(built.origin + makespan * 60_000) : null,
  };
}

/**
 * Re-plans from the database and stores the result as a new draft (older drafts are discarded); with
 * `publish` it is published at once. Plans are made one at a time.
 */
export async function replan(ctx: Ctx, trigger: string, options: { improveMs?: number; incremental?: boolean; publish?: boolean } = {}) {
  return inTransaction(ctx, async (tx) => {
    await tx.em.execute(`select pg_advisory_xact_lock(7240001)`);
    const raw = await loadInput(tx);
    const base = options.incremental ? await publishedPlan(tx) : null;
    const improveMs = options.improveMs ?? raw.policy.improveSeconds * 1000;
    const computed = computePlan(raw, improveMs, base?.body);
    const [{ v }] = await tx.em.execute<{ v: number }[]>(`select coalesce(max(version), 0) + 1 as v from plan`);
    await tx.em.execute(`update plan set state = 'DISCARDED', updated_at = now() where state = 'DRAFT'`);
    const plan = tx.em.create(Plan, {
      version: Number(v),
      trigger,
      basedOnVersion: raw.published?.version,
      origin: computed.origin,
      orderCount: computed.body.orders.length,
      lateOrderCount: computed.lateOrderCount,
      tardinessMinutes: computed.tardinessMinutes,
      finishesAt: computed.finishesAt ?? undefined,
      computeMs: computed.computeMs,
      body: computed.body,
    });
    record(tx, { type: SchedulingEvent.PlanCreated, aggregateType: 'Plan', aggregateId: plan.id, data: planSummary(plan) });
    if (options.publish) await publishIn(tx, plan);
    return plan;
  });
}

export function planSummary(plan: Plan, extra: Record<string, unknown> = {}) {
  return {
    planId: plan.id,
    version: plan.version,
    state: plan.state,
    trigger: plan.trigger,
    lateOrderCount: plan.lateOrderCount,
    tardinessMinutes: plan.tardinessMinutes,
    ...extra,
  };
}

/** Publishes a draft: it becomes the plan operations are timed by; the one before is superseded. */
export async function publishPlan(ctx: Ctx, planId: string): Promise<Plan> {
  return inTransaction(ctx, async (tx) => {
    await tx.em.execute(`select pg_advisory_xact_lock(7240001)`);
    if (!isUuid(planId)) throw notFound('Plan', planId);
    const plan = await tx.em.findOne(Plan, planId);
    if (!plan) throw notFound('Plan', planId);
    if (plan.state === PlanState.PUBLISHED) return plan;
    if (plan.state !== PlanState.DRAFT) {
      throw invalidState(`Plan version ${plan.version} is ${plan.state.toLowerCase()}; re-plan and publish the new draft`);
    }
    await publishIn(tx, plan);
    return plan;
  });
}

async function publishIn(tx: TxCtx, plan: Plan) {
  const before = await publishedPlan(tx);
  if (before && before.id !== plan.id) before.state = PlanState.SUPERSEDED;
  plan.state = PlanState.PUBLISHED;
  plan.publishedAt = new Date();
  plan.publishedBy = tx.actor?.subject;
  await tx.em.flush();
  await setPlannedTimes(
    tx,
    plan.body.ops.filter((o) => o.operationId).map((o) => ({ operationId: o.operationId!, start: o.start, end: o.end })),
  );
  const moved = diffBodies(before?.body, plan.body).orders;
  record(tx, {
    type: SchedulingEvent.PlanPublished,
    aggregateType: 'Plan',
    aggregateId: plan.id,
    data: planSummary(plan, {
      previousVersion: before?.version ?? null,
      changedOrders: moved
        .slice(0, 200)
        .map((o) => ({ workOrderId: o.workOrderId, code: o.code, shiftMinutes: o.shiftMinutes, lateMinutes: o.lateMinutes })),
    }),
  });
}

export interface OrderChange {
  workOrderId: string;
  code: string;
  previousEnd: string | null;
  plannedEnd: string | null;
  /** Positive: later than before. */
  shiftMinutes: number;
  previousLateMinutes: number;
  lateMinutes: number;
}

/** What changed for each order between two plans (orders new to the plan count from nothing). */
export function diffBodies(from: PlanBody | undefined, to: PlanBody): { orders: OrderChange[]; movedOperations: number } {
  const old = new Map((from?.orders ?? []).map((o) => [o.workOrderId, o]));
  const orders: OrderChange[] = [];
  for (const o of to.orders) {
    const was = old.get(o.workOrderId);
    const shift = was?.plannedEnd && o.plannedEnd ? Math.round((Date.parse(o.plannedEnd) - Date.parse(was.plannedEnd)) / 60_000) : 0;
    if (was && shift === 0 && was.lateMinutes === o.lateMinutes) continue;
    orders.push({
      workOrderId: o.workOrderId,
      code: o.code,
      previousEnd: was?.plannedEnd ?? null,
      plannedEnd: o.plannedEnd,
      shiftMinutes: shift,
      previousLateMinutes: was?.lateMinutes ?? 0,
      lateMinutes: o.lateMinutes,
    });
  }
  const oldOps = new Map((from?.ops ?? []).map((o) => [opKey(o), o]));
  let moved = 0;
  for (const o of to.ops) {
    const was = oldOps.get(opKey(o));
    if (!was || was.start !== o.start || was.machine !== o.machine) moved++;
  }
  return { orders, movedOperations: moved };
}

/**
 * Released orders take their operations' times from the published plan, which planned them from the
 * routing while they waited; the production module laid them out back to back meanwhile.
 */
export async function followPublishedPlan(ctx: Ctx, workOrderIds: readonly string[]): Promise<void> {
  const plan = await publishedPlan(ctx);
  if (!plan || workOrderIds.length === 0) return;
  const planned = new Map(plan.body.ops.filter((o) => !o.operationId).map((o) => [`${o.workOrderId}:${o.sequence}`, o]));
  const ops = await operationsOf(ctx, workOrderIds);
  const times = ops.flatMap((op) => {
    const p = planned.get(`${op.workOrderId}:${op.sequence}`);
    return p ? [{ operationId: op.id, start: p.start, end: p.end }] : [];
  });
  await setPlannedTimes(ctx, times);
}
