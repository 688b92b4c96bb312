import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from './support/hub';
import { Receiver, eventually } from './support/receiver';
import { RecordingPartner } from './support/fixture-adapter';
import { buildFactory, receive, releasedOrder, type Factory } from './support/factory';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import {
  AdapterHealthDocument,
  DeliveriesDocument,
  JournalEntriesDocument,
  RecordExecutionEventDocument,
  ReplayDeliveriesDocument,
} from './generated/graphql';

const SECRET = 'finance-webhook-secret-0123456789';
// The ERP twin's deliveries are given up after this long (the hub's default is days).
const ERP_MAX_AGE_MS = 1500;
process.env.TEST_FINANCE_SECRET = SECRET;

let t: TestHub;
let f: Factory;
let receiver: Receiver;
const erp = new RecordingPartner();
// A ledger that numbers its postings: one journal entry at a time, whatever the hub's concurrency.
const ledger = new RecordingPartner();

beforeAll(async () => {
  receiver = await new Receiver(SECRET).start();
  const integration = integrationSchema.parse({
    adapters: [
      { name: 'finance', module: 'webhook', options: { url: receiver.url, secretEnv: 'TEST_FINANCE_SECRET', timeoutMs: 400 } },
      { name: 'erp', module: 'recording-erp', maxAgeMs: ERP_MAX_AGE_MS },
      { name: 'ledger', module: 'ledger' },
    ],
    deliveries: { baseDelayMs: 40, maxDelayMs: 400, leaseMs: 3000, pollMs: 50, concurrency: 4, circuit: { failures: 3, probeMs: 150 } },
  });
  t = await startTestHub({
    integration,
    adapterFactories: {
      'recording-erp': erp.factory([
        'WorkOrderReleased',
        'WorkOrderStarted',
        'OperationStarted',
        'OperationProgressed',
        'WorkOrderCompleted',
      ]),
      ledger: ledger.factory(['JournalEntryPosted'], { concurrencyByEvent: { JournalEntryPosted: 1 }, timeoutMs: 2000 }),
    },
  });
  f = await buildFactory(t.client('planner'));
});
afterAll(async () => {
  await t?.close();
  await receiver?.stop();
});

const deliveries = (adapter: string, states?: ('PENDING' | 'IN_FLIGHT' | 'DELIVERED' | 'DEAD')[]) =>
  t
    .client('admin')
    .ok(DeliveriesDocument, { filter: { adapter, states }, first: 200 })
    .then((r) => r.deliveries);
const settled = (adapter: string) =>
  eventually(
    () => deliveries(adapter, ['PENDING', 'IN_FLIGHT']),
    (d) => d.totalCount === 0,
  );

test('every receipt books a balanced journal entry at standard cost', async () => {
  await receive(t.client('planner'), f, f.plate.id, '10');
  const entries = (await t.client('finance').ok(JournalEntriesDocument, { filter: { source: 'RECEIPT' } })).journalEntries.edges.map(
    (e) => e.node,
  );
  const entry = entries.at(-1)!;
  expect(entry).toMatchObject({ source: 'RECEIPT', amount: '15', currency: 'EUR', qty: '10' });
  expect(entry.lines).toEqual([
    { lineNo: 1, account: '1400', debit: '15', credit: '0' },
    { lineNo: 2, account: '2100', debit: '0', credit: '15' },
  ]);
  expect((await t.client('viewer').fail(JournalEntriesDocument, {})).code).toBe('FORBIDDEN');
});

test('the finance endpoint is down for a while, then back: every entry arrives exactly once, none lost', async () => {
  await settled('finance');
  receiver.mode = 'down';
  const before = receiver.accepted.length;
  for (let i = 0; i < 5; i++) await receive(t.client('planner'), f, f.plate.id, String(i + 1));
  await eventually(
    () => deliveries('finance', ['PENDING']),
    (d) => d.edges.some((e) => e.node.attempts >= 1 && /503/.test(e.node.lastError ?? '')),
  );
  receiver.mode = 'ok';
  await settled('finance');
  const entries = (await t.client('finance').ok(JournalEntriesDocument, { filter: { source: 'RECEIPT' } })).journalEntries.totalCount;
  const keys = receiver.keys();
  expect(new Set(keys).size).toBe(keys.length);
  expect(receiver.accepted.filter((a) => a.type === 'JournalEntryPosted').length).toBe(entries);
  expect(receiver.accepted.length - before).toBe(5);
  expect(receiver.refusedSignatures).toEqual([]);
  const failedTries = (await deliveries('finance')).edges.flatMap((e) => e.node.attemptLog).filter((a) => a.outcome === 'RETRY');
  expect(failedTries.length).toBeGreaterThan(0);
});

test('a stalled endpoint times out and is retried; 429 waits for Retry-After', async () => {
  // Judged from the attempt log, which keeps every try, so a slow machine cannot make us miss a state.
  const tried = (pattern: RegExp) => (d: Awaited<ReturnType<typeof deliveries>>) =>
    d.edges.some((e) => e.node.attemptLog.some((a) => pattern.test(a.error ?? '')));
  receiver.mode = 'stall';
  await receive(t.client('planner'), f, f.plate.id, '1');
  await eventually(() => deliveries('finance'), tried(/timeout|timed out|ECONNABORTED/i));
  receiver.mode = 'throttle';
  await eventually(() => deliveries('finance'), tried(/429/));
  receiver.mode = 'ok';
  await settled('finance');
  expect((await deliveries('finance', ['DEAD'])).totalCount).toBe(0);
});

test('a 4xx is permanent: the delivery is dead at once, and an admin can replay it', async () => {
  receiver.mode = 'reject';
  await receive(t.client('planner'), f, f.plate.id, '2');
  // The page and its count are two reads: the delivery may go dead between them, so both must show it.
  const dead = await eventually(
    () => deliveries('finance', ['DEAD']),
    (d) => d.totalCount === 1 && d.edges.length === 1,
  );
  expect(dead.edges[0].node).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/422: unknown account/) });
  expect(dead.edges[0].node.attemptLog.map((a) => a.outcome)).toEqual(['DEAD']);
  receiver.mode = 'ok';
  expect((await t.client('planner').fail(ReplayDeliveriesDocument, { input: { adapter: 'finance' } })).code).toBe('FORBIDDEN');
  await t.client('admin').ok(ReplayDeliveriesDocument, { input: { deliveryIds: [dead.edges[0].node.id] } });
  await settled('finance');
  expect(receiver.keys()).toContain(dead.edges[0].node.eventId);
});

test('a poison event goes dead past its maximum age, does not block the rest, and is replayable', async () => {
  erp.alwaysFail.add('WorkOrderReleased');
  const { wo } = await releasedOrder(t.client('planner'), f, '2');
  const dead = await eventually(
    () => deliveries('erp', ['DEAD']),
    (d) => d.totalCount === 1 && d.edges.length === 1,
  );
  const poisoned = dead.edges[0].node;
  expect(poisoned).toMatchObject({ eventType: 'WorkOrderReleased', lastError: expect.stringMatching(/maxAgeMs 1500/) });
  const log = poisoned.attemptLog;
  expect(log.length).toBe(poisoned.attempts);
  // Its last try either failed past the maximum age (DEAD), or it expired while waiting for the next one.
  expect(log.slice(0, -1).every((a) => a.outcome === 'RETRY')).toBe(true);
  expect(['RETRY', 'DEAD']).toContain(log.at(-1)!.outcome);
  // An adapter's own bug says nothing about the partner: the circuit stays closed.
  const health = (await t.client('admin').ok(AdapterHealthDocument, {})).adapterHealth.find((h) => h.adapter === 'erp')!;
  expect(health).toMatchObject({ state: 'UP', dead: 1 });

  // Later events of the same order still flow (a dead delivery is parked, not a roadblock).
  await t
    .client('operator')
    .ok(RecordExecutionEventDocument, { input: { operationId: wo.operations[0].id, type: 'START', clientEventId: randomUUID() } });
  await eventually(
    async () => erp.received.filter((e) => e.aggregateId === wo.id).map((e) => e.type),
    (types) => types.includes('OperationStarted'),
  );

  erp.alwaysFail.delete('WorkOrderReleased');
  await t.client('admin').ok(ReplayDeliveriesDocument, { input: { adapter: 'erp' } });
  await eventually(
    async () => erp.received.filter((e) => e.aggregateId === wo.id && e.type === 'WorkOrderReleased').length,
    (n) => n === 1,
  );
  // The attempt log numbers on across the replay and says where the replay started.
  const [replayed] = (await deliveries('erp', ['DELIVERED'])).edges.map((e) => e.node).filter((d) => d.id === poisoned.id);
  expect(replayed).toMatchObject({ replays: 1, attempts: poisoned.attempts + 1 });
  expect(replayed.attemptLog.map((a) => a.attempt)).toEqual(Array.from({ length: poisoned.attempts + 1 }, (_, i) => i + 1));
  expect(replayed.attemptLog.map((a) => [a.replay, a.outcome]).slice(-2)).toEqual([
    [0, log.at(-1)!.outcome],
    [1, 'DELIVERED'],
  ]);
});

test('order is kept per aggregate: a retried event is not overtaken by the next one of the same order', async () => {
  erp.failOnce.add('WorkOrderStarted');
  const { wo } = await releasedOrder(t.client('planner'), f, '1');
  const operator = t.client('operator');
  const op = (i: number) => wo.operations[i].id;
  await operator.ok(RecordExecutionEventDocument, { input: { operationId: op(0), type: 'START', clientEventId: randomUUID() } });
  await operator.ok(RecordExecutionEventDocument, {
    input: { operationId: op(0), type: 'COMPLETE', qty: '1', clientEventId: randomUUID() },
  });
  const types = await eventually(
    async () => erp.received.filter((e) => e.aggregateId === wo.id).map((e) => e.type),
    (ts) => ts.includes('OperationProgressed'),
  );
  expect(types).toEqual(['WorkOrderReleased', 'WorkOrderStarted', 'OperationStarted', 'OperationProgressed']);
  const seqs = erp.received.filter((e) => e.aggregateId === wo.id).map((e) => BigInt(e.seq));
  expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
});

test('a partner that takes one journal entry at a time gets them one at a time, all of them', async () => {
  ledger.holdMs = 60;
  const before = ledger.received.length;
  await Promise.all(Array.from({ length: 6 }, (_, i) => receive(t.client('planner'), f, f.plate.id, String(i + 1))));
  await settled('ledger');
  expect(ledger.received.length - before).toBe(6);
  expect(ledger.mostAtOnce.get('JournalEntryPosted')).toBe(1);
  const health = (await t.client('admin').ok(AdapterHealthDocument, {})).adapterHealth.find((h) => h.adapter === 'ledger')!;
  expect(health).toMatchObject({ state: 'UP', backlog: 0, concurrency: 4, timeoutMs: 2000 });
});
