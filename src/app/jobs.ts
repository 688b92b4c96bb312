import cron, { type ScheduledTask } from 'node-cron';
import { forkEm } from '../kernel/db/orm';
import { SYSTEM_ACTOR } from '../kernel/auth/actor';
import type { ExclusiveLocks } from '../kernel/db/exclusive-lock';
import type { HubServices, ScheduledJob } from '../kernel/module';

/**
 * Runs the modules' scheduled jobs. Every hub process schedules them; a database lock per job lets
 * one process run each occurrence and the others skip it. A failure is logged and the next
 * occurrence runs as usual.
 */
export function startJobs(jobs: readonly ScheduledJob[], services: HubServices, locks: ExclusiveLocks): { stop(): Promise<void> } {
  // Runs under way, so that stopping waits for them rather than closing the database under them.
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) => {
    if (!cron.validate(job.schedule)) throw new Error(`The job ${job.id} has an invalid schedule "${job.schedule}"`);
    return cron.schedule(
      job.schedule,
      async () => {
        const ctx = { em: forkEm(services.orm), actor: { ...SYSTEM_ACTOR, subject: `job:${job.id}` }, runtime: services.runtime };
        const run = locks
          .run(`job:${job.id}`, () => job.execute(ctx))
          .catch((err) => services.log.error({ err, job: job.id }, 'scheduled job failed'));
        running.add(run);
        await run.finally(() => running.delete(run));
      },
      { name: job.id },
    );
  });
  return {
    async stop() {
      for (const task of tasks) await task.stop();
      await Promise.all(running);
    },
  };
}
