import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HttpClient, Collector, wsClient } from './support/client';
import { createTestDatabase, type TestDatabase } from './support/database';
import { DIST_MAIN, runNode, waitForOutput } from './support/process';
import { eventually } from './support/receiver';
import { TEST_SECRET } from './support/hub';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { ItemsDocument, StockChangedDocument, WorkOrderChangedDocument } from './generated/graphql';

// The compiled hub as its own process (what `npm start` runs), on a database of this file's own.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const env = (extra: Record<string, string> = {}) => ({
  DATA_DIR: db.dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  JWT_SECRET: TEST_SECRET,
  DEMO_DATA: 'false',
  LOG_LEVEL: 'info',
  ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  ...extra,
});
const token = (role: Role) =>
  signToken({ secret: TEST_SECRET, issuer: 'mom-hub', audience: 'mom-hub' }, { subject: `process-${role}`, role }, '1h');

/** Starts the hub, keeping everything it prints; resolves with its URL. */
async function start(extra: Record<string, string> = {}) {
  const proc = runNode(DIST_MAIN, [], env(extra));
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const [, url] = await waitForOutput(proc, /running at (http:\/\/\S+\/graphql)/);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, url, output: () => output, exited };
}

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string; [k: string]: unknown });

test('a normal stop is quiet: SIGTERM with live subscriptions exits 0 and logs nothing at error level', async () => {
  const hub = await start();
  const api = new HttpClient(hub.url, token(Role.planner));
  await api.ok(ItemsDocument, {});
  await api.raw({
    query: 'mutation { releaseWorkOrder(input: { workOrderId: "00000000-0000-0000-0000-000000000000" }) { workOrder { code } } }',
  });
  const closes: number[] = [];
  const ws = wsClient(hub.url.replace(/^http/, 'ws'), token(Role.planner), (code) => closes.push(code));
  const subs = [Collector.start(ws, StockChangedDocument, { fromSeq: '0' }), Collector.start(ws, WorkOrderChangedDocument, {})];
  await eventually(
    async () => jsonLines(hub.output()).filter((l) => l.msg === 'graphql operation').length,
    (n) => n >= 2,
  );
  await new Promise((r) => setTimeout(r, 500)); // the subscriptions are registered with the stream

  hub.proc.kill('SIGTERM');
  expect(await hub.exited).toEqual({ code: 0, signal: null });
  const lines = jsonLines(hub.output());
  expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  // The clients were told the server is going away (1001), so they reconnect and resume from their sequence.
  await eventually(
    async () => closes,
    (c) => c.length > 0,
  );
  expect(closes[0]).toBe(1001);
  subs.forEach((s) => s.stop());
  await ws.dispose();
});

/** An OTLP/HTTP receiver (JSON encoding, as @opentelemetry/exporter-trace-otlp-http sends it). */
class OtlpReceiver {
  readonly spans: { scope: string; name: string; traceId: string }[] = [];
  private server!: Server;
  url = '';
  async start() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (req.url === '/v1/traces' && String(req.headers['content-type']).startsWith('application/json')) {
          const parsed = JSON.parse(body) as {
            resourceSpans: { scopeSpans: { scope: { name: string }; spans: { name: string; traceId: string }[] }[] }[];
          };
          for (const rs of parsed.resourceSpans)
            for (const ss of rs.scopeSpans)
              for (const s of ss.spans) this.spans.push({ scope: ss.scope.name, name: s.name, traceId: s.traceId });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

test('with OTEL_EXPORTER_OTLP_ENDPOINT set, a GraphQL request becomes one trace: HTTP, Express, GraphQL (and PostgreSQL) spans', async () => {
  const receiver = await new OtlpReceiver().start();
  const hub = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100', LOG_LEVEL: 'warn' });
  try {
    const res = await new HttpClient(hub.url, token(Role.planner)).raw({
      query: 'query TracedItems { items(first: 1) { totalCount } }',
      operationName: 'TracedItems',
    });
    expect(res.body.errors).toBeUndefined();
    const operation = await eventually(
      async () => receiver.spans.find((s) => s.name === 'query TracedItems'),
      (s) => s !== undefined,
    );
    const trace = receiver.spans.filter((s) => s.traceId === operation!.traceId);
    expect(trace.map((s) => s.scope)).toEqual(
      expect.arrayContaining([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-graphql',
      ]),
    );
    expect(trace.map((s) => s.name)).toEqual(
      expect.arrayContaining(['POST /graphql', 'graphql.parse', 'graphql.validate', 'graphql.resolve items']),
    );
    // On PostgreSQL the queries the request ran are spans of the same trace.
    if (db.databaseUrl) expect(trace.filter((s) => s.scope === '@opentelemetry/instrumentation-pg').length).toBeGreaterThan(0);
    // Probes are not traced.
    await fetch(hub.url.replace('/graphql', '/healthz'));
  } finally {
    hub.proc.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
    await receiver.stop();
  }
  expect(receiver.spans.some((s) => s.name.includes('healthz'))).toBe(false);
});

test('without it, not one OpenTelemetry module is loaded', () => {
  const script = `require(${JSON.stringify(join(DIST_MAIN, '..', 'observability', 'tracing.js'))});
    process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes('@opentelemetry')).length));`;
  const run = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  expect(run.stdout).toBe('0');
});
