import { startTestHub, type TestHub } from './support/hub';
import { startJobs } from '../src/app/jobs';
import { ExclusiveLocks } from '../src/kernel/db/exclusive-lock';
import type { HubServices } from '../src/kernel/module';

/** Stopping the jobs waits for a run under way, so the hub does not close its database under it. */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.close();
});

test('stop waits for the run under way, and no run starts after it', async () => {
  let started = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const services = { orm: t.hub.orm, runtime: t.hub.runtime, log: t.hub.log } as HubServices;
  const jobs = startJobs(
    [
      {
        id: 'stop-waits-test',
        schedule: '* * * * * *',
        execute: async () => {
          started++;
          await released;
        },
      },
    ],
    services,
    new ExclusiveLocks(t.config.databaseUrl),
  );
  const deadline = Date.now() + 30_000;
  while (started === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(started).toBe(1);
  let stopped = false;
  const stopping = jobs.stop().then(() => (stopped = true));
  await new Promise((r) => setTimeout(r, 1500));
  expect(stopped).toBe(false);
  release();
  await stopping;
  const after = started;
  await new Promise((r) => setTimeout(r, 1500));
  expect(started).toBe(after);
});
