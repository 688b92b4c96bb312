import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from './support/hub';
import { eventually } from './support/receiver';
import { seedTrytonFactory, startTryton, trytonAvailable, type TrytonFactory, type TrytonServer } from './support/tryton-server';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import {
  CreateLocationDocument,
  CreateRoutingDocument,
  CreateWorkCenterDocument,
  DeliveriesDocument,
  IssueMaterialDocument,
  ItemRefsDocument,
  JournalEntriesDocument,
  ReceiveStockDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  RunSyncDocument,
  SalesOrderShippingDocument,
  SalesOrdersDocument,
  ShipSalesOrderDocument,
  WorkOrdersDocument,
} from './generated/graphql';

const available = trytonAvailable();
const suite = available ? describe : describe.skip;

/**
 * The whole loop against a real trytond: a sale confirmed in Tryton becomes a work order in the hub;
 * executing it in the hub leaves, in Tryton, the production done with its stock moves, and a posted
 * account move for every journal entry the hub booked, line for line; shipping it from the hub (in two
 * parts) leaves the sale's customer shipments done.
 */
suite('the Tryton 6.0 adapter against a real trytond', () => {
  let tryton: TrytonServer;
  let seed: TrytonFactory;
  let t: TestHub;

  beforeAll(async () => {
    tryton = await startTryton();
    seed = await seedTrytonFactory(tryton.rpc);
    process.env.TEST_TRYTON_PASSWORD = tryton.adminPassword;
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
              user: 'admin',
              passwordEnv: 'TEST_TRYTON_PASSWORD',
              // The hub's accounts onto the seeded minimal chart (a real plant maps them by account code).
              accounts: { 1400: a.cash, 1410: a.expense, 2100: a.revenue, 5900: a.expense, 5000: a.expense },
            },
          },
        ],
        deliveries: { baseDelayMs: 100, maxDelayMs: 1000, pollMs: 100 },
      }),
    });
  }, 240000);

  afterAll(async () => {
    await t?.close();
    await tryton?.stop();
  });

  test('sale in Tryton → work order in the hub → production done and account moves posted in Tryton', async () => {
    const admin = t.client('admin');
    const planner = t.client('planner');
    const operator = t.client('operator');

    const run = (await admin.ok(RunSyncDocument, { adapter: 'tryton' })).runSync;
    expect(run).toMatchObject({ trigger: 'MANUAL', status: 'SUCCEEDED', failed: 0 });
    const items = (await planner.ok(ItemRefsDocument, { filter: { search: '-1' } })).items.edges.map((e) => e.node);
    const fg = items.find((i) => i.sku === seed.products.finishedGood.code)!;
    const comp = items.find((i) => i.sku === seed.products.component.code)!;
    expect(fg.externalRefs).toEqual([{ system: 'tryton', externalId: String(seed.products.finishedGood.id) }]);
    // Units arrive as Tryton has them (its "Unit" is `u`).
    expect([fg.unit, comp.unit]).toEqual(['u', 'u']);
    expect(fg.activeBom?.lines.map((l) => [l.component.sku, l.qtyPer])).toEqual([[comp.sku, '2']]);
    const [planned] = (await planner.ok(WorkOrdersDocument, { filter: { itemId: fg.id } })).workOrders.edges.map((e) => e.node);
    expect(planned.state).toBe('PLANNED');
    // A second pull finds nothing new: the sale is imported once.
    expect((await admin.ok(RunSyncDocument, { adapter: 'tryton' })).runSync).toMatchObject({ imported: 0, failed: 0 });

    // MOM owns the routing; ERP owns the BOM.
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
    await operator.ok(RecordExecutionEventDocument, {
      input: { operationId: wo.operations[0].id, type: 'COMPLETE', qty: '5', clientEventId: randomUUID() },
    });

    const deliveries = await eventually(
      () => admin.ok(DeliveriesDocument, { filter: { adapter: 'tryton' }, first: 50 }).then((r) => r.deliveries.edges.map((e) => e.node)),
      (ds) => ds.length > 0 && ds.every((d) => d.state === 'DELIVERED' || d.state === 'DEAD'),
      60000,
    );
    expect(deliveries.filter((d) => d.state === 'DEAD').map((d) => d.lastError)).toEqual([]);

    // In Tryton: the production is done, its input and output moves too.
    const rpc = tryton.rpc;
    const [production] = await rpc.searchRead<{ id: number; state: string; quantity: number; product: number; origin: string | null }>(
      'production',
      [['reference', '=', wo.code]],
      ['state', 'quantity', 'product', 'origin'],
    );
    // …linked to the sale line it was made for.
    expect(production).toMatchObject({ state: 'done', product: seed.products.finishedGood.id, origin: `sale.line,${seed.sale.lineId}` });
    const [saleLine] = await rpc.read<{ productions: number[] }>('sale.line', [seed.sale.lineId], ['productions']);
    expect(saleLine.productions).toEqual([production.id]);
    expect(Number(production.quantity)).toBe(5);
    const moves = await rpc.searchRead<{ state: string; product: number; quantity: number }>(
      'stock.move',
      ['OR', [['production_input', '=', production.id]], [['production_output', '=', production.id]]],
      ['state', 'product', 'quantity'],
    );
    expect(moves.map((m) => [m.product, Number(m.quantity), m.state]).sort()).toEqual(
      [
        [seed.products.component.id, 10, 'done'],
        [seed.products.finishedGood.id, 5, 'done'],
      ].sort(),
    );

    // Every journal entry of the hub is a posted account move in Tryton, with the same lines.
    const entries = (await t.client('finance').ok(JournalEntriesDocument, {})).journalEntries.edges.map((e) => e.node);
    expect(entries.map((e) => e.source).sort()).toEqual(['COMPLETION', 'ISSUE', 'RECEIPT']);
    const accountOf: Record<string, number> = { 1400: seed.accounts.cash, 1410: seed.accounts.expense, 2100: seed.accounts.revenue };
    for (const entry of entries) {
      const [move] = await rpc.searchRead<{ id: number; state: string; lines: number[] }>(
        'account.move',
        [['description', 'like', `${entry.code} %`]],
        ['state', 'lines'],
      );
      expect(move).toMatchObject({ state: 'posted' });
      const lines = await rpc.read<{ account: number; debit: string; credit: string }>('account.move.line', move.lines, [
        'account',
        'debit',
        'credit',
      ]);
      const asBooked = lines.map((l) => [l.account, Number(l.debit), Number(l.credit)]).sort();
      const asHub = entry.lines.map((l) => [accountOf[l.account], Number(l.debit), Number(l.credit)]).sort();
      expect(asBooked).toEqual(asHub);
    }
  }, 180000);

  test('the sale ships from the hub in two parts → its customer shipments are done in Tryton, COGS posted', async () => {
    const planner = t.client('planner');
    const admin = t.client('admin');
    const [order] = (await planner.ok(SalesOrdersDocument, {})).salesOrders.edges.map((e) => e.node);
    const line = (await planner.ok(SalesOrderShippingDocument, { id: order.id })).salesOrder.lines[0];
    expect(line.qty).toBe('5');
    const first = (
      await planner.ok(ShipSalesOrderDocument, {
        input: { salesOrderId: order.id, lines: [{ salesOrderLineId: line.id, qty: '2' }], carrier: 'DHL', trackingRef: 'JD1' },
      })
    ).shipSalesOrder.shipment;
    const waitForDeliveries = () =>
      eventually(
        () =>
          admin.ok(DeliveriesDocument, { filter: { adapter: 'tryton' }, first: 100 }).then((r) => r.deliveries.edges.map((e) => e.node)),
        (ds) => ds.every((d) => d.state === 'DELIVERED' || d.state === 'DEAD'),
        90000,
      );
    // One part at a time, as a dock would: Tryton makes the back-order shipment when the first is done.
    expect((await waitForDeliveries()).filter((d) => d.state === 'DEAD').map((d) => d.lastError)).toEqual([]);
    const rest = (await planner.ok(ShipSalesOrderDocument, { input: { salesOrderId: order.id } })).shipSalesOrder.shipment;
    expect(rest.salesOrder.state).toBe('SHIPPED');
    expect((await waitForDeliveries()).filter((d) => d.state === 'DEAD').map((d) => d.lastError)).toEqual([]);

    const rpc = tryton.rpc;
    const [sale] = await rpc.read<{ shipments: number[]; shipment_state: string }>(
      'sale.sale',
      [seed.sale.id],
      ['shipments', 'shipment_state'],
    );
    const shipments = await rpc.read<{ id: number; reference: string | null; state: string; outgoing_moves: number[] }>(
      'stock.shipment.out',
      sale.shipments,
      ['reference', 'state', 'outgoing_moves'],
    );
    const shipped = [];
    for (const s of shipments) {
      const moves = await rpc.read<{ product: number; quantity: number; state: string }>('stock.move', s.outgoing_moves, [
        'product',
        'quantity',
        'state',
      ]);
      shipped.push([s.reference, s.state, moves.map((m) => [m.product, Number(m.quantity), m.state])]);
    }
    const fg = seed.products.finishedGood.id;
    expect(shipped.sort()).toEqual(
      [
        [first.code, 'done', [[fg, 2, 'done']]],
        [rest.code, 'done', [[fg, 3, 'done']]],
      ].sort(),
    );
    expect(sale.shipment_state).toBe('sent');
    // The hub's order says the same.
    expect((await planner.ok(SalesOrderShippingDocument, { id: order.id })).salesOrder.lines[0].qtyShipped).toBe('5');
    // Its cost of goods sold reached Tryton as posted account moves.
    const cogs = (await t.client('finance').ok(JournalEntriesDocument, { filter: { source: 'SHIPMENT' } })).journalEntries.edges;
    expect(cogs).toHaveLength(2);
    for (const { node } of cogs) {
      const [move] = await rpc.searchRead<{ state: string }>('account.move', [['description', 'like', `${node.code} %`]], ['state']);
      expect(move).toMatchObject({ state: 'posted' });
    }
  }, 180000);
});
