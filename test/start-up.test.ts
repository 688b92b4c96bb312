import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { HttpClient } from './support/client';
import {
  DIST_MAIN,
  DIST_TOKEN,
  childPids,
  commandLine,
  descendantPids,
  exited,
  isAlive,
  runNode,
  runNpm,
  runToEnd,
  stop,
  waitForOutput,
  waitUntil,
} from './support/process';
import { SalesOrdersDocument, WorkOrdersDocument } from './generated/graphql';

// These run the compiled hub the way `npm start` does, as its own process, on PGlite in a fresh folder.
const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-start-'));
const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
let hub: ChildProcess | undefined;
afterAll(async () => {
  if (hub) await stop(hub);
  rmSync(dataDir, { recursive: true, force: true });
});

async function start() {
  hub = runNode(DIST_MAIN, [], env);
  const [, url] = await waitForOutput(hub, /running at (http:\/\/\S+\/graphql)/);
  return url;
}

test('first start: demo factory loaded, how to get a token printed, health answers without a token', async () => {
  hub = runNode(DIST_MAIN, [], env);
  const [banner, url] = await waitForOutput(hub, /running at (http:\/\/\S+\/graphql)[\s\S]*Authorization: Bearer <token>/);
  expect(banner).toContain('npm run token -- --role planner');
  expect(await (await fetch(url.replace('/graphql', '/healthz'))).json()).toEqual({ status: 'ok' });

  // The token CLI signs with the key the hub made in DATA_DIR, and prints the token alone on the last line.
  const minted = await runToEnd(DIST_TOKEN, ['--role', 'planner'], env);
  expect(minted.code).toBe(0);
  const token = minted.stdout.trim().split('\n').at(-1)!;
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

  const api = new HttpClient(url, token);
  let orders: string[] = [];
  for (let i = 0; i < 40 && orders.length === 0; i++) {
    orders = (await api.ok(SalesOrdersDocument, {})).salesOrders.edges.map((e) => e.node.code);
    if (!orders.length) await new Promise((r) => setTimeout(r, 250));
  }
  expect(orders.length).toBe(2);
  const wos = (await api.ok(WorkOrdersDocument, { filter: { states: ['RELEASED'] } })).workOrders;
  expect(wos.totalCount).toBe(1);
  await stop(hub);

  // Data is kept between runs, and the demo factory is not loaded twice.
  const again = await start();
  expect((await new HttpClient(again, token).ok(SalesOrdersDocument, {})).salesOrders.totalCount).toBe(2);
  await stop(hub);
  hub = undefined;
});

test('a customer or supplier token needs its partner', async () => {
  const res = await runToEnd(DIST_TOKEN, ['--role', 'customer'], env);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/needs --partner/);
});

test.each([
  ['PORT', 'eighty', /PORT: /],
  ['DATABASE_URL', 'mysql://localhost/x', /DATABASE_URL: must be a postgres/],
  ['JWT_SECRET', 'short', /JWT_SECRET: must be at least 32 characters/],
  ['LOG_LEVEL', 'loud', /LOG_LEVEL: /],
])('a bad %s stops start-up with a message naming it', async (name, value, message) => {
  const res = await runToEnd(DIST_MAIN, [], { ...env, [name]: value });
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/Invalid settings/);
  expect(res.stderr).toMatch(message);
});

test('a HUB_CONFIG that is missing or wrong stops start-up saying what is wrong', async () => {
  const missing = await runToEnd(DIST_MAIN, [], { ...env, HUB_CONFIG: join(dataDir, 'nope.json') });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/HUB_CONFIG: .*nope\.json does not exist/);
  const bad = join(dataDir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ adapters: [{ name: 'Finance!', module: 'webhook' }] }));
  const invalid = await runToEnd(DIST_MAIN, [], { ...env, HUB_CONFIG: bad });
  expect(invalid.code).toBe(1);
  expect(invalid.stderr).toMatch(/adapters\.0\.name: lower-case letters/);
});

test('the token CLI says which key it signed with, on stderr, and keeps the token alone on the last line', async () => {
  const local = await runToEnd(DIST_TOKEN, ['--role', 'viewer'], env);
  expect(local.code).toBe(0);
  expect(local.stderr).toContain(`signed with the key in ${join(dataDir, 'jwt-secret')}`);
  expect(local.stdout.trim().split('\n').at(-1)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

  const secret = await runToEnd(DIST_TOKEN, ['--role', 'viewer'], { ...env, JWT_SECRET: 'x'.repeat(40) });
  expect(secret.stderr).toMatch(/signed with JWT_SECRET/);

  // A DATA_DIR no hub has used gets a new key, and the CLI says so instead of failing later at the hub.
  const elsewhere = join(dataDir, 'elsewhere');
  const made = await runToEnd(DIST_TOKEN, ['--role', 'viewer'], { ...env, DATA_DIR: elsewhere });
  expect(made.code).toBe(0);
  expect(made.stderr).toContain(`signed with a new key, just made in ${join(elsewhere, 'jwt-secret')}`);
});

/** Holds a port the way another program would; resolves with its number. */
function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : 0, server });
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

test('a taken port stops start-up with a non-zero code and one line naming the port', async () => {
  const { port, server } = await holdPort();
  try {
    const res = await runToEnd(DIST_MAIN, [], { ...env, PORT: String(port), DEMO_DATA: 'false' });
    expect(res.code).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes(`Port ${port} is already in use`))).toHaveLength(1);
    expect(res.stderr).toMatch(/set PORT/);
    expect(res.stderr).not.toMatch(/^\s+at /m); // no stack
  } finally {
    await new Promise((r) => server.close(r));
  }
});

// `npm start` itself, not the compiled entry: the process npm starts must be the hub, so a signal sent to
// npm (by a terminal, systemd or a container runtime) stops the hub and frees its port. Builds first only if
// a source is newer than dist, hence the generous time limit.
test.each(['SIGTERM', 'SIGINT'] as const)(
  '%s sent to `npm start` stops the hub: no orphan, the port is free',
  async (signal) => {
    const npm = runNpm(['start'], { ...env, DEMO_DATA: 'false' });
    let hubs: number[] = [];
    try {
      const [, url] = await waitForOutput(npm, /running at (http:\/\/\S+\/graphql)/, 240000);
      const health = url.replace('/graphql', '/healthz');
      await waitUntil('/healthz answers', async () => (await fetch(health).catch(() => undefined))?.ok === true);
      const port = Number(new URL(url).port);
      hubs = childPids(npm.pid!);
      // npm → the hub, with no shell in between (a shell would take the signal and leave the hub running).
      expect(hubs.map(commandLine)).toEqual([expect.stringMatching(/^node .*scripts\/run\.cjs .*dist\/src\/app\/main\.js/)]);

      npm.kill(signal);
      await waitUntil('npm has exited', () => npm.exitCode !== null || npm.signalCode !== null);
      const end = await exited(npm);
      expect(end.code === 0 || end.signal === signal).toBe(true);
      await waitUntil('the hub process is gone', () => !isAlive(hubs[0]));
      expect(await portIsFree(port)).toBe(true);
    } finally {
      // Whatever went wrong, leave nothing running (an orphaned hub would also keep jest waiting on its pipes).
      const left = [...hubs, ...descendantPids(npm.pid!)];
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
      for (const pid of left) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  },
  300000,
);
