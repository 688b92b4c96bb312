import { LRUCache } from 'lru-cache';
import type { Ctx } from '../../kernel/unit-of-work/context';
import { executeNative } from '../../kernel/db/native-params';
import type { Plan, PlanBody } from './scheduling.entities';

/**
 * Plan bodies — every operation and explanation of a plan, megabytes for a large shop — parsed and kept
 * by plan id. A body never changes once written (publishing changes the plan's state, not its body), so
 * a kept one is never stale, in this process or any other; a re-plan reads the published plan it starts
 * from, and the answer to `replan` its own new body, without reading and parsing it from the database
 * again. Few are kept: the published plan, the newest draft and a plan or two being looked at.
 */
const bodies = new LRUCache<string, PlanBody>({ max: 4 });

/** Keeps a body just written (or read). Callers must not change a body they got from here. */
export function rememberBody(planId: string, body: PlanBody): void {
  bodies.set(planId, body);
}

/** The body of the plan with this id (null when there is none). */
export async function bodyById(ctx: Ctx, planId: string): Promise<PlanBody | null> {
  const kept = bodies.get(planId);
  if (kept) return kept;
  // Sent as a plain statement: the ORM would copy the text into a managed entity and compare it on flush.
  const [row] = await executeNative<{ body: unknown }>(ctx.em, `select body_json as body from plan where id = $1`, [planId]);
  if (!row) return null;
  const body = (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as PlanBody;
  bodies.set(planId, body);
  return body;
}

/** A plan's body. */
export async function bodyOf(ctx: Ctx, plan: Plan): Promise<PlanBody> {
  const body = await bodyById(ctx, plan.id);
  if (!body) throw new Error(`plan ${plan.id} has no body`);
  return body;
}
