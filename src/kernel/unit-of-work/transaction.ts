import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Ctx, TxCtx } from './context';
import { appendEvents } from '../events/event-log.service';
import type { PendingEvent } from '../events/event-types';

/**
 * Runs one use case as one transaction: the work, the flush and the events it recorded commit together
 * or not at all — a failed mutation writes nothing.
 */
export async function inTransaction<T>(ctx: Ctx, work: (tx: TxCtx) => Promise<T>): Promise<T> {
  return ctx.em.transactional(async (em) => {
    const tx: TxCtx = { em, actor: ctx.actor, runtime: ctx.runtime, events: [] };
    const result = await work(tx);
    await em.flush();
    await appendEvents(em, tx.events, ctx.actor, ctx.runtime.deliveryRoutes);
    return result;
  });
}

export function record(tx: TxCtx, event: PendingEvent): void {
  tx.events.push(event);
}

/**
 * Idempotent use case: `replay` looks up the result of an earlier call with the same key. A concurrent
 * duplicate loses on the unique key at commit, and then gets the winner's result, never a second effect.
 */
export async function idempotent<T>(
  ctx: Ctx,
  replay: (ctx: Ctx) => Promise<T | null>,
  work: (tx: TxCtx) => Promise<T>,
): Promise<T> {
  const earlier = await replay(ctx);
  if (earlier !== null) return earlier;
  try {
    return await inTransaction(ctx, work);
  } catch (e) {
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    ctx.em.clear();
    const winner = await replay(ctx);
    if (winner === null) throw e;
    return winner;
  }
}
