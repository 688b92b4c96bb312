import type { Request, Response } from 'express';
import { forkEm, type Orm } from '../../kernel/db/orm';
import type { AdapterHealthReport } from '../../orchestration/integration/adapter-health';

export interface ReadinessSources {
  orm: Orm;
  /** The event stream: started and reading the log. */
  eventStream: () => boolean;
  /** The delivery worker: running, or idle because no adapter delivers. */
  deliveryWorker: () => 'running' | 'idle' | 'stopped';
  /** Each delivering adapter's health, shown in the answer (never a reason to refuse traffic). */
  adapters: () => Promise<AdapterHealthReport[]>;
}

interface Check {
  ok: boolean;
  detail?: string;
}

const TIMEOUT_MS = 3000;

function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * GET /readyz: whether this process should get traffic. Unlike /healthz (the process is alive and its
 * database answers), it also requires every migration to be applied and the background workers to run.
 * 200 with each check when all pass; 503 naming the ones that failed.
 */
export function readinessHandler(sources: ReadinessSources) {
  return async (_req: Request, res: Response) => {
    const checks: Record<string, Check> = {};
    try {
      await within(TIMEOUT_MS, forkEm(sources.orm).execute('select 1'), 'the database');
      checks.database = { ok: true };
    } catch (e) {
      checks.database = { ok: false, detail: message(e) };
    }
    if (checks.database.ok) {
      try {
        const pending = await within(TIMEOUT_MS, sources.orm.migrator.getPending(), 'the migrations table');
        checks.migrations = pending.length ? { ok: false, detail: `pending: ${pending.map((m) => m.name).join(', ')}` } : { ok: true };
      } catch (e) {
        checks.migrations = { ok: false, detail: message(e) };
      }
    } else {
      checks.migrations = { ok: false, detail: 'not checked: the database is not reachable' };
    }
    checks.eventStream = sources.eventStream() ? { ok: true } : { ok: false, detail: 'not running' };
    const worker = sources.deliveryWorker();
    checks.deliveryWorker = worker === 'stopped' ? { ok: false, detail: 'not running' } : { ok: true, detail: worker };

    const failed = Object.entries(checks)
      .filter(([, c]) => !c.ok)
      .map(([name]) => name);
    // A partner being down is shown, not failed: taking the hub out of traffic would not bring it back,
    // and its deliveries wait in the outbox meanwhile.
    let adapters: Record<string, unknown> = {};
    if (checks.database.ok) {
      try {
        const reports = await within(TIMEOUT_MS, sources.adapters(), 'the outbox');
        adapters = Object.fromEntries(reports.map(({ adapter, ...report }) => [adapter, report]));
      } catch (e) {
        adapters = { error: message(e) };
      }
    }
    res.setHeader('cache-control', 'no-store');
    res.status(failed.length ? 503 : 200).json({ status: failed.length ? 'unavailable' : 'ready', failed, checks, adapters });
  };
}
