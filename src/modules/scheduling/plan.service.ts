import { randomUUID } from 'node:crypto';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { operationsOf, setPlannedStarts, setPlannedTimes } from '../production/production.queries';
import { buildProblem } from './build-problem';
import { solve } from './engine/solve';
import { describePlan } from './explain';
import { loadInput, publishedPlan, type RawInput } from './plan-input';
import { PlanState, type PlanBody } from './scheduling.entities';
import { bodyById, bodyOf, rememberBody } from './plan-bodies';
import { executeNative } from '../../kernel/db/native-params';
import { SchedulingEvent } from './scheduling.events';
import type { PlanTrigger, TriggerPart } from './trigger';

export interface Computed {
  body: PlanBody;
  origin: Date;
  computeMs: number;
  tardinessMinutes: number;
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
  let hint: { start: Float64Array; machine: Int32Array } | undefined;
  if (previous) {
    const before = new Map<string, { start: number; machine: number }>();
    for (const o of previous.ops) before.set(opKey(o), { start: Date.parse(o.start), machine: o.machine });
    const p = built.problem;
    hint = { start: new Float64Array(p.ops.length), machine: new Int32Array(p.ops.length).fill(-1) };
    p.ops.forEach((op, i) => {
      const src = built.opSource[i];
      const was = before.get(
        opKey({ operationId: src.raw.operationId, workOrderId: built.orders[src.order].id, sequence: src.raw.sequence }),
      );
      // New work goes where it would have to start to finish on time (not before its release).
      const job = p.jobs[op.job];
      const tail = job.ops.slice(op.index).reduce((sum, o) => sum + p.ops[o].duration, 0);
      hint!.start[i] = was !== undefined ? (was.start - built.origin) / 60_000 : Math.max(job.release + op.index, job.due - tail);
      hint!.machine[i] = was ? (p.wcs[op.wc].machines[was.machine] ?? -1) : -1;
    });
  }
  const t1 = performance.now();
  const solved = solve(built.problem, improveMs, hint);
  const t2 = performance.now();
  const body = describePlan(built, solved.solution, solved.timing, solved.decoder);
  const ms = (a: number, b: number) => Math.round(b - a);
  body.stats = {
    // A repair dispatches nothing: the yardstick stays the one of the plan it started from.
    eddTardinessMinutes: solved.eddTardiness !== null ? Math.round(solved.eddTardiness) : (previous?.stats?.eddTardinessMinutes ?? 0),
    iterations: solved.iterations,
    phasesMs: { build: ms(started, t1), solve: ms(t1, t2), explain: ms(t2, performance.now()) },
  };
  const late = body.orders.filter((o) => o.lateMinutes > 0);
  const makespan = solved.timing.makespan;
  return {
    body,
    origin: new Date(built.origin),
    computeMs: Math.round(performance.now() - started),
    tardinessMinutes: Math.round(solved.timing.tardiness),
    lateOrderCount: late.length,
    finishesAt: built.problem.ops.length ? new Date(built.origin + makespan * 60_000) : null,
  };
}

/** A plan as stored, read and written by plain SQL: its body is large, and the ORM would copy and compare it. */
interface PlanRow {
  id: string;
  version: number;
  state: PlanState;
  trigger: string;
  triggerParts: TriggerPart[];
  lateOrderCount: number;
  tardinessMinutes: number;
}

const asParts = (v: unknown): TriggerPart[] =>
  typeof v === 'string' ? (JSON.parse(v) as TriggerPart[]) : ((v as TriggerPart[] | null) ?? []);

async function planRow(tx: TxCtx, where: string, params: unknown[]): Promise<PlanRow | null> {
  const [r] = await tx.em.execute<Record<string, unknown>[]>(
    `select id, version, state, trigger, trigger_parts, late_order_count, tardiness_minutes from plan where ${where} order by version desc limit 1`,
    params,
  );
  if (!r) return null;
  return {
    id: String(r.id),
    version: Number(r.version),
    state: r.state as PlanState,
    trigger: String(r.trigger),
    triggerParts: asParts(r.trigger_parts),
    lateOrderCount: Number(r.late_order_count),
    tardinessMinutes: Number(r.tardiness_minutes),
  };
}

/**
 * Re-plans from the database and stores the result as a new draft (older drafts are discarded); with
 * `publish` it is published at once. Plans are made one at a time. Returns the new plan's id.
 */
export async function replan(
  ctx: Ctx,
  trigger: PlanTrigger,
  options: { improveMs?: number; incremental?: boolean; publish?: boolean } = {},
): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    await tx.em.execute(`select pg_advisory_xact_lock(7240001)`);
    const t0 = performance.now();
    const raw = await loadInput(tx);
    const loadMs = Math.round(performance.now() - t0);
    const improveMs = options.improveMs ?? raw.policy.improveSeconds * 1000;
    const computed = computePlan(raw, improveMs, options.incremental ? raw.publishedBody : undefined);
    const [{ v }] = await tx.em.execute<{ v: number }[]>(`select coalesce(max(version), 0) + 1 as v from plan`);
    await tx.em.execute(`update plan set state = 'DISCARDED', updated_at = now() where state = 'DRAFT'`);
    const row: PlanRow = {
      id: randomUUID(),
      version: Number(v),
      state: PlanState.DRAFT,
      trigger: trigger.text,
      triggerParts: trigger.parts,
      lateOrderCount: computed.lateOrderCount,
      tardinessMinutes: computed.tardinessMinutes,
    };
    computed.body.stats!.phasesMs!.load = loadMs;
    // The body (megabytes for a large shop) goes as a parameter of its own, not spelled into the SQL.
    await executeNative(
      tx.em,
      `insert into plan (id, created_at, updated_at, version, state, trigger, trigger_parts, based_on_version, origin, order_count, late_order_count,
                         tardiness_minutes, finishes_at, compute_ms, body_json)
       values ($1, now(), now(), $2, 'DRAFT', $3, $4::jsonb, $5, $6::timestamptz, $7, $8, $9, $10::timestamptz, $11, $12)`,
      [
        row.id,
        row.version,
        trigger.text,
        JSON.stringify(trigger.parts),
        raw.published?.version ?? null,
        computed.origin.toISOString(),
        computed.body.orders.length,
        computed.lateOrderCount,
        computed.tardinessMinutes,
        computed.finishesAt?.toISOString() ?? null,
        computed.computeMs,
        JSON.stringify(computed.body),
      ],
    );
    rememberBody(row.id, computed.body);
    record(tx, { type: SchedulingEvent.PlanCreated, aggregateType: 'Plan', aggregateId: row.id, data: planSummary(row) });
    if (options.publish) {
      await publishIn(tx, row, computed.body, raw.published ? { version: raw.published.version, body: raw.publishedBody! } : null);
    }
    return row.id;
  });
}

export function planSummary(
  plan: Pick<PlanRow, 'id' | 'version' | 'state' | 'trigger' | 'triggerParts' | 'lateOrderCount' | 'tardinessMinutes'>,
  extra: Record<string, unknown> = {},
) {
  return {
    planId: plan.id,
    version: plan.version,
    state: plan.state,
    trigger: plan.trigger,
    triggerParts: plan.triggerParts,
    lateOrderCount: plan.lateOrderCount,
    tardinessMinutes: plan.tardinessMinutes,
    ...extra,
  };
}

/** Publishes a draft: it becomes the plan operations are timed by; the one before is superseded. */
export async function publishPlan(ctx: Ctx, planId: string): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    await tx.em.execute(`select pg_advisory_xact_lock(7240001)`);
    if (!isUuid(planId)) throw notFound('Plan', planId);
    const plan = await planRow(tx, 'id = ?', [planId]);
    if (!plan) throw notFound('Plan', planId);
    if (plan.state === PlanState.PUBLISHED) return plan.id;
    if (plan.state !== PlanState.DRAFT) {
      throw invalidState(`Plan version ${plan.version} is ${plan.state.toLowerCase()}; re-plan and publish the new draft`);
    }
    const before = await planRow(tx, `state = 'PUBLISHED'`, []);
    await publishIn(
      tx,
      plan,
      await bodyOrFail(tx, plan.id),
      before ? { version: before.version, body: await bodyOrFail(tx, before.id) } : null,
    );
    return plan.id;
  });
}

async function bodyOrFail(ctx: Ctx, planId: string): Promise<PlanBody> {
  const body = await bodyById(ctx, planId);
  if (!body) throw notFound('Plan', planId);
  return body;
}

async function publishIn(tx: TxCtx, plan: PlanRow, body: PlanBody, before: { version: number; body: PlanBody } | null) {
  await tx.em.execute(`update plan set state = 'SUPERSEDED', updated_at = now() where state = 'PUBLISHED' and id <> ?`, [plan.id]);
  await tx.em.execute(`update plan set state = 'PUBLISHED', published_at = now(), published_by = ?, updated_at = now() where id = ?`, [
    tx.actor?.subject ?? null,
    plan.id,
  ]);
  plan.state = PlanState.PUBLISHED;
  await setPlannedTimes(
    tx,
    body.ops.filter((o) => o.operationId).map((o) => ({ operationId: o.operationId!, start: o.start, end: o.end })),
  );
  // Every order's start, planned orders' too: what suppliers are asked for is needed by then.
  const starts = new Map<string, string>();
  for (const o of body.ops) if (!starts.has(o.workOrderId) || o.start < starts.get(o.workOrderId)!) starts.set(o.workOrderId, o.start);
  await setPlannedStarts(
    tx,
    [...starts].map(([workOrderId, start]) => ({ workOrderId, start })),
  );
  const moved = diffBodies(before?.body, body).orders;
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
  const planned = new Map((await bodyOf(ctx, plan)).ops.filter((o) => !o.operationId).map((o) => [`${o.workOrderId}:${o.sequence}`, o]));
  const ops = await operationsOf(ctx, workOrderIds);
  const times = ops.flatMap((op) => {
    const p = planned.get(`${op.workOrderId}:${op.sequence}`);
    return p ? [{ operationId: op.id, start: p.start, end: p.end }] : [];
  });
  await setPlannedTimes(ctx, times);
}
