import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { forkEm, type Orm } from '../../kernel/db/orm';
import { SYSTEM_ACTOR } from '../../kernel/auth/actor';
import type { HubRuntime } from '../../kernel/common/runtime';
import type { Adapter } from '../../contract/adapter';
import type { AdapterEntry } from './integration-config';
import type { ExclusiveLocks } from '../../kernel/db/exclusive-lock';
import { runPull } from './sync.service';

/**
 * Declared scheduled tasks: one pull per adapter that has a schedule. Every hub process schedules them;
 * the database lock lets one run each time and the others skip.
 */
export function schedulePulls(
  entries: AdapterEntry[],
  adapters: ReadonlyMap<string, Adapter>,
  orm: Orm,
  runtime: HubRuntime,
  locks: ExclusiveLocks,
  log: Logger,
): ScheduledTask[] {
  const tasks: ScheduledTask[] = [];
  for (const entry of entries) {
    const adapter = adapters.get(entry.name);
    if (!entry.schedule || !adapter?.pull) continue;
    if (!cron.validate(entry.schedule)) throw new Error(`HUB_CONFIG: adapter ${entry.name} has an invalid schedule "${entry.schedule}"`);
    const task = cron.schedule(entry.schedule, async () => {
      const ctx = { em: forkEm(orm), actor: { ...SYSTEM_ACTOR, subject: `schedule:${entry.name}` }, runtime };
      await runPull(ctx, adapter, 'SCHEDULE', locks, log, { planWorkOrders: true }).catch((err) =>
        log.error({ err, adapter: entry.name }, 'scheduled pull failed'),
      );
    }, { name: `pull:${entry.name}` });
    tasks.push(task);
  }
  return tasks;
}
