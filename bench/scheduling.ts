import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { signToken } from '../src/kernel/auth/tokens';
import { forkEm } from '../src/kernel/db/orm';
import { Role } from '../src/kernel/auth/permissions';
import type { Hub } from '../src/app/server';
import type { HubConfig } from '../src/app/config';
import {
  CreateItemDocument,
  CreateRoutingDocument,
  CreateWorkCenterDocument,
  CreateWorkOrderDocument,
  PlansDocument,
  PublishPlanDocument,
  ReleaseWorkOrderDocument,
  ReplanDocument,
  SetSchedulingPolicyDocument,
  SetWorkCenterStateDocument,
} from '../test/generated/graphql';
import { startBenchHub } from './scenarios';
import { FT10 } from './scheduling/instances';

/**
 * `npm run bench:scheduling` (and part of `npm run bench`): the scheduler's quality and speed, with
 * every instance loaded through the GraphQL API like a planner's tools would.
 *   1. FT10 (10 jobs × 10 machines): makespan against the best known 930, and the time `replan` takes.
 *   2. A due-date scenario: total tardiness of the plan against plain earliest-due-date dispatching.
 *   3. 1,000 work orders × 5 operations over 20 work centers: a full re-plan.
 *   4. One work center going down: the incremental re-plan it sets off, and the process's memory.
 * PGlite by default; BENCH_DATABASE_URL (or DATABASE_URL) names a PostgreSQL server to use instead.
 */

type Api = <R, V>(doc: TypedDocumentNode<R, V>, variables?: V) => Promise<R>;

function apiOf(hub: Hub, jwt: HubConfig['jwt']): Api {
  const token = signToken(jwt, { subject: 'bench-planner', role: Role.planner });
  return async (doc, variables) => {
    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data as never;
  };
}

async function withHub<T>(name: string, work: (api: Api, hub: Hub) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `mom-hub-bench-${name}-`));
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const { hub, config } = await startBenchHub(url ? await freshDatabase(url, name) : undefined, dataDir);
  try {
    return await work(apiOf(hub, config.jwt), hub);
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function freshDatabase(url: string, name: string): Promise<string> {
  const { Client } = await import('pg');
  const db = `bench_scheduling_${name}_${process.pid}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${db}`);
  await admin.query(`create database ${db}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (t: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/** Jobs as routings through always-open, one-machine work centers; one work order of quantity 1 per job. */
async function loadJobShop(api: Api, jobs: { machine: number; minutes: number }[][], dueDates: string[], machines: number) {
  const centers: string[] = [];
  for (let m = 0; m < machines; m++) {
    centers.push(
      (await api(CreateWorkCenterDocument, { input: { code: `M${m}`, name: `Machine ${m}`, calendar: '24/7' } })).createWorkCenter
        .workCenter.id,
    );
  }
  await pool(jobs, 4, async (steps, j) => {
    const item = (
      await api(CreateItemDocument, {
        input: { sku: `JOB-${j}`, name: `Job ${j}`, type: 'FINISHED', tracking: 'NONE', unit: 'pcs', standardCost: '1' },
      })
    ).createItem.item;
    await api(CreateRoutingDocument, {
      input: {
        itemId: item.id,
        operations: steps.map((s, k) => ({
          sequence: (k + 1) * 10,
          name: `Op ${k + 1}`,
          workCenterId: centers[s.machine],
          runMinutesPerUnit: String(s.minutes),
        })),
      },
    });
    const wo = (await api(CreateWorkOrderDocument, { input: { itemId: item.id, qty: '1', dueDate: dueDates[j] } })).createWorkOrder
      .workOrder;
    await api(ReleaseWorkOrderDocument, { input: { workOrderId: wo.id } });
  });
  return centers;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const minutesBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 60_000);

/** Small deterministic random numbers for the generated instances. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function randomShop(jobs: number, machines: number, opsPerJob: number, seed: number) {
  const random = rng(seed);
  return Array.from({ length: jobs }, () => {
    const order = Array.from({ length: machines }, (_, m) => m).sort(() => random() - 0.5);
    return order.slice(0, opsPerJob).map((machine) => ({ machine, minutes: 10 + Math.floor(random() * 90) }));
  });
}

/**
 * With BENCH_CPU_PROFILE=<directory>, the step runs under the V8 profiler and its profile is written
 * there (<name>.cpuprofile, for Chrome's DevTools): the hub and PGlite run in this process, so the
 * profile shows where a re-plan spends its time — without the minutes of loading around it.
 */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return fn();
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

export async function benchScheduling(): Promise<void> {
  console.log(
    `Scheduling (${(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL) ? 'PostgreSQL' : 'PGlite'}, instances loaded through GraphQL):`,
  );
  const seconds = Number(process.env.BENCH_FT10_SECONDS ?? 4);

  if (!process.env.BENCH_SCHEDULING_ONLY || process.env.BENCH_SCHEDULING_ONLY === 'ft10')
    await withHub('ft10', async (api) => {
      await loadJobShop(
        api,
        FT10.jobs,
        FT10.jobs.map(() => day(365)),
        10,
      );
      const { value: plan, ms } = await timed(
        async () => (await api(ReplanDocument, { input: { improveSeconds: seconds, reason: 'FT10' } })).replan.plan,
      );
      const makespan = minutesBetween(plan.origin, plan.finishesAt!);
      const gap = ((makespan - FT10.bestKnown) / FT10.bestKnown) * 100;
      console.log(
        `  FT10 10×10: makespan ${makespan} (best known ${FT10.bestKnown}, +${gap.toFixed(1)}%) in ${(ms / 1000).toFixed(2)} s through replan; ${plan.searchIterations} moves; goal ≤ 5% in < 5 s: ${gap <= 5 && ms < 5000 ? 'met' : 'NOT met'}`,
      );
    });

  if (!process.env.BENCH_SCHEDULING_ONLY || process.env.BENCH_SCHEDULING_ONLY === 'due')
    await withHub('due', async (api) => {
      // 60 orders over 6 machines, about two days of work each, due today, tomorrow or the day after: many must be late.
      const jobs = randomShop(60, 6, 5, 7);
      const random = rng(99);
      const due = jobs.map(() => day(Math.floor(random() * 3)));
      await loadJobShop(api, jobs, due, 6);
      const plan = (await api(ReplanDocument, { input: { improveSeconds: 2, reason: 'due dates' } })).replan.plan;
      const edd = plan.dispatchTardinessMinutes ?? 0;
      console.log(
        `  due dates (60 orders × 5 ops, 6 machines): total tardiness ${plan.tardinessMinutes} min vs ${edd} min by earliest-due-date dispatching (${edd ? ((1 - plan.tardinessMinutes / edd) * 100).toFixed(0) : 0}% less); ${plan.lateOrderCount} late`,
      );
    });

  if (!process.env.BENCH_SCHEDULING_ONLY || process.env.BENCH_SCHEDULING_ONLY === 'large')
    await withHub('large', async (api, hub) => {
      const jobs = randomShop(1000, 20, 5, 3);
      const random = rng(5);
      const loading = await timed(() =>
        loadJobShop(
          api,
          jobs,
          jobs.map(() => day(3 + Math.floor(random() * 25))),
          20,
        ),
      );
      const full = await timed(async () => (await api(ReplanDocument, { input: { improveSeconds: 2, reason: 'full' } })).replan.plan);
      console.log(
        `  1,000 orders × 5 ops over 20 work centers (loaded in ${(loading.ms / 1000).toFixed(0)} s): full re-plan ${(full.ms / 1000).toFixed(2)} s through replan (compute ${full.value.computeMs} ms incl. a 2 s search); goal < 5 s: ${full.ms < 5000 ? 'met' : 'NOT met'}`,
      );
      await api(PublishPlanDocument, { input: { planId: full.value.id } });
      await api(SetSchedulingPolicyDocument, { input: { replanOnEvents: false } });
      const centers = (await forkEm(hub.orm).execute<{ id: string }[]>(`select id from work_center order by code limit 1`))[0];
      await api(SetWorkCenterStateDocument, {
        input: { workCenterId: centers.id, state: 'DOWN', until: new Date(Date.now() + 8 * 3_600_000).toISOString(), reason: 'bench' },
      });
      const incremental = await profiled('incremental', () =>
        timed(
          async () => (await api(ReplanDocument, { input: { improveSeconds: 0.2, incremental: true, reason: 'one down' } })).replan.plan,
        ),
      );
      const phases = async (id: string) =>
        JSON.stringify(
          (
            await forkEm(hub.orm).execute<{ p: unknown }[]>(`select (body_json::jsonb)->'stats'->'phasesMs' as p from plan where id = ?`, [
              id,
            ])
          )[0].p,
        );
      console.log(`    phases of the full re-plan (ms): ${await phases(full.value.id)}`);
      console.log(
        `  one work center down, incremental re-plan (from the published plan, 0.2 s search): ${(incremental.ms / 1000).toFixed(2)} s through replan (compute ${incremental.value.computeMs} ms); goal < 1 s: ${incremental.ms < 1000 ? 'met' : 'NOT met'}`,
      );
      console.log(
        `    phases (ms): ${await phases(incremental.value.id)}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      );
      await api(SetSchedulingPolicyDocument, { input: { replanOnEvents: true } });
      const before = (await api(PlansDocument, { first: 1 })).plans.edges[0].node.version;
      const reacted = await timed(async () => {
        await api(SetWorkCenterStateDocument, { input: { workCenterId: centers.id, state: 'UP' } });
        for (;;) {
          const head = (await api(PlansDocument, { first: 1 })).plans.edges[0].node;
          if (head.version > before) return head;
          await new Promise((r) => setTimeout(r, 20));
        }
      });
      console.log(
        `  … and back up: the reactor's re-plan was there ${(reacted.ms / 1000).toFixed(2)} s after the mutation (300 ms of it the debounce); memory ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB resident`,
      );
    });
}

if (require.main === module) {
  benchScheduling().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
