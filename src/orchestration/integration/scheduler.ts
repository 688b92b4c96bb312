import cron from 'node-cron';
import type { ScheduledJob } from '../../kernel/module';
import type { Ctx } from '../../kernel/unit-of-work/context';
import type { IntegrationServices } from './integration.context';
import { runPull } from './sync.service';

/** One scheduled pull per adapter that has a schedule and pulls; the app runs them. */
export function pullJobs(integration: IntegrationServices): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  for (const entry of integration.config.adapters) {
    const adapter = integration.adapters.get(entry.name);
    if (!entry.schedule || !adapter?.pull) continue;
    if (!cron.validate(entry.schedule)) throw new Error(`HUB_CONFIG: adapter ${entry.name} has an invalid schedule "${entry.schedule}"`);
    jobs.push({
      id: `pull:${entry.name}`,
      schedule: entry.schedule,
      execute: async (ctx: Ctx) => {
        await runPull(ctx, adapter, 'SCHEDULE', integration.locks, integration.log, { planWorkOrders: true });
      },
    });
  }
  return jobs;
}
