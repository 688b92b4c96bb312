import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config';
import { startHub, type Hub } from '../src/app/server';
import { forkEm } from '../src/kernel/db/orm';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import { createItem } from '../src/modules/catalog/catalog.service';
import { ItemTracking, ItemType } from '../src/modules/catalog/item.entity';
import { createLocation, receiveStock } from '../src/modules/inventory/inventory.service';
import { LocationType } from '../src/modules/inventory/location.entity';
import { median, runLoad } from './load';
import { StatementCounter } from './sql-counter';

/**
 * P5 of issue 8: deliveries to a local receiver. The hub's webhook adapter posts every `StockMoved` event
 * to a bare node:http receiver in this process, which answers 200 (or 503 while "down") and records when
 * each event arrived.
 *
 *   backlog  the receiver is down while BENCH_P5_BACKLOG (5,000) receipts are booked, so the adapter's
 *            circuit opens and the deliveries wait; then it comes back, the next probe goes through and the
 *            backlog drains. Deliveries per second = events ÷ (last arrival − first arrival after the return).
 *   steady   receipts booked one after another for BENCH_P5_SECONDS (5) while the receiver is up:
 *            latency = arrival − the event's occurredAt (taken inside the writing transaction, so a little
 *            before its commit: the figure errs on the long side). p50 and p99.
 *   baseline the same receiver loaded by autocannon with the same number of connections as the hub's
 *            delivery concurrency, posting one such event: what the receiver and loopback can take.
 *
 * Receipts spread over BENCH_P5_ITEMS (50) items: deliveries of one aggregate (an item) go in order, one at
 * a time, by design. The delivery concurrency is BENCH_P5_CONCURRENCY (32; the hub's default is 4).
 * Goals: ≥ 2,000 deliveries/s, p99 commit → delivery < 100 ms.
 */
const BACKLOG = Number(process.env.BENCH_P5_BACKLOG ?? 5000);
const STEADY_SECONDS = Number(process.env.BENCH_P5_SECONDS ?? 5);
const ITEMS = Number(process.env.BENCH_P5_ITEMS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_P5_CONCURRENCY ?? 32);
const SECRET_ENV = 'BENCH_P5_WEBHOOK_SECRET';
const SHOW_SQL = process.env.BENCH_SQL === 'true';

export interface DeliveryResult {
  database: string;
  /** SQL statements per delivered event while the backlog drained, counted on the wire (PostgreSQL only). */
  sqlPerDelivery?: number;
  concurrency: number;
  baselinePerSecond: number;
  backlog: number;
  perSecond: number;
  steady: number;
  p50: number;
  p99: number;
}

interface Arrival {
  at: number;
  occurredAt: number;
  /** The hub's `x-mom-delivery` header: delivery id / attempt. */
  delivery: string;
}

/** A partner that answers 200 while up and 503 while down, and remembers the first arrival of each event. */
class Receiver {
  up = true;
  readonly arrivals = new Map<string, Arrival>();
  duplicates = 0;
  /** The first few events that arrived twice: which tries, how far apart (for telling why). */
  readonly duplicateSamples: string[] = [];
  private server?: Server;
  private waiters: { n: number; resolve: () => void }[] = [];

  async start(): Promise<string> {
    this.server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (!this.up) {
          res.writeHead(503, { 'retry-after': '0' });
          res.end('down');
          return;
        }
        const at = Date.now();
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: string; occurredAt?: string };
          if (body.id && body.occurredAt) {
            const delivery = String(req.headers['x-mom-delivery'] ?? '');
            const first = this.arrivals.get(body.id);
            if (first) {
              this.duplicates++;
              if (this.duplicateSamples.length < 5)
                this.duplicateSamples.push(`${body.id}: ${first.delivery} then ${delivery} ${at - first.at} ms later`);
            } else this.arrivals.set(body.id, { at, occurredAt: Date.parse(body.occurredAt), delivery });
          }
        } catch {
          // autocannon's baseline body is parsed too; anything else is simply answered
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        this.waiters = this.waiters.filter((w) => (this.arrivals.size >= w.n ? (w.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/events`;
  }

  /** Resolves when `n` distinct events have arrived, or fails after `ms`. */
  arrived(n: number, ms: number): Promise<void> {
    if (this.arrivals.size >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.arrivals.size} of ${n} deliveries arrived within ${ms} ms`)), ms);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function startDeliveringHub(databaseUrl: string | undefined, dataDir: string, url: string): Promise<Hub> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
    [SECRET_ENV]: 'bench-p5-webhook-secret-0123456789',
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  process.env[SECRET_ENV] = env[SECRET_ENV];
  const integration = integrationSchema.parse({
    adapters: [{ name: 'receiver', module: 'webhook', options: { url, secretEnv: SECRET_ENV, events: ['StockMoved'], timeoutMs: 5000 } }],
    deliveries: { concurrency: CONCURRENCY, circuit: { failures: 3, probeMs: 200 } },
  });
  return startHub(loadConfig(env), { integration });
}

/** Runs P5 on one database (a PostgreSQL URL, or undefined for PGlite). */
export async function benchDeliveries(databaseUrl: string | undefined, database: string): Promise<DeliveryResult> {
  const receiver = new Receiver();
  const url = await receiver.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-p5-'));
  // On PostgreSQL the hub talks through the statement counter (bench/sql-counter.ts), which costs it little here.
  const counter = databaseUrl ? await StatementCounter.start(databaseUrl) : undefined;
  const hub = await startDeliveringHub(counter?.url ?? databaseUrl, dataDir, url);
  try {
    const ctx = () => ({ em: forkEm(hub.orm), actor: SYSTEM_ACTOR, runtime: hub.runtime });
    const location = await createLocation(ctx(), { code: 'BENCH-P5', name: 'Bench deliveries', type: LocationType.STORAGE });
    const items: string[] = [];
    for (let i = 0; i < ITEMS; i++) {
      const item = await createItem(ctx(), {
        sku: `BENCH-P5-${i}`,
        name: `Bench delivery ${i}`,
        type: ItemType.RAW,
        unit: 'pcs',
        tracking: ItemTracking.NONE,
        standardCost: '1',
        leadTimeDays: 0,
      });
      items.push(item.id);
    }
    const receipt = (i: number) => receiveStock(ctx(), { itemId: items[i % ITEMS], locationId: location.id, qty: '1' });

    // Baseline: what the receiver takes from a client with the hub's concurrency.
    const sample = JSON.stringify({ id: 'baseline', type: 'StockMoved', data: { qty: '1' } });
    const loadSpec = {
      url,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: sample,
      connections: CONCURRENCY,
    };
    await runLoad({ ...loadSpec, seconds: 1 });
    const baselines: number[] = [];
    for (let r = 0; r < 3; r++) baselines.push((await runLoad({ ...loadSpec, seconds: 3 })).perSecond);

    // Backlog: the partner is down while the receipts are booked, then comes back.
    receiver.up = false;
    for (let i = 0; i < BACKLOG; i++) await receipt(i);
    receiver.arrivals.clear();
    counter?.take();
    receiver.up = true;
    await receiver.arrived(BACKLOG, 600_000);
    const drained = counter?.take();
    const sqlPerDelivery = drained ? drained.statements / BACKLOG : undefined;
    if (drained && SHOW_SQL) {
      console.log(`P5 backlog of ${BACKLOG} on ${database}: ${drained.statements} statements, by text:`);
      for (const [text, n] of drained.texts.slice(0, 20)) console.log(`  ${String(n).padStart(7)}  ${text}`);
    }
    const times = [...receiver.arrivals.values()].map((a) => a.at);
    const span = Math.max(...times) - Math.min(...times);
    const perSecond = ((BACKLOG - 1) / Math.max(span, 1)) * 1000;

    // Steady: one receipt after another with the partner up; latency from the event's time to arrival.
    receiver.arrivals.clear();
    const until = Date.now() + STEADY_SECONDS * 1000;
    let n = 0;
    while (Date.now() < until) await receipt(n++);
    await receiver.arrived(n, 120_000);
    const latencies = [...receiver.arrivals.values()].map((a) => a.at - a.occurredAt);
    if (receiver.duplicates > 0)
      throw new Error(
        `P5: ${receiver.duplicates} events arrived twice with the partner answering (${receiver.duplicateSamples.join('; ')})`,
      );
    return {
      database,
      sqlPerDelivery,
      concurrency: CONCURRENCY,
      baselinePerSecond: median(baselines),
      backlog: BACKLOG,
      perSecond,
      steady: n,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await hub.stop();
    await counter?.close();
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US'));

export function printDeliveries(results: DeliveryResult[]): void {
  if (!results.length) return;
  console.log('');
  console.log('| Scenario | Database | Baseline | Hub | Ratio | Goal | SQL per delivery |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const ok = (r.perSecond >= 2000 ? '✓' : '✗') + ' / ' + (r.p99 < 100 ? '✓' : '✗');
    console.log(
      `| P5 deliveries to a local receiver, concurrency ${r.concurrency}: a backlog of ${fmt(r.backlog)}; ${fmt(r.steady)} receipts one at a time | ${r.database} | ` +
        `bare receiver under autocannon: ${fmt(r.baselinePerSecond)}/s | ${fmt(r.perSecond)}/s; commit → delivery p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms | ` +
        `**${(r.perSecond / r.baselinePerSecond).toFixed(2)}×** | ≥ 2,000/s, p99 < 100 ms: ${ok} | ${r.sqlPerDelivery === undefined ? '–' : r.sqlPerDelivery.toFixed(1)} |`,
    );
  }
}

/** P5 on PostgreSQL (a scratch database on BENCH_DATABASE_URL or DATABASE_URL, when set) and on PGlite; prints its table. */
export async function benchAllDeliveries(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const results: DeliveryResult[] = [];
  if (serverUrl) {
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    const name = `mom_hub_bench_p5_${process.pid}`;
    await admin.query(`create database ${name}`);
    try {
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      results.push(await benchDeliveries(u.toString(), 'PostgreSQL'));
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  if (process.env.BENCH_PGLITE !== 'false') results.push(await benchDeliveries(undefined, 'PGlite'));
  printDeliveries(results);
}

if (require.main === module) {
  benchAllDeliveries().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
