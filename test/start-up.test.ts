import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { HttpClient } from './support/client';
import { DIST_MAIN, DIST_TOKEN, runNode, runToEnd, stop, waitForOutput } from './support/process';
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
  await stop(hub!);
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
