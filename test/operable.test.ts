import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestHub, testConfig, type TestHub } from './support/hub';
import { createTestDatabase } from './support/database';
import { Collector } from './support/client';
import { eventually } from './support/receiver';
import { startHub } from '../src/app/server';
import { RequestLog } from '../src/app/observability/request-log';
import { readinessHandler } from '../src/app/observability/readiness';
import { Role } from '../src/kernel/auth/permissions';
import { CreateItemDocument, StockChangedDocument } from './generated/graphql';

/** The hub's JSON log lines, kept for the test to read. */
class Lines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    for (const l of chunk.toString().split('\n')) if (l.trim()) this.lines.push(JSON.parse(l));
    done();
  }
  operations() {
    return this.lines.filter((l) => l.msg === 'graphql operation');
  }
}

const postgres = Boolean(process.env.DATABASE_URL);
let t: TestHub;
const logs = new Lines();

beforeAll(async () => {
  t = await startTestHub({ log: pino({ level: 'info' }, logs) });
});
afterAll(async () => {
  await t?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(t.hub.url.replace('/graphql', path), { headers });
/** The value of one sample in Prometheus text format, e.g. metric('x_total', { code: "FORBIDDEN" }). */
const sample = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    if (want.every((w) => (m[2] ?? '').includes(w))) return Number(m[3]);
  }
  return undefined;
};

test('every GraphQL operation is one log line: name, type, role, subject, duration and outcome at a fitting level', async () => {
  const planner = t.client('planner');
  const ok = await planner.raw({ query: 'query OpenOrders { salesOrders(first: 1) { totalCount } }', operationName: 'OpenOrders' });
  expect(ok.body.errors).toBeUndefined();
  const forbidden = await t
    .client('viewer')
    .exec(CreateItemDocument, { input: { sku: 'X-1', name: 'x', type: 'RAW', unit: 'pcs', tracking: 'NONE' } });
  expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  await planner.raw({ query: '{ nope }' });
  await t.anonymous().raw({ query: '{ salesOrders { totalCount } }' }, { authorization: 'Bearer not-a-token' });

  const ops = logs.operations();
  expect(ops.find((l) => l.operation === 'OpenOrders')).toMatchObject({
    level: 30,
    type: 'query',
    transport: 'http',
    role: 'planner',
    subject: 'test-planner',
    outcome: 'OK',
  });
  expect(typeof ops.find((l) => l.operation === 'OpenOrders')!.durationMs).toBe('number');
  expect(ops.find((l) => l.operation === 'CreateItem')).toMatchObject({
    level: 40,
    type: 'mutation',
    role: 'viewer',
    outcome: 'FORBIDDEN',
  });
  expect(ops.find((l) => l.outcome === 'BAD_USER_INPUT' && l.role === 'planner')).toMatchObject({ level: 40, type: 'unknown' });
  expect(ops.find((l) => l.outcome === 'UNAUTHENTICATED')).toMatchObject({ level: 40, role: 'anonymous' });
});

test('an operation over WebSocket is logged when it ends, and the connections gauge follows the sockets', async () => {
  const ws = t.ws('operator');
  const sub = Collector.start(ws, StockChangedDocument, {});
  const metrics = async () => sample(await (await get('/metrics')).text(), 'mom_hub_websocket_connections');
  await eventually(metrics, (n) => n === 1);
  sub.stop();
  await eventually(
    async () => logs.operations().find((l) => l.operation === 'StockChanged'),
    (l) => l !== undefined,
  );
  expect(logs.operations().find((l) => l.operation === 'StockChanged')).toMatchObject({
    level: 30,
    type: 'subscription',
    transport: 'ws',
    role: 'operator',
    subject: 'test-operator',
    outcome: 'OK',
  });
  // One refused before it runs (it does not validate) is logged too, with its code.
  await new Promise<void>((resolve) =>
    ws.subscribe({ query: 'subscription { noSuchField }' }, { next: () => undefined, error: () => resolve(), complete: () => resolve() }),
  );
  expect(logs.operations().find((l) => l.transport === 'ws' && l.outcome === 'BAD_USER_INPUT')).toMatchObject({
    level: 40,
    role: 'operator',
  });
  await ws.dispose();
  await eventually(metrics, (n) => n === 0);
});

test('the request log maps codes to levels: OK info, a caller error warn, an internal error error', () => {
  const seen: { level: number; outcome: string }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(c, _e, d) {
        const j = JSON.parse(String(c));
        seen.push({ level: j.level, outcome: j.outcome });
        d();
      },
    }),
  );
  const r = new RequestLog(log);
  const actor = { subject: 's', role: Role.planner };
  r.record({ operation: 'A', type: 'query', transport: 'http', actor, durationMs: 1, codes: [] });
  r.record({ operation: 'B', type: 'mutation', transport: 'http', actor, durationMs: 1, codes: ['INVALID_STATE'] });
  r.record({ operation: 'C', type: 'mutation', transport: 'http', actor, durationMs: 1, codes: ['INTERNAL_SERVER_ERROR', 'FORBIDDEN'] });
  expect(seen).toEqual([
    { level: 30, outcome: 'OK' },
    { level: 40, outcome: 'INVALID_STATE' },
    { level: 50, outcome: 'INTERNAL_SERVER_ERROR' },
  ]);
});

test('/metrics: request durations by operation, errors by code, event-log lag, deliveries, database, process', async () => {
  const planner = t.client('planner');
  for (let i = 0; i < 3; i++)
    await planner.raw({ query: 'query Stock { stockBalances(first: 1) { totalCount } }', operationName: 'Stock' });
  const res = await get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  expect(sample(text, 'mom_hub_graphql_request_duration_seconds_count', { operation: 'Stock', type: 'query', transport: 'http' })).toBe(3);
  expect(sample(text, 'mom_hub_graphql_request_duration_seconds_bucket', { operation: 'Stock', le: '+Inf' })).toBe(3);
  expect(sample(text, 'mom_hub_graphql_errors_total', { code: 'FORBIDDEN', transport: 'http' })).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'mom_hub_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'mom_hub_event_log_lag_events')).toBe(0);
  expect(sample(text, 'mom_hub_event_log_last_seq')).toBeGreaterThanOrEqual(0);
  for (const state of ['PENDING', 'IN_FLIGHT', 'DELIVERED', 'DEAD']) expect(sample(text, 'mom_hub_deliveries', { state })).toBe(0);
  expect(sample(text, 'mom_hub_delivery_oldest_due_age_seconds')).toBe(0);
  expect(sample(text, 'mom_hub_db_embedded')).toBe(postgres ? 0 : 1);
  if (postgres) {
    expect(sample(text, 'mom_hub_db_pool_max')).toBe(10);
    expect(sample(text, 'mom_hub_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'mom_hub_db_pool_connections', { state: 'waiting' })).toBe(0);
  }
  expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeDefined();
});

test('/metrics counts a due delivery and its age, read from the outbox when scraped', async () => {
  const em = t.em();
  await em.execute(
    `insert into delivery (id, created_at, updated_at, adapter, event_seq, event_id, event_type, aggregate_id, state, attempts, next_attempt_at)
     values (gen_random_uuid(), now(), now(), 'nobody', 999999, gen_random_uuid(), 'Test', gen_random_uuid(), 'PENDING', 0, now() - interval '90 seconds')`,
  );
  try {
    const text = await (await get('/metrics')).text();
    expect(sample(text, 'mom_hub_deliveries', { state: 'PENDING' })).toBe(1);
    expect(sample(text, 'mom_hub_delivery_oldest_due_age_seconds')).toBeGreaterThanOrEqual(89);
  } finally {
    await em.execute(`delete from delivery where adapter = 'nobody'`);
  }
});

test('/readyz: database, migrations and workers, each named', async () => {
  const res = await get('/readyz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    status: 'ready',
    failed: [],
    checks: {
      database: { ok: true },
      migrations: { ok: true },
      eventStream: { ok: true },
      deliveryWorker: { ok: true, detail: 'idle' },
    },
    adapters: {},
  });
  expect((await get('/healthz')).status).toBe(200);
});

test('/readyz answers 503 naming a pending migration', async () => {
  const db = await createTestDatabase();
  const hub = await startHub(testConfig(db));
  const readyz = async () => {
    const res = await fetch(hub.url.replace('/graphql', '/readyz'));
    return { status: res.status, body: (await res.json()) as { failed: string[]; checks: Record<string, { detail?: string }> } };
  };
  try {
    expect((await readyz()).status).toBe(200);
    const [last] = await hub.orm.em
      .fork()
      .getConnection()
      .execute<{ name: string }[]>('select name from mikro_orm_migrations order by name desc limit 1');
    await hub.orm.em.fork().getConnection().execute('delete from mikro_orm_migrations where name = ?', [last.name]);
    const pending = await readyz();
    expect(pending.status).toBe(503);
    expect(pending.body.failed).toEqual(['migrations']);
    expect(pending.body.checks.migrations.detail).toBe(`pending: ${last.name}`);
  } finally {
    await hub.stop();
    await db.drop();
  }
});

test('/readyz names an unreachable database and stopped workers', async () => {
  const failing = { em: { fork: () => ({ execute: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) }) } };
  let status = 0;
  let body: unknown;
  const res = { setHeader: () => res, status: (s: number) => ((status = s), res), json: (b: unknown) => ((body = b), res) };
  await readinessHandler({ orm: failing as never, eventStream: () => false, deliveryWorker: () => 'stopped', adapters: async () => [] })(
    {} as never,
    res as never,
  );
  expect(status).toBe(503);
  expect(body).toEqual({
    status: 'unavailable',
    failed: ['database', 'migrations', 'eventStream', 'deliveryWorker'],
    checks: {
      database: { ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:5432' },
      migrations: { ok: false, detail: 'not checked: the database is not reachable' },
      eventStream: { ok: false, detail: 'not running' },
      deliveryWorker: { ok: false, detail: 'not running' },
    },
    adapters: {},
  });
});

test('/metrics can require a bearer token (METRICS_TOKEN), and can be turned off (METRICS=false)', async () => {
  const secured = await startHub(testConfig(t.db, { METRICS_TOKEN: 'scrape-token-0123456789' }), { orm: t.hub.orm });
  try {
    const url = secured.url.replace('/graphql', '/metrics');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('mom_hub_websocket_connections');
  } finally {
    await secured.stop();
  }
  const off = await startHub(testConfig(t.db, { METRICS: 'false' }), { orm: t.hub.orm });
  try {
    expect((await fetch(off.url.replace('/graphql', '/metrics'))).status).toBe(404);
  } finally {
    await off.stop();
  }
});

test('a browser opening /graphql gets GraphiQL from the hub itself; API clients still get GraphQL', async () => {
  const page = await get('/graphql', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('graphiql.min.js');
  expect(html).not.toMatch(/https?:\/\//);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  for (const asset of [
    'graphiql.min.js',
    'graphiql.min.css',
    'react.production.min.js',
    'react-dom.production.min.js',
    'graphql-ws/client.js',
  ]) {
    expect((await get(`/graphiql/assets/${asset}`)).status).toBe(200);
  }
  expect((await get('/graphiql/app.js')).status).toBe(200);
  expect((await get('/graphiql')).status).toBe(200);
  // Not Apollo's landing page (it loads Sandbox from the internet).
  expect(html).not.toContain('apollo');
  const json = await fetch(`${t.hub.url}?query=${encodeURIComponent('{ __typename }')}`, {
    headers: { accept: 'application/json', 'apollo-require-preflight': '1' },
  });
  expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
});
