import type { QueryResult } from '@mikro-orm/core';
import type { Ctx } from '../../kernel/unit-of-work/context';

/**
 * Keys deleted per statement. Each delete is a transaction of its own that touches only old rows (ingest
 * inserts new keys), so ingest never waits behind it for long and no transaction grows with the backlog.
 */
export const PRUNE_BATCH_ROWS = 10_000;
/** A run stops after this long and leaves the rest to the next one, so a huge backlog never holds a hub's stop. */
export const PRUNE_BUDGET_MS = 30_000;
/** Every minute: at 5,000 messages a second a run has about 300,000 keys, 30 short deletes, to remove. */
export const PRUNE_SCHEDULE = '30 * * * * *';

export interface PruneLimits {
  batchRows: number;
  budgetMs: number;
}

/**
 * Deletes the keys of machine messages received more than `retentionHours` ago (MACHINE_MESSAGE_RETENTION_HOURS,
 * longer than any window in which a duplicate can still arrive), oldest first along the `received_at`
 * index, in batches of `batchRows`. Returns how many went. The cut-off is taken once from the database's
 * clock, the one that stamped `received_at`, so a run under steady ingest ends.
 */
export async function pruneMachineMessages(
  ctx: Ctx,
  retentionHours: number,
  limits: PruneLimits = { batchRows: PRUNE_BATCH_ROWS, budgetMs: PRUNE_BUDGET_MS },
): Promise<number> {
  const [{ cutoff }] = await ctx.em.execute<{ cutoff: string }[]>(`select (now() - make_interval(hours => ?))::text as cutoff`, [
    retentionHours,
  ]);
  const until = Date.now() + limits.budgetMs;
  let deleted = 0;
  for (;;) {
    // By ctid: the rows the index scan found are deleted without a second lookup by key.
    const res = await ctx.em.execute<QueryResult>(
      `delete from machine_message where ctid = any(array(
         select ctid from machine_message where received_at < ?::timestamptz order by received_at limit ?))`,
      [cutoff, limits.batchRows],
      'run',
    );
    deleted += res.affectedRows;
    if (res.affectedRows < limits.batchRows || Date.now() >= until) return deleted;
  }
}
