import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from './support/database';
import { HttpClient } from './support/client';
import { Receiver, eventually } from './support/receiver';
import { DIST_MAIN, runNode, stop, waitForOutput } from './support/process';
import { TEST_SECRET } from './support/hub';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { CreateItemDocument, CreateLocationDocument, DeliveriesDocument, ReceiveStockDocument } from './generated/graphql';
import { uniq } from './support/factory';

// Real hub processes (what `npm start` runs), killed and restarted, against a partner on loopback.
const SECRET = 'finance-secret-for-fault-tests-0123456789';
let db: TestDatabase;
let receiver: Receiver;
const procs: ChildProcess[] = [];
const token = signToken({ secret: TEST_SECRET, issuer: 'mom-hub', audience: 'mom-hub' }, { subject: 'faults', role: Role.admin });

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await new Receiver(SECRET).start();
  writeFileSync(
    join(db.dataDir, 'hub.json'),
    JSON.stringify({
      adapters: [{ name: 'finance', module: 'webhook', options: { url: receiver.url, secretEnv: 'FINANCE_SECRET', timeoutMs: 6000 } }],
      deliveries: { leaseMs: 8000, pollMs: 100, baseDelayMs: 100, maxDelayMs: 1000 },
    }),
  );
});
afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  await receiver?.stop();
  await db?.drop();
});

async function startHubProcess(): Promise<{ proc: ChildProcess; api: HttpClient }> {
  const proc = runNode(DIST_MAIN, [], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl,
    JWT_SECRET: TEST_SECRET,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
    HUB_CONFIG: join(db.dataDir, 'hub.json'),
    FINANCE_SECRET: SECRET,
  });
  procs.push(proc);
  const [, url] = await waitForOutput(proc, /running at (http:\/\/\S+\/graphql)/);
  return { proc, api: new HttpClient(url, token) };
}

async function stockSetup(api: HttpClient) {
  const item = (await api.ok(CreateItemDocument, { input: { sku: uniq('BOLT'), name: 'Bolt', type: 'RAW', standardCost: '0.5' } }))
    .createItem.item;
  const loc = (await api.ok(CreateLocationDocument, { input: { code: uniq('ST'), name: 'Store', type: 'STORAGE' } })).createLocation
    .location;
  return (qty: string) => api.ok(ReceiveStockDocument, { input: { itemId: item.id, locationId: loc.id, qty } });
}

test('the hub is killed (SIGKILL) mid-delivery and restarted: nothing lost, the re-send carries the same key', async () => {
  receiver.mode = 'stall';
  const a = await startHubProcess();
  const receipt = await stockSetup(a.api);
  await receipt('10');
  await eventually(
    async () => receiver.requests,
    (n) => n >= 1,
  );
  a.proc.kill('SIGKILL');
  await new Promise((r) => a.proc.on('exit', r));

  receiver.mode = 'ok';
  const b = await startHubProcess();
  const delivered = await eventually(
    () => b.api.ok(DeliveriesDocument, { filter: { adapter: 'finance' } }).then((r) => r.deliveries.edges.map((e) => e.node)),
    (ds) => ds.length === 1 && ds[0].state === 'DELIVERED',
  );
  expect(delivered[0].attempts).toBe(2);
  expect(receiver.keys()).toEqual([delivered[0].eventId]);
  expect(receiver.requests).toBe(2);
  await stop(b.proc);
});

const pgOnly = process.env.DATABASE_URL ? test : test.skip;
pgOnly('two hub processes deliver at once: no entry is sent twice', async () => {
  receiver.mode = 'ok';
  const [a, b] = await Promise.all([startHubProcess(), startHubProcess()]);
  const requestsBefore = receiver.requests;
  const acceptedBefore = receiver.accepted.length;
  const receipt = await stockSetup(a.api);
  const receiptB = await stockSetup(b.api);
  await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? receipt : receiptB)(String(i + 1))));
  await eventually(
    () =>
      a.api
        .ok(DeliveriesDocument, { filter: { adapter: 'finance', states: ['PENDING', 'IN_FLIGHT'] } })
        .then((r) => r.deliveries.totalCount),
    (n) => n === 0,
  );
  expect(receiver.accepted.length - acceptedBefore).toBe(20);
  expect(receiver.requests - requestsBefore).toBe(20);
  await Promise.all([stop(a.proc), stop(b.proc)]);
});
