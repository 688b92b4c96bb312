import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { Client } from 'pg';
import { loadConfig, type HubConfig } from '../src/app/config';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { startHub, type Hub } from '../src/app/server';
import { forkEm } from '../src/kernel/db/orm';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';
import { createWorkCenter } from '../src/modules/catalog/catalog.service';
import { WorkCenterState } from '../src/modules/catalog/work-center.entity';
import { createMachine } from '../src/modules/equipment/machine.service';
import { oee } from '../src/modules/equipment/oee';
import type { MqttIngestWorker } from '../src/modules/equipment/mqtt-ingest.worker';

/**
 * `npm run bench:machine-data` (also part of `npm run bench`): machine data at plant rates.
 * 1. Ingest: 20 machines publish counts and parameters over the real broker at BENCH_MQTT_RATE
 *    messages/s (default 5,000) for BENCH_MQTT_SECONDS (default 10); reported: the rate stored and the
 *    time from publishing to commit (p50, p99). The publisher runs in the same process as the hub.
 * 2. Queries: the KPIs, the downtime Pareto, yield by temperature band, a month's temperature series
 *    (over GraphQL) and OEE by shift and by day over BENCH_OEE_DAYS (default 30) days of data for
 *    20 machines — counts and temperature readings rolled up per quarter hour (what one-second data
 *    becomes) and a state change every ~10 minutes — on PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL; the bench makes and drops its own
 *    database), or PGlite when neither is set.
 */
const RATE = Number(process.env.BENCH_MQTT_RATE ?? 5000);
const SECONDS = Number(process.env.BENCH_MQTT_SECONDS ?? 10);
const DAYS = Number(process.env.BENCH_OEE_DAYS ?? 30);
const MACHINES = 20;
const BROKER = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

async function database(): Promise<{ url?: string; drop(): Promise<void> }> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) return { drop: async () => undefined };
  const name = `mom_hub_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: server });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function ingest(hub: Hub, prefix: string, codes: string[]) {
  const worker = hub.workers.find((w) => w.name === 'mqtt-ingest') as MqttIngestWorker;
  const latencies: number[] = [];
  let stored = 0;
  worker.onStored = (records) => {
    const now = Date.now();
    for (const r of records) latencies.push(now - r.at.getTime());
    stored += records.length;
  };
  const pub = await mqtt.connectAsync(BROKER, { clientId: `${prefix.replace(/\W/g, '-')}-pub`, protocolVersion: 5 });
  const total = RATE * SECONDS;
  const perTick = Math.ceil(RATE / 100);
  const started = Date.now();
  let sent = 0;
  let id = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * RATE) + perTick);
    for (; sent < due; sent++) {
      const code = codes[sent % codes.length];
      const topic = sent % 2 ? `${prefix}/WC/${code}/count/good` : `${prefix}/WC/${code}/param/temperature`;
      void pub.publishAsync(topic, JSON.stringify({ v: sent % 2 ? 1 : 200 + (sent % 7), ts: Date.now(), id: ++id }), { qos: 1 });
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const publishedIn = (Date.now() - started) / 1000;
  const until = Date.now() + 60_000;
  while (stored < total && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const storedIn = (Date.now() - started) / 1000;
  await pub.endAsync();
  latencies.sort((a, b) => a - b);
  console.log(
    `  ingest: ${total} messages published in ${publishedIn.toFixed(1)} s (${(total / publishedIn).toFixed(0)}/s), ${stored} stored in ${storedIn.toFixed(1)} s (${(stored / storedIn).toFixed(0)}/s)`,
  );
  console.log(`  broker → stored: p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms, max ${latencies.at(-1)} ms`);
  if (stored < total) console.log(`  (${total - stored} not stored within a minute)`);
}

async function seedHistory(hub: Hub, machineIds: string[]) {
  const em = forkEm(hub.orm);
  const end = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const start = new Date(end.getTime() - DAYS * 86_400_000);
  const ids = `{${machineIds.join(',')}}`;
  // What a month of counts every second becomes (a row per machine and quarter hour), and a state period every 10 minutes.
  await em.execute(
    `insert into machine_count_bucket (machine_id, bucket_start, good, reject, ideal_seconds)
     select m, t, 850 + (random() * 50)::int, (random() * 20)::int, 850
     from unnest(?::uuid[]) m, generate_series(?::timestamptz, ?::timestamptz - interval '15 minutes', interval '15 minutes') t`,
    [ids, start, end],
  );
  // What a month of a temperature reading every second becomes (a bucket of 900 readings per machine and quarter hour).
  await em.execute(
    `insert into parameter_bucket (machine_id, name, bucket_start, samples, total, min, max)
     select m, 'temperature', t, 900, 900 * v, v - 3, v + 3
     from (select m, t, 195 + random() * 20 as v
           from unnest(?::uuid[]) m, generate_series(?::timestamptz, ?::timestamptz - interval '15 minutes', interval '15 minutes') t) r`,
    [ids, start, end],
  );
  await em.execute(
    `insert into machine_state_period (id, created_at, updated_at, machine_id, state, started_at, ended_at)
     select gen_random_uuid(), now(), now(), m, (array['RUNNING','RUNNING','RUNNING','IDLE','DOWN'])[1 + (random() * 4)::int], t, t + interval '10 minutes'
     from unnest(?::uuid[]) m, generate_series(?::timestamptz, ?::timestamptz - interval '10 minutes', interval '10 minutes') t`,
    [ids, start, end],
  );
  await em.execute(
    `insert into downtime (id, created_at, updated_at, machine_id, work_center_id, state, planned, started_at, ended_at, source)
     select gen_random_uuid(), now(), now(), p.machine_id, m.work_center_id, 'DOWN', false, p.started_at, p.ended_at, 'MQTT'
     from machine_state_period p join machine m on m.id = p.machine_id where p.state = 'DOWN'`,
  );
  await em.execute('analyze');
  return { start, end };
}

/** The analysis queries a plant manager asks of a month, over GraphQL as a viewer: median and worst of 5. */
async function kpiQueries(hub: Hub, config: HubConfig, machineId: string, start: Date, end: Date) {
  const token = signToken(config.jwt, { subject: 'bench', role: Role.admin });
  const period = { from: start.toISOString(), to: end.toISOString() };
  const queries: [string, string, Record<string, unknown>][] = [
    [
      'kpis (all seven)',
      `query($from: DateTimeISO!, $to: DateTimeISO!) { kpis(from: $from, to: $to) {
         oee { availability performance quality oee } firstPassYield { rate } onTimeDelivery { rate }
         scheduleAdherence { rate } leadTime { averageHoursFromRelease } wipValue scrapCostByReason { reason cost } } }`,
      period,
    ],
    [
      'downtime Pareto',
      `query($from: DateTimeISO!, $to: DateTimeISO!) { downtimePareto(from: $from, to: $to) { reasonCode seconds share } }`,
      period,
    ],
    [
      'yield by temperature band',
      `query($from: DateTimeISO!, $to: DateTimeISO!) { parameterYield(parameter: "temperature", from: $from, to: $to, bands: 5) {
         samples correlation bestBand { from to yield } } }`,
      period,
    ],
    [
      'temperature series of one machine, 720 points',
      `query($m: ID!, $from: DateTimeISO!, $to: DateTimeISO!) { parameterSeries(machineId: $m, name: "temperature", from: $from, to: $to, points: 720) { at value } }`,
      { ...period, m: machineId },
    ],
  ];
  for (const [label, query, variables] of queries) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (!res.ok || body.errors) throw new Error(`${label}: ${JSON.stringify(body.errors ?? res.status)}`);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${label}, ${DAYS} days × ${MACHINES} machines: median ${times[2].toFixed(0)} ms, worst ${times[4].toFixed(0)} ms`);
  }
}

export async function benchMachineData(): Promise<void> {
  const db = await database();
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-md-'));
  const run = randomBytes(4).toString('hex');
  const prefix = `mombench/${run}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
    MQTT_URL: BROKER,
    MQTT_CLIENT_ID: `mom-hub-bench-${run}`,
    MQTT_SESSION_EXPIRY: '60',
    MQTT_TOPIC_PATTERN: `${prefix}/{workCenter}/{machine}/{kind}/{name}`,
    ...(db.url ? { DATABASE_URL: db.url } : {}),
  });
  const hub = await startHub(config);
  console.log(`\nMachine data (${db.url ? 'PostgreSQL' : 'PGlite'}; broker ${BROKER}):`);
  try {
    const ctx = { em: forkEm(hub.orm), actor: SYSTEM_ACTOR, runtime: hub.runtime };
    const wc = await createWorkCenter(ctx, {
      code: 'WC',
      name: 'Bench',
      capacityHoursPerDay: '24',
      calendar: 'MON-SUN 00:00-24:00',
      state: WorkCenterState.UP,
      labourRatePerHour: '0',
      machineRatePerHour: '0',
    });
    const machines = [];
    for (let i = 0; i < MACHINES; i++)
      machines.push(await createMachine(ctx, { code: `M${i}`, name: `Machine ${i}`, workCenterId: wc.id, idealCycleSeconds: '1' }));
    await ingest(
      hub,
      prefix,
      machines.map((m) => m.code),
    );
    const { start, end } = await seedHistory(
      hub,
      machines.map((m) => m.id),
    );
    const list = machines.map((m) => ({ id: m.id, workCenterId: wc.id }));
    await kpiQueries(hub, config, machines[0].id, start, end);
    for (const granularity of ['SHIFT', 'DAY'] as const) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = process.hrtime.bigint();
        await oee({ em: forkEm(hub.orm), actor: SYSTEM_ACTOR, runtime: hub.runtime }, config.machineData, list, granularity, start, end);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  OEE by ${granularity.toLowerCase()}, ${DAYS} days × ${MACHINES} machines: median ${times[2].toFixed(0)} ms, worst ${times[4].toFixed(0)} ms`,
      );
    }
  } finally {
    await hub.stop();
    const c = await mqtt.connectAsync(BROKER, {
      clientId: `mom-hub-bench-${run}`,
      clean: true,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 0 },
    });
    await c.endAsync();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchMachineData().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
