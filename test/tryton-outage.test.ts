import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from './support/hub';
import { eventually } from './support/receiver';
import { seedTrytonFactory, startTryton, trytonAvailable, type TrytonFactory, type TrytonServer } from './support/tryton-server';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import {
  AdapterHealthDocument,
  CreateLocationDocument,
  CreateRoutingDocument,
  CreateWorkCenterDocument,
  DeliveriesDocument,
  IssueMaterialDocument,
  ItemRefsDocument,
  ReceiveStockDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  RunSyncDocument,
  WorkOrdersDocument,
} from './generated/graphql';

const available = trytonAvailable();
const suite = available ? describe : describe.skip;

/**
 * Time runs 50 times faster here, through the settings alone: a second of the hub's default policy is
 * 20 ms. The old policy (10 tries, 1 s base, doubling) gave a delivery at most 1 + 2 + … + 256 = 511 s
 * (about 6½ minutes with jitter) before it was dead; compressed, that is 10.2 s. Tryton stays down
 * longer than that, and longer than 10 tries.
 */
const COMPRESSION = 50;
const OLD_POLICY_SPAN_MS = (511 * 1000) / COMPRESSION;
const OLD_POLICY_TRIES = 10;

suite('an ERP outage longer than the old retry policy survived, against a real trytond', () => {
  let tryton: TrytonServer;
  let seed: TrytonFactory;
  let t: TestHub;

  beforeAll(async () => {
    tryton = await startTryton();
    seed = await seedTrytonFactory(tryton.rpc);
    process.env.TEST_TRYTON_OUTAGE_PASSWORD = tryton.adminPassword;
    const a = seed.accounts;
    t = await startTestHub({
      integration: integrationSchema.parse({
        adapters: [
          {
            name: 'tryton',
            module: 'tryton',
            options: {
              url: tryton.url,
              database: tryton.database,
              passwordEnv: 'TEST_TRYTON_OUTAGE_PASSWORD',
              accounts: { 1400: a.cash, 1410: a.expense, 2100: a.revenue, 5900: a.expense },
            },
          },
        ],
        // The defaults (1 s base, 5 min cap, probe every 30 s, 72 h maximum age), compressed.
        deliveries: {
          baseDelayMs: 1000 / COMPRESSION,
          maxDelayMs: 300_000 / COMPRESSION,
          maxAgeMs: (72 * 3_600_000) / COMPRESSION,
          circuit: { failures: 5, probeMs: 30_000 / COMPRESSION },
          pollMs: 50,
        },
      }),
    });
  }, 240000);

  afterAll(async () => {
    await t?.close();
    await tryton?.stop();
  });

  const health = async () => (await t.client('admin').ok(AdapterHealthDocument, {})).adapterHealth.find((h) => h.adapter === 'tryton')!;
  const deliveries = () =>
    t
      .client('admin')
      .ok(DeliveriesDocument, { filter: { adapter: 'tryton' }, first: 200 })
      .then((r) => r.deliveries.edges.map((e) => e.node));

  test('Tryton stopped for longer than 6½ (compressed) minutes: the work done meanwhile arrives once it is back, no replay, unique move numbers', async () => {
    const admin = t.client('admin');
    const planner = t.client('planner');
    const operator = t.client('operator');

    await admin.ok(RunSyncDocument, { adapter: 'tryton' });
    const items = (await planner.ok(ItemRefsDocument, { filter: { search: '-1' } })).items.edges.map((e) => e.node);
    const fg = items.find((i) => i.sku === seed.products.finishedGood.code)!;
    const comp = items.find((i) => i.sku === seed.products.component.code)!;
    const [planned] = (await planner.ok(WorkOrdersDocument, { filter: { itemId: fg.id } })).workOrders.edges.map((e) => e.node);
    const wc = (await planner.ok(CreateWorkCenterDocument, { input: { code: 'ASM', name: 'Assembly' } })).createWorkCenter.workCenter;
    await planner.ok(CreateRoutingDocument, {
      input: { itemId: fg.id, operations: [{ sequence: 10, name: 'Assemble', workCenterId: wc.id, runMinutesPerUnit: '5' }] },
    });
    const stock = (await planner.ok(CreateLocationDocument, { input: { code: 'STOCK', name: 'Store', type: 'STORAGE' } })).createLocation
      .location;
    await planner.ok(CreateLocationDocument, { input: { code: 'FG', name: 'Finished goods', type: 'FINISHED_GOODS' } });
    await planner.ok(ReceiveStockDocument, { input: { itemId: comp.id, locationId: stock.id, qty: '10' } });
    const wo = (await planner.ok(ReleaseWorkOrderDocument, { input: { workOrderId: planned.id } })).releaseWorkOrder.workOrder;
    await operator.ok(IssueMaterialDocument, { input: { workOrderId: wo.id, itemId: comp.id, qty: '10', fromLocationId: stock.id } });
    await operator.ok(RecordExecutionEventDocument, {
      input: { operationId: wo.operations[0].id, type: 'START', clientEventId: randomUUID() },
    });
    await eventually(deliveries, (ds) => ds.length === 2 && ds.every((d) => d.state === 'DELIVERED'), 60000);

    // Tryton goes down; the shop floor goes on: the work order is completed, more stock arrives.
    await tryton.halt();
    const stoppedAt = Date.now();
    await operator.ok(RecordExecutionEventDocument, {
      input: { operationId: wo.operations[0].id, type: 'COMPLETE', qty: '5', clientEventId: randomUUID() },
    });
    for (let i = 1; i <= 6; i++)
      await planner.ok(ReceiveStockDocument, { input: { itemId: comp.id, locationId: stock.id, qty: String(i) } });
    const waiting = 1 + 1 + 6; // the production, the completion's entry and six receipts

    // The circuit opens: the operator sees Tryton down, with its backlog, in GraphQL, /readyz and /metrics.
    const down = await eventually(health, (h) => h.state === 'DOWN' && h.backlog === waiting, 60000);
    expect(down).toMatchObject({ consecutiveFailures: expect.any(Number), lastError: expect.stringMatching(/Tryton unreachable/) });
    expect(Date.parse(down.since)).toBeGreaterThanOrEqual(stoppedAt - 1000);
    expect(Date.parse(down.oldestWaitingSince!)).toBeGreaterThanOrEqual(stoppedAt - 1000);
    const ready = await fetch(t.hub.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { adapters: Record<string, unknown> }).adapters.tryton).toMatchObject({
      state: 'DOWN',
      backlog: waiting,
    });
    const metrics = await (await fetch(t.hub.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toContain('mom_hub_adapter_state{adapter="tryton",state="DOWN"} 1');
    expect(metrics).toContain(`mom_hub_adapter_backlog{adapter="tryton"} ${waiting}`);

    // Down for longer than the old policy lasted, in time and in tries; nothing is given up meanwhile.
    await eventually(
      deliveries,
      (ds) => Date.now() - stoppedAt > OLD_POLICY_SPAN_MS && ds.some((d) => d.attempts > OLD_POLICY_TRIES),
      120000,
    );
    expect((await deliveries()).filter((d) => d.state === 'DEAD')).toEqual([]);

    // Back up: the probe goes through, the backlog follows on its own — nobody replays anything.
    await tryton.resume();
    const delivered = await eventually(
      deliveries,
      (ds) => ds.length === 2 + waiting && ds.every((d) => d.state === 'DELIVERED' || d.state === 'DEAD'),
      120000,
    );
    expect(delivered.filter((d) => d.state === 'DEAD').map((d) => d.lastError)).toEqual([]);
    expect(delivered.every((d) => d.replays === 0)).toBe(true);
    expect(await health()).toMatchObject({ state: 'UP', backlog: 0, consecutiveFailures: 0, dead: 0 });

    // In Tryton: the production is done for the sale, and every posted move has a number of its own.
    const rpc = tryton.rpc;
    const [production] = await rpc.searchRead<{ state: string; origin: string | null }>(
      'production',
      [['reference', '=', wo.code]],
      ['state', 'origin'],
    );
    expect(production).toEqual(expect.objectContaining({ state: 'done', origin: `sale.line,${seed.sale.lineId}` }));
    const moves = await rpc.searchRead<{ state: string; number: string; post_number: string | null }>(
      'account.move',
      [['description', 'like', 'JE-%']],
      ['state', 'number', 'post_number'],
    );
    expect(moves.length).toBe(2 + waiting - 1); // every journal entry: all deliveries but the production
    expect(moves.every((m) => m.state === 'posted')).toBe(true);
    const postNumbers = moves.map((m) => m.post_number);
    expect(new Set(postNumbers).size).toBe(moves.length);
    expect(new Set(moves.map((m) => m.number)).size).toBe(moves.length);
  }, 400000);
});
