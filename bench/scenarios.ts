import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { print } from 'graphql';
import { Pool } from 'pg';
import { loadConfig, type HubConfig } from '../src/app/config';
import { startHub, type Hub } from '../src/app/server';
import { loadDemoFactory } from '../src/app/demo-factory';
import { forkEm } from '../src/kernel/db/orm';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';
import { createItem } from '../src/modules/catalog/catalog.service';
import { ItemTracking, ItemType } from '../src/modules/catalog/item.entity';
import { createLocation } from '../src/modules/inventory/inventory.service';
import { LocationType } from '../src/modules/inventory/location.entity';
import { createSalesOrder } from '../src/modules/sales/sales.service';
import { createWorkOrdersForSalesOrder, releaseWorkOrder } from '../src/modules/production/work-order.service';
import { ReceiveStockDocument } from '../test/generated/graphql';
import { median, runLoad, type LoadResult, type LoadSpec } from './load';
import { StatementCounter } from './sql-counter';
import { benchAllDeliveries } from './deliveries';
import { benchSubscribers } from './subscribers';

/**
 * The scenario table of issue 8: each scenario against its baseline in the same run, as requests per
 * second, their ratio and the goal, plus SQL statements per request counted on the wire (bench/sql-counter.ts).
 *
 *   P1  `{ __typename }` with a bearer token, 50 connections   vs a bare node:http server answering the same bytes
 *   P2  customer order tracking over ~200 sales orders         vs a raw `pg` endpoint answering the same bytes from one query
 *   P3  receiveStock, 8 connections                            vs pgbench -c 8 -j 2 TPC-B on the same server
 *   P4  stockChanged to 10,000 subscribers (bench/subscribers.ts) vs a bare `ws` broadcast
 *   P5  deliveries to a local receiver (bench/deliveries.ts)   vs the same receiver under autocannon
 * (P7, idle memory, is measured with the start-up times in bench/start-up.ts.)
 *
 * On PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL: the server to use; the bench creates and drops its own
 * databases there) everything runs; then P2 and P3 again with the hub on PGlite, against the PostgreSQL
 * baselines of the same run (a raw `pg` endpoint and pgbench need a PostgreSQL server). Without a
 * PostgreSQL server only the PGlite hub is measured and P2/P3 have no baseline.
 *
 * BENCH_SECONDS (3) per timed run, BENCH_RUNS (3) runs of each side, alternating, medians reported;
 * BENCH_WARMUP (1) seconds of unrecorded load per side first; BENCH_ORDERS (200) sales orders seeded;
 * BENCH_P2_CONNECTIONS (10); BENCH_PGLITE=false skips the PGlite pass; BENCH_SQL=true prints the
 * statements counted per scenario.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 200);
const P2_CONNECTIONS = Number(process.env.BENCH_P2_CONNECTIONS ?? 10);
const SHOW_SQL = process.env.BENCH_SQL === 'true';
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0000';

/** P2: what a customer-service screen asks — every open order down to the operations and where they run. */
export const ORDER_TRACKING = `query OrderTracking {
  salesOrders(first: 200) {
    edges {
      node {
        id
        code
        state
        customer { code name }
        lines {
          lineNo
          qty
          dueDate
          item { sku name }
          workOrders {
            code
            state
            qty
            operations { sequence name state qtyGood workCenter { code name } }
          }
        }
      }
    }
  }
}`;

/**
 * The same answer as ORDER_TRACKING in one SQL statement, byte for byte what the hub sends: the same
 * orders (first 200 by code desc, id desc), lines by line number, work orders by code, operations by
 * sequence; decimals as the hub prints them (trailing zeros trimmed). Built with string_agg over
 * to_json() values rather than json_agg, whose text form puts blanks and line breaks between elements
 * that JSON.stringify does not: the work is the same, the bytes then match.
 */
export const ORDER_TRACKING_SQL = `
select '{"data":{"salesOrders":{"edges":[' || coalesce(string_agg(
  '{"node":{"id":' || to_json(so.id::text) || ',"code":' || to_json(so.code) || ',"state":' || to_json(so.state)
  || ',"customer":' || (select '{"code":' || to_json(p.code) || ',"name":' || to_json(p.name) || '}' from partner p where p.id = so.customer_id)
  || ',"lines":[' || coalesce((select string_agg(
       '{"lineNo":' || l.line_no || ',"qty":' || to_json(trim_scale(l.qty)::text) || ',"dueDate":' || to_json(l.due_date::text)
       || ',"item":' || (select '{"sku":' || to_json(i.sku) || ',"name":' || to_json(i.name) || '}' from item i where i.id = l.item_id)
       || ',"workOrders":[' || coalesce((select string_agg(
            '{"code":' || to_json(w.code) || ',"state":' || to_json(w.state) || ',"qty":' || to_json(trim_scale(w.qty)::text)
            || ',"operations":[' || coalesce((select string_agg(
                 '{"sequence":' || o.sequence || ',"name":' || to_json(o.name) || ',"state":' || to_json(o.state)
                 || ',"qtyGood":' || to_json(trim_scale(o.qty_good)::text)
                 || ',"workCenter":' || (select '{"code":' || to_json(c.code) || ',"name":' || to_json(c.name) || '}' from work_center c where c.id = o.work_center_id)
                 || '}', ',' order by o.sequence) from work_order_operation o where o.work_order_id = w.id), '')
            || ']}', ',' order by w.code) from work_order w where w.sales_order_line_id = l.id), '')
       || ']}', ',' order by l.line_no) from sales_order_line l where l.sales_order_id = so.id), '')
  || ']}}', ',' order by so.code desc, so.id desc), '') || ']}}}' || chr(10) as body
from (select * from sales_order order by code desc, id desc limit 200) so`;

const P1_QUERY = JSON.stringify({ query: '{ __typename }' });
const P1_ANSWER = '{"data":{"__typename":"Query"}}\n';

interface Side {
  label: string;
  perSecond: number;
  p95?: number;
  sql?: number;
}

interface Row {
  scenario: string;
  database: string;
  baseline?: Side;
  hub: Side;
  goal: number;
  note?: string;
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function startBenchHub(databaseUrl: string | undefined, dataDir: string): Promise<{ hub: Hub; config: HubConfig }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
    JWT_SECRET,
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const config = loadConfig(env);
  return { hub: await startHub(config), config };
}

/** The demo factory plus ORDERS sales orders through the services (a third with two lines), every work order released; an item and a location for P3. */
export async function seed(hub: Hub): Promise<{ itemId: string; locationId: string }> {
  await loadDemoFactory(forkEm(hub.orm), hub.runtime);
  const ctx = () => ({ em: forkEm(hub.orm), actor: SYSTEM_ACTOR, runtime: hub.runtime });
  const em = forkEm(hub.orm);
  const customers = await em.execute<{ id: string }[]>(`select id from partner where kind = 'CUSTOMER' order by code`);
  const items = await em.execute<{ id: string }[]>(`select id from item where sku in ('HV-200', 'BODY-200') order by sku`);
  for (let i = 0; i < ORDERS; i++) {
    const lines = [{ itemId: items[i % 2].id, qty: String(5 + (i % 17)), dueDate: inDays(7 + (i % 30)) }];
    if (i % 3 === 0) lines.push({ itemId: items[(i + 1) % 2].id, qty: `${2 + (i % 5)}.5`, dueDate: inDays(10 + (i % 20)) });
    const order = await createSalesOrder(ctx(), { customerId: customers[i % customers.length].id, customerReference: `BENCH-${i}`, lines });
    for (const wo of await createWorkOrdersForSalesOrder(ctx(), { salesOrderId: order.id })) {
      await releaseWorkOrder(ctx(), { workOrderId: wo.id });
    }
  }
  const item = await createItem(ctx(), {
    sku: 'BENCH-P3',
    name: 'Bench receipts',
    type: ItemType.RAW,
    unit: 'pcs',
    tracking: ItemTracking.NONE,
    standardCost: '1.25',
    leadTimeDays: 0,
  });
  const location = await createLocation(ctx(), { code: 'BENCH-P3', name: 'Bench receipts', type: LocationType.STORAGE });
  return { itemId: item.id, locationId: location.id };
}

async function listenOn(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer({ keepAliveTimeout: 60_000 }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

/** Reads the request body (and drops it), then answers. */
function afterBody(req: IncomingMessage, answer: () => void) {
  req.on('data', () => undefined).on('end', answer);
}

const json = { 'content-type': 'application/json; charset=utf-8' };

/** P1's baseline: the hub's answer to `{ __typename }`, from bare node:http. */
const bareServer = () =>
  listenOn((req, res) =>
    afterBody(req, () => {
      res.writeHead(200, { ...json, 'content-length': Buffer.byteLength(P1_ANSWER) });
      res.end(P1_ANSWER);
    }),
  );

/** P2's baseline: node:http answering with the one statement of ORDER_TRACKING_SQL through a `pg` pool (as many connections as the hub's). */
const rawEndpoint = (pool: Pool) =>
  listenOn((req, res) =>
    afterBody(req, () => {
      pool.query<{ body: string }>(ORDER_TRACKING_SQL).then(
        ({ rows }) => {
          res.writeHead(200, { ...json, 'content-length': Buffer.byteLength(rows[0].body) });
          res.end(rows[0].body);
        },
        (e: Error) => {
          res.writeHead(500);
          res.end(e.message);
        },
      );
    }),
  );

async function post(url: string, body: string, token?: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...json, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

function assertSameBytes(what: string, expected: string, actual: string) {
  if (expected === actual) return;
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  throw new Error(
    `${what}: the bodies differ at byte ${i} (${expected.length} vs ${actual.length} characters)\n  baseline …${expected.slice(Math.max(0, i - 80), i + 80)}\n  hub      …${actual.slice(Math.max(0, i - 80), i + 80)}`,
  );
}

const PGBENCH =
  process.env.PGBENCH ?? (existsSync('/usr/lib/postgresql/15/bin/pgbench') ? '/usr/lib/postgresql/15/bin/pgbench' : 'pgbench');
const exec = promisify(execFile);

async function pgbench(args: string[]): Promise<string> {
  const { stdout } = await exec(PGBENCH, args, { maxBuffer: 1 << 24 });
  return stdout;
}

/** TPC-B (pgbench's built-in script), `clients` connections over two threads, for `seconds`: transactions per second. */
async function pgbenchTps(url: string, clients: number, seconds: number): Promise<number> {
  const out = await pgbench(['-c', String(clients), '-j', '2', '-T', String(seconds), url]);
  const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  if (!m) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(m[1]);
}

/** Unrecorded load, so both sides are timed warm (JIT, pools, caches). */
async function warmUp(spec: Omit<LoadSpec, 'seconds'>): Promise<void> {
  if (WARMUP > 0) await runLoad({ ...spec, seconds: WARMUP });
}

async function timed(spec: Omit<LoadSpec, 'seconds'>): Promise<LoadResult> {
  let r = await runLoad({ ...spec, seconds: SECONDS });
  // A slow side (under 5 answers per connection in BENCH_SECONDS) loses a large share of its work with the
  // requests still in flight when the time is up: it is timed again over a whole number of requests per connection.
  if (r.ok < 5 * spec.connections) {
    const amount = Math.max(1, Math.round(r.ok / spec.connections)) * spec.connections;
    r = await runLoad({ ...spec, seconds: SECONDS, amount });
  }
  if (r.failed > 0) throw new Error(`${spec.url}: ${r.failed} failed requests of ${r.ok + r.failed}`);
  return r;
}

/** RUNS timed runs of each side, alternating which goes first; medians. */
async function sideBySide(
  baseline: (() => Promise<{ perSecond: number; p95?: number }>) | undefined,
  hub: () => Promise<{ perSecond: number; p95?: number }>,
): Promise<{ baseline?: { perSecond: number; p95?: number }; hub: { perSecond: number; p95?: number } }> {
  const b: { perSecond: number; p95?: number }[] = [];
  const h: { perSecond: number; p95?: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    if (baseline && r % 2 === 0) b.push(await baseline());
    h.push(await hub());
    if (baseline && r % 2 === 1) b.push(await baseline());
  }
  const summary = (xs: { perSecond: number; p95?: number }[]) => ({
    perSecond: median(xs.map((x) => x.perSecond)),
    p95: xs[0]?.p95 === undefined ? undefined : median(xs.map((x) => x.p95 ?? NaN)),
  });
  return { baseline: baseline ? summary(b) : undefined, hub: summary(h) };
}

/**
 * Statements per request: `n` requests one after another, then a pause for what they set off (the
 * event-log read after a commit, the NOTIFY to other processes). Three such windows, and the fewest statements count: the hub's scheduled jobs
 * (quality's inspection feed every 30 s, say) run now and then and can only add statements to a window.
 */
async function perRequest(counter: StatementCounter, label: string, n: number, request: () => Promise<unknown>): Promise<number> {
  let fewest: { statements: number; texts: [string, number][]; elapsed: number } | undefined;
  for (let window = 0; window < 3; window++) {
    await sleep(200);
    counter.take();
    const start = Date.now();
    for (let i = 0; i < n; i++) await request();
    const elapsed = Date.now() - start;
    await sleep(300);
    const taken = { ...counter.take(), elapsed };
    if (!fewest || taken.statements < fewest.statements) fewest = taken;
  }
  const { statements, texts, elapsed } = fewest!;
  if (SHOW_SQL) {
    console.log(
      `  SQL, ${label}: ${statements} statements for ${n} requests (${(elapsed / n).toFixed(0)} ms each, one at a time; the fewest of three windows)`,
    );
    for (const [text, count] of texts.slice(0, 30)) console.log(`    ${String(count).padStart(5)}  ${text}`);
  }
  return statements / n;
}

interface Requests {
  p1: Omit<LoadSpec, 'seconds'>;
  p2: Omit<LoadSpec, 'seconds'>;
  p3: Omit<LoadSpec, 'seconds'>;
}

function requestsTo(hubUrl: string, config: HubConfig, target: { itemId: string; locationId: string }): Requests {
  const reader = signToken(config.jwt, { subject: 'bench', role: Role.planner });
  const writer = signToken(config.jwt, { subject: 'bench', role: Role.admin });
  const headers = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
  return {
    p1: { url: hubUrl, method: 'POST', headers: headers(reader), body: P1_QUERY, connections: 50 },
    p2: {
      url: hubUrl,
      method: 'POST',
      headers: headers(reader),
      body: JSON.stringify({ query: ORDER_TRACKING }),
      connections: P2_CONNECTIONS,
    },
    p3: {
      url: hubUrl,
      method: 'POST',
      headers: headers(writer),
      body: JSON.stringify({ query: print(ReceiveStockDocument), variables: { input: { ...target, qty: '1' } } }),
      connections: 8,
    },
  };
}

const send = (spec: Omit<LoadSpec, 'seconds'>) => post(spec.url, spec.body ?? '', spec.headers.authorization?.slice(7));

/** The PostgreSQL pass: the hub through the counting proxy (seed, statements), then directly (timing), each scenario beside its baseline. */
async function postgresPass(serverUrl: string, rows: Row[]): Promise<{ p2?: Side; p3?: Side }> {
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  const suffix = `${process.pid}_${Date.now()}`;
  const hubDb = `mom_hub_bench_${suffix}`;
  const tpcbDb = `mom_hub_pgbench_${suffix}`;
  const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
  const database = `PostgreSQL ${version.split(' ')[0]}`;
  await admin.query(`create database ${hubDb}`);
  await admin.query(`create database ${tpcbDb}`);
  const hubUrl = withDatabase(serverUrl, hubDb);
  const tpcbUrl = withDatabase(serverUrl, tpcbDb);
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-'));
  try {
    await pgbench(['-i', '-s', '1', '-q', tpcbUrl]);

    // 1. Seed and count, everything through the proxy.
    const counter = await StatementCounter.start(serverUrl);
    let target: { itemId: string; locationId: string } | undefined;
    const sql = { p1: 0, p2: 0, p3: 0, raw: 0, tpcb: 0 };
    try {
      const started = Date.now();
      const { hub, config } = await startBenchHub(withDatabase(counter.url, hubDb), dataDir);
      try {
        target = await seed(hub);
        console.log(`  seeded ${ORDERS} sales orders on ${database} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        const req = requestsTo(hub.url, config, target);
        sql.p1 = await perRequest(counter, 'P1 hub', 20, () => send(req.p1));
        sql.p2 = await perRequest(counter, 'P2 hub', 5, () => send(req.p2));
        sql.p3 = await perRequest(counter, 'P3 hub', 20, () => send(req.p3));
      } finally {
        await hub.stop();
      }
      const countedPool = new Pool({ connectionString: withDatabase(counter.url, hubDb), max: 1 });
      sql.raw = await perRequest(counter, 'P2 raw', 5, () => countedPool.query(ORDER_TRACKING_SQL));
      await countedPool.end();
      sql.tpcb = await perRequest(counter, 'P3 pgbench', 1, () =>
        pgbench(['-n', '-c', '1', '-t', '50', withDatabase(counter.url, tpcbDb)]),
      );
      sql.tpcb /= 50;
    } finally {
      await counter.close();
    }

    // 2. Time, the hub connected directly.
    if (!target) throw new Error('not seeded');
    const { hub, config } = await startBenchHub(hubUrl, dataDir);
    const pool = new Pool({ connectionString: hubUrl, max: 10 });
    const bare = await bareServer();
    const raw = await rawEndpoint(pool);
    try {
      const req = requestsTo(hub.url, config, target);

      assertSameBytes('P1', P1_ANSWER, await send(req.p1));
      const p1Base = { ...req.p1, url: bare.url, headers: json };
      await warmUp(p1Base);
      await warmUp(req.p1);
      const p1 = await sideBySide(
        () => timed(p1Base),
        () => timed(req.p1),
      );
      rows.push({
        scenario: 'P1 `{ __typename }`, 50 connections',
        database,
        baseline: { label: 'bare node:http', perSecond: p1.baseline!.perSecond, sql: 0 },
        hub: { label: 'hub', perSecond: p1.hub.perSecond, sql: sql.p1 },
        goal: 0.4,
      });

      const rawBody = await post(raw.url, '');
      const hubBody = await send(req.p2);
      assertSameBytes('P2', rawBody, hubBody);
      const orders = (JSON.parse(hubBody) as { data: { salesOrders: { edges: unknown[] } } }).data.salesOrders.edges.length;
      const p2Base = { ...req.p2, url: raw.url, headers: json, body: '' };
      await warmUp(p2Base);
      await warmUp(req.p2);
      const p2 = await sideBySide(
        () => timed(p2Base),
        () => timed(req.p2),
      );
      const p2Row: Row = {
        scenario: `P2 order tracking, ${orders} orders (${(hubBody.length / 1024).toFixed(0)} KiB), ${P2_CONNECTIONS} connections`,
        database,
        baseline: { label: 'raw `pg`, one query', ...p2.baseline!, sql: sql.raw },
        hub: { label: 'hub', ...p2.hub, sql: sql.p2 },
        goal: 0.5,
      };
      rows.push(p2Row);

      await send(req.p3);
      await warmUp(req.p3);
      const p3 = await sideBySide(
        async () => ({ perSecond: await pgbenchTps(tpcbUrl, 8, SECONDS) }),
        () => timed(req.p3),
      );
      const p3Row: Row = {
        scenario: 'P3 `receiveStock`, 8 connections',
        database,
        baseline: { label: 'pgbench TPC-B -c 8 -j 2', perSecond: p3.baseline!.perSecond, sql: sql.tpcb },
        hub: { label: 'hub', perSecond: p3.hub.perSecond, p95: undefined, sql: sql.p3 },
        goal: 0.4,
      };
      rows.push(p3Row);
      return { p2: p2Row.baseline, p3: p3Row.baseline };
    } finally {
      await hub.stop();
      await new Promise((r) => bare.server.close(r));
      raw.server.closeAllConnections();
      await new Promise((r) => raw.server.close(r));
      await pool.end();
      rmSync(dataDir, { recursive: true, force: true });
      await admin.query(`drop database if exists ${hubDb} with (force)`);
      await admin.query(`drop database if exists ${tpcbDb} with (force)`);
      await admin.end();
    }
  } catch (e) {
    await admin.query(`drop database if exists ${hubDb} with (force)`).catch(() => undefined);
    await admin.query(`drop database if exists ${tpcbDb} with (force)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    throw e;
  }
}

/** The PGlite pass: P1 needs no database; P2 and P3 on PGlite against the PostgreSQL baselines of this run. */
async function pgLitePass(rows: Row[], baselines: { p2?: Side; p3?: Side }, withP1: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-'));
  const started = Date.now();
  const { hub, config } = await startBenchHub(undefined, dataDir);
  try {
    const target = await seed(hub);
    console.log(`  seeded ${ORDERS} sales orders on PGlite in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const req = requestsTo(hub.url, config, target);
    const database = 'PGlite';
    const note = baselines.p2 ? 'baseline: PostgreSQL, same run' : 'no PostgreSQL server: no baseline';

    if (withP1) {
      assertSameBytes('P1', P1_ANSWER, await send(req.p1));
      const bare = await bareServer();
      const p1Base = { ...req.p1, url: bare.url, headers: json };
      await warmUp(p1Base);
      await warmUp(req.p1);
      const p1 = await sideBySide(
        () => timed(p1Base),
        () => timed(req.p1),
      );
      await new Promise((r) => bare.server.close(r));
      rows.push({
        scenario: 'P1 `{ __typename }`, 50 connections',
        database,
        baseline: { label: 'bare node:http', perSecond: p1.baseline!.perSecond },
        hub: { label: 'hub', perSecond: p1.hub.perSecond },
        goal: 0.4,
      });
    }

    // The same statement on PGlite must give the hub's bytes here too.
    const hubBody = await send(req.p2);
    const [{ body }] = await forkEm(hub.orm).execute<{ body: string }[]>(ORDER_TRACKING_SQL);
    assertSameBytes('P2 (PGlite)', body, hubBody);
    const orders = (JSON.parse(hubBody) as { data: { salesOrders: { edges: unknown[] } } }).data.salesOrders.edges.length;
    await warmUp(req.p2);
    const p2 = await sideBySide(undefined, () => timed(req.p2));
    rows.push({
      scenario: `P2 order tracking, ${orders} orders (${(hubBody.length / 1024).toFixed(0)} KiB), ${P2_CONNECTIONS} connections`,
      database,
      baseline: baselines.p2,
      hub: { label: 'hub', ...p2.hub },
      goal: 0.5,
      note,
    });

    await send(req.p3);
    await warmUp(req.p3);
    const p3 = await sideBySide(undefined, () => timed(req.p3));
    rows.push({
      scenario: 'P3 `receiveStock`, 8 connections',
      database,
      baseline: baselines.p3,
      hub: { label: 'hub', perSecond: p3.hub.perSecond },
      goal: 0.4,
      note,
    });
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US'));
const ms = (n?: number) => (n === undefined || Number.isNaN(n) ? '' : `, p95 ${n < 10 ? n.toFixed(1) : fmt(n)} ms`);
const stmts = (n?: number) => (n === undefined ? '–' : Number.isInteger(n) ? String(n) : n.toFixed(1));

function printTable(rows: Row[]) {
  console.log('');
  console.log('| Scenario | Database | Baseline | Hub | Ratio | Goal | SQL per request: baseline → hub |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = r.baseline ? r.hub.perSecond / r.baseline.perSecond : undefined;
    const base = r.baseline ? `${r.baseline.label}: ${fmt(r.baseline.perSecond)}/s${ms(r.baseline.p95)}` : '–';
    const mark = ratio === undefined ? '' : ratio >= r.goal ? ' ✓' : ' ✗';
    console.log(
      `| ${r.scenario} | ${r.database}${r.note ? ` (${r.note})` : ''} | ${base} | ${fmt(r.hub.perSecond)}/s${ms(r.hub.p95)} | ` +
        `${ratio === undefined ? '–' : `**${ratio.toFixed(ratio < 0.1 ? 3 : 2)}×**`}${mark} | ≥ ${r.goal}× | ${stmts(r.baseline?.sql)} → ${stmts(r.hub.sql)} |`,
    );
  }
  console.log('');
  console.log(
    `Medians of ${RUNS} runs of ${SECONDS} s per side, alternating, after ${WARMUP} s of warm-up each; requests per second are successful responses. ` +
      'SQL statements are counted on the wire in front of PostgreSQL (Query and Execute messages), averaged over requests sent one at a time.',
  );
}

export async function benchScenarios(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const rows: Row[] = [];
  console.log(
    `Scenarios of issue 8 (${serverUrl ? 'PostgreSQL, then PGlite' : 'PGlite only: set BENCH_DATABASE_URL or DATABASE_URL for the baselines'}):`,
  );
  const baselines = serverUrl ? await postgresPass(serverUrl, rows) : {};
  if (process.env.BENCH_PGLITE !== 'false') await pgLitePass(rows, baselines, !serverUrl);
  printTable(rows);
  // P5, deliveries to a local receiver (bench/deliveries.ts); BENCH_P5=false skips it.
  if (process.env.BENCH_P5 !== 'false') await benchAllDeliveries();
  // P4, one event to many subscribers (bench/subscribers.ts); BENCH_P4=false skips it.
  if (process.env.BENCH_P4 !== 'false') await benchSubscribers();
}

if (require.main === module) {
  benchScenarios().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
