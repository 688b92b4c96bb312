import type { Logger } from 'pino';
import type { Ctx } from '../../kernel/unit-of-work/context';
import { badInput, conflict } from '../../kernel/common/errors';
import type { Adapter } from '../../contract/adapter';
import type { ExclusiveLocks } from '../../kernel/db/exclusive-lock';
import { importBatch, type ImportBatch, type ImportOptions, type ImportResult } from './import.service';
import { SyncRun, SyncRunStatus, SyncState } from './sync.entity';
import { notFound } from '../../kernel/common/errors';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import type { GqlContext } from '../../kernel/graphql/context';
import type { SyncRunFilter } from './dto/integration.inputs';
import './integration.context';

export type SyncTrigger = 'SCHEDULE' | 'MANUAL' | 'WEBHOOK' | 'API';

const statusOf = (r: ImportResult) =>
  r.failed === 0 ? SyncRunStatus.SUCCEEDED : r.imported + r.unchanged > 0 ? SyncRunStatus.PARTIAL : SyncRunStatus.FAILED;

/** Imports one batch pushed to the hub (webhook or API) and keeps it in the sync-run history. */
export async function importWithHistory(
  ctx: Ctx,
  source: string,
  trigger: SyncTrigger,
  batch: ImportBatch,
  options: ImportOptions,
): Promise<SyncRun> {
  const run = ctx.em.create(SyncRun, { adapter: source, trigger });
  await ctx.em.flush();
  const result = await importBatch(ctx, source, batch, options);
  return finish(ctx, run.id, result);
}

async function finish(ctx: Ctx, runId: string, result: ImportResult, extra: Partial<SyncRun> = {}): Promise<SyncRun> {
  ctx.em.clear();
  const run = await ctx.em.findOneOrFail(SyncRun, runId);
  Object.assign(run, {
    status: statusOf(result),
    imported: result.imported,
    failed: result.failed,
    errors: result.errors,
    message: `${result.imported} imported, ${result.unchanged} unchanged, ${result.failed} failed`,
    finishedAt: new Date(),
    ...extra,
  });
  await ctx.em.flush();
  return run;
}

/**
 * One scheduled (or manual) pull: from the stored cursor, batch after batch, importing each before the
 * cursor moves on, so a crash repeats at most one batch (and imports are idempotent). One process at a
 * time per adapter; a second caller gets CONFLICT (manual) or silently skips (schedule).
 */
export async function runPull(
  ctx: Ctx,
  adapter: Adapter,
  trigger: SyncTrigger,
  locks: ExclusiveLocks,
  log: Logger,
  options: ImportOptions,
): Promise<SyncRun | null> {
  if (!adapter.pull) throw badInput('adapter', `${adapter.name} does not pull`);
  const outcome = await locks.run(`pull:${adapter.name}`, async () => {
    const state = (await ctx.em.findOne(SyncState, { adapter: adapter.name })) ?? ctx.em.create(SyncState, { adapter: adapter.name });
    const run = ctx.em.create(SyncRun, { adapter: adapter.name, trigger, cursorBefore: state.cursor });
    await ctx.em.flush();
    const total: ImportResult = { imported: 0, unchanged: 0, failed: 0, errors: [] };
    let cursor = state.cursor ?? null;
    try {
      for (let page = 0; page < 1000; page++) {
        const batch = await adapter.pull!(cursor);
        const r = await importBatch(ctx, adapter.name, batch, options);
        total.imported += r.imported;
        total.unchanged += r.unchanged;
        total.failed += r.failed;
        total.errors.push(...r.errors);
        cursor = batch.cursor;
        await ctx.em.nativeUpdate(SyncState, { adapter: adapter.name }, { cursor: cursor ?? undefined, updatedAt: new Date() });
        if (!batch.more) break;
      }
      return await finish(ctx, run.id, total, { cursorAfter: cursor ?? undefined });
    } catch (e) {
      log.warn({ err: e, adapter: adapter.name }, 'pull failed');
      return finish(ctx, run.id, total, {
        status: SyncRunStatus.FAILED,
        cursorAfter: cursor ?? undefined,
        message: `pull failed: ${(e as Error).message}`,
      });
    }
  });
  if (outcome === null && trigger === 'MANUAL') throw conflict(`A pull of ${adapter.name} is already running`);
  return outcome;
}

/** An adapter's pull now, instead of waiting for its schedule (CONFLICT while one is running). */
export async function runSyncNow(ctx: GqlContext, adapterName: string): Promise<SyncRun | null> {
  const adapter = ctx.integration.adapters.get(adapterName);
  if (!adapter) throw notFound('Adapter', adapterName);
  return runPull(ctx, adapter, 'MANUAL', ctx.integration.locks, ctx.integration.log, { planWorkOrders: true });
}

/** Imports (scheduled pulls, webhooks, API), newest first. */
export const listSyncRuns = (ctx: Ctx, filter: SyncRunFilter | undefined, page: PageArgs) =>
  paginate(ctx.em, SyncRun, filter?.adapter ? { adapter: filter.adapter } : {}, page, { createdAt: 'desc', id: 'desc' });
