import { hubWithFactory } from './support/suite';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { TEST_SECRET } from './support/hub';
import { Collector, HttpClient, wsClient } from './support/client';
import { receive, releasedOrder } from './support/factory';
import { signToken } from '../src/kernel/auth/tokens';
import { DIST_MAIN, runNode, waitForOutput } from './support/process';
import { Role } from '../src/kernel/auth/permissions';
import { RecordExecutionEventDocument, StockChangedDocument, WorkOrderChangedDocument } from './generated/graphql';

const s = hubWithFactory();

test('a subscriber that drops resumes from the last sequence it saw: nothing lost, nothing twice', async () => {
  const planner = s.t.client('planner');
  const { wo } = await releasedOrder(planner, s.f, '5');
  const op = wo.operations[0];
  const scan = (type: 'START' | 'PAUSE' | 'RESUME') =>
    s.t.client('operator').ok(RecordExecutionEventDocument, { input: { operationId: op.id, type, clientEventId: randomUUID() } });

  const socket = s.t.ws('viewer');
  // From sequence 0, so nothing depends on how fast the server registers the subscription.
  const first = Collector.start(socket, WorkOrderChangedDocument, { workOrderId: wo.id, fromSeq: '0' });
  await scan('START');
  const upToStart = await first.until((es) => es.some((e) => e.workOrderChanged.type === 'OperationStarted'));
  expect(upToStart.map((e) => e.workOrderChanged.type)).toEqual([
    'WorkOrderCreated',
    'WorkOrderReleased',
    'WorkOrderStarted',
    'OperationStarted',
  ]);
  const seen = upToStart[2];
  await socket.dispose();

  // While nobody listens the order moves on.
  await scan('PAUSE');
  await scan('RESUME');

  const resumed = Collector.start(s.t.ws('viewer'), WorkOrderChangedDocument, { workOrderId: wo.id, fromSeq: seen.workOrderChanged.seq });
  const events = await resumed.count(3);
  expect(events.map((e) => e.workOrderChanged.type)).toEqual(['OperationStarted', 'OperationPaused', 'OperationResumed']);
  expect(events.every((e) => BigInt(e.workOrderChanged.seq) > BigInt(seen.workOrderChanged.seq))).toBe(true);
  await scan('PAUSE');
  expect((await resumed.count(4)).map((e) => e.workOrderChanged.type).at(-1)).toBe('OperationPaused');
  resumed.stop();
});

test('a subscription without fromSeq starts now: earlier events are not replayed', async () => {
  await receive(s.t.client('planner'), s.f, s.f.plate.id, '1');
  const live = Collector.start(s.t.ws('viewer'), StockChangedDocument, { itemId: s.f.plate.id });
  // Receipts of 2 until one arrives (the subscription may take a moment to join); the 1 never does.
  for (let i = 0; i < 20 && live.items.length === 0; i++) {
    await receive(s.t.client('planner'), s.f, s.f.plate.id, '2');
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(live.items.length).toBeGreaterThan(0);
  expect(live.items.every((e) => e.stockChanged.qty === '2' && e.stockChanged.reason === 'RECEIPT')).toBe(true);
  live.stop();
});

const pgOnly = process.env.DATABASE_URL ? describe : describe.skip;

pgOnly('two hub processes on one PostgreSQL', () => {
  const procs: ChildProcess[] = [];
  afterAll(() => procs.forEach((p) => p.kill('SIGTERM')));

  async function spawnHub(): Promise<string> {
    const proc = runNode(DIST_MAIN, [], {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: s.t.db.databaseUrl,
      JWT_SECRET: TEST_SECRET,
      DEMO_DATA: 'false',
      DATA_DIR: s.t.db.dataDir,
      LOG_LEVEL: 'warn',
    });
    procs.push(proc);
    return (await waitForOutput(proc, /running at (http:\/\/\S+\/graphql)/, 30000))[1];
  }

  test('a subscriber on one process sees a change made through the other', async () => {
    const [urlA, urlB] = await Promise.all([spawnHub(), spawnHub()]);
    const token = signToken({ secret: TEST_SECRET, issuer: 'mom-hub', audience: 'mom-hub' }, { subject: 'two', role: Role.planner });
    const onA = Collector.start(wsClient(urlA.replace('http', 'ws'), token), StockChangedDocument, { itemId: s.f.plate.id, fromSeq: '0' });
    const b = new HttpClient(urlB, token);
    await receive(b, s.f, s.f.plate.id, '7');
    await receive(b, s.f, s.f.plate.id, '8');
    const events = await onA.until((es) => es.some((e) => e.stockChanged.qty === '8'));
    expect(events.map((e) => e.stockChanged.qty).slice(-2)).toEqual(['7', '8']);
    onA.stop();
  });
});
