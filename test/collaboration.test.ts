import { randomUUID } from 'node:crypto';
import { hubWithFactory } from './support/suite';
import { Collector } from './support/client';
import { buildFactory, inDays, receive, releasedOrder } from './support/factory';
import { databaseSnapshot } from './support/invariants';
import {
  ConfirmCommitmentDocument,
  CustomerOrdersDocument,
  ItemsDocument,
  ReceiveCommitmentDocument,
  RecordExecutionEventDocument,
  RequestCommitmentDocument,
  ShipCommitmentDocument,
  StockBalancesDocument,
  SupplierCommitmentDocument,
  SupplierCommitmentsDocument,
  SupplierPlanChangedDocument,
  SupplierRequirementsDocument,
  SuppliedItemsDocument,
} from './generated/graphql';

const s = hubWithFactory();

test('a supplier sees what the plan needs from it, confirms, ships with a notice; receiving puts the stock in', async () => {
  const planner = s.t.client('planner');
  const supplier = s.t.client('supplier', s.f.supplier.id);
  const feed = Collector.start(s.t.ws('supplier', s.f.supplier.id), SupplierPlanChangedDocument, { fromSeq: '0' });

  await receive(planner, s.f, s.f.plate.id, '5');
  await releasedOrder(planner, s.f, '10'); // needs 20 plates and 2.6 kg resin
  const plan = (await supplier.ok(SupplierRequirementsDocument, {})).supplierRequirements;
  const plate = plan.find((r) => r.itemId === s.f.plate.id)!;
  expect(plate).toMatchObject({ onHand: '5', demand: '20', shortage: '15', committed: '0', item: { sku: s.f.plate.sku } });
  expect(plate.shortFrom).toBe(plate.buckets[0].needBy);
  expect(plan.map((r) => r.supplierId)).toEqual(plan.map(() => s.f.supplier.id));

  const requested = (
    await planner.ok(RequestCommitmentDocument, {
      input: { supplierId: s.f.supplier.id, itemId: s.f.plate.id, qty: '15', neededBy: inDays(3) },
    })
  ).requestCommitment.commitment;
  expect(requested).toMatchObject({ state: 'REQUESTED', code: expect.stringMatching(/^SC-\d{6}$/) });

  const confirmed = (
    await supplier.ok(ConfirmCommitmentDocument, { input: { commitmentId: requested.id, qty: '15', promisedDate: inDays(2) } })
  ).confirmCommitment.commitment;
  expect(confirmed).toMatchObject({ state: 'CONFIRMED', qtyConfirmed: '15' });
  expect((await supplier.ok(SupplierRequirementsDocument, {})).supplierRequirements.find((r) => r.itemId === s.f.plate.id)).toMatchObject({
    committed: '15',
    shortage: '0',
  });

  const shipped = (
    await supplier.ok(ShipCommitmentDocument, {
      input: { commitmentId: requested.id, shipmentRef: 'ASN-7781', expectedArrival: inDays(2), lines: [{ qty: '10' }, { qty: '5' }] },
    })
  ).shipCommitment.commitment;
  expect(shipped).toMatchObject({
    state: 'SHIPPED',
    shipmentRef: 'ASN-7781',
    noticeLines: [
      { lineNo: 1, lotCode: null, qty: '10' },
      { lineNo: 2, lotCode: null, qty: '5' },
    ],
  });

  // The planner's query shows what the supplier did.
  const seen = (await planner.ok(SupplierCommitmentsDocument, { filter: { supplierId: s.f.supplier.id } })).supplierCommitments.edges.map(
    (e) => e.node,
  );
  expect(seen.find((c) => c.id === requested.id)).toMatchObject({
    state: 'SHIPPED',
    qtyConfirmed: '15',
    supplier: { code: s.f.supplier.code },
  });

  const received = (
    await s.t.client('operator').ok(ReceiveCommitmentDocument, { input: { commitmentId: requested.id, locationId: s.f.stock.id } })
  ).receiveCommitment.commitment;
  expect(received).toMatchObject({ state: 'RECEIVED', qtyReceived: '15' });
  const stock = (await planner.ok(StockBalancesDocument, { filter: { itemId: s.f.plate.id, locationId: s.f.stock.id } })).stockBalances
    .edges;
  expect(stock.map((e) => e.node.qty)).toEqual(['20']);

  const events = await feed.until((es) => es.some((e) => e.supplierPlanChanged.type === 'CommitmentReceived'));
  expect(events.map((e) => e.supplierPlanChanged.type)).toEqual(
    expect.arrayContaining(['PlanChanged', 'CommitmentRequested', 'CommitmentConfirmed', 'CommitmentShipped', 'CommitmentReceived']),
  );
  expect(new Set(events.map((e) => e.supplierPlanChanged.supplierId))).toEqual(new Set([s.f.supplier.id]));
  feed.stop();
});

describe('bad input from a supplier is refused and writes nothing', () => {
  let commitmentId: string;
  beforeAll(async () => {
    commitmentId = (
      await s.t.client('planner').ok(RequestCommitmentDocument, {
        input: { supplierId: s.f.supplier.id, itemId: s.f.resin.id, qty: '4', neededBy: inDays(5) },
      })
    ).requestCommitment.commitment.id;
  });
  const supplier = () => s.t.client('supplier', s.f.supplier.id);
  async function refused(call: () => Promise<{ code: string; message: string }>, code: string, message: RegExp) {
    const before = await databaseSnapshot(s.t.em());
    const e = await call();
    expect({ code: e.code, message: e.message }).toEqual({ code, message: expect.stringMatching(message) });
    expect(await databaseSnapshot(s.t.em())).toEqual(before);
  }

  test('confirming more than requested', () =>
    refused(
      () => supplier().fail(ConfirmCommitmentDocument, { input: { commitmentId, qty: '5', promisedDate: inDays(2) } }),
      'BAD_USER_INPUT',
      /5 is more than the 4 requested/,
    ));
  test('a promised date in the past', () =>
    refused(
      () => supplier().fail(ConfirmCommitmentDocument, { input: { commitmentId, qty: '4', promisedDate: inDays(-1) } }),
      'BAD_USER_INPUT',
      /promisedDate: .* is in the past/,
    ));
  test('shipping before confirming', () =>
    refused(
      () =>
        supplier().fail(ShipCommitmentDocument, {
          input: { commitmentId, shipmentRef: 'X', expectedArrival: inDays(1), lines: [{ lotCode: 'L1', qty: '4' }] },
        }),
      'INVALID_STATE',
      /is requested; confirm it before shipping/,
    ));
  test('a notice without lots for a lot-tracked item, or with lots for an untracked one', async () => {
    await supplier().ok(ConfirmCommitmentDocument, { input: { commitmentId, qty: '4', promisedDate: inDays(2) } });
    await refused(
      () =>
        supplier().fail(ShipCommitmentDocument, {
          input: { commitmentId, shipmentRef: 'X', expectedArrival: inDays(1), lines: [{ qty: '4' }] },
        }),
      'BAD_USER_INPUT',
      /lines\[0\]\.lotCode: .* is lot-tracked: name the lot/,
    );
    await refused(
      () =>
        supplier().fail(ShipCommitmentDocument, {
          input: {
            commitmentId,
            shipmentRef: 'X',
            expectedArrival: inDays(1),
            lines: [
              { lotCode: 'L1', qty: '3' },
              { lotCode: 'L1', qty: '1' },
            ],
          },
        }),
      'BAD_USER_INPUT',
      /lot L1 appears twice/,
    );
    await refused(
      () =>
        supplier().fail(ShipCommitmentDocument, {
          input: { commitmentId, shipmentRef: 'X', expectedArrival: inDays(-2), lines: [{ lotCode: 'L1', qty: '4' }] },
        }),
      'BAD_USER_INPUT',
      /expectedArrival: .* is in the past/,
    );
    await refused(
      () =>
        supplier().fail(ShipCommitmentDocument, {
          input: { commitmentId, shipmentRef: 'X', expectedArrival: inDays(1), lines: [{ lotCode: 'L1', qty: '5' }] },
        }),
      'BAD_USER_INPUT',
      /ships 5, more than the 4 confirmed/,
    );
  });
});

test("a supplier sees only its own: another supplier's commitment is NOT_FOUND, other items are FORBIDDEN", async () => {
  const other = await buildFactory(s.t.client('planner'));
  const theirs = (
    await s.t.client('planner').ok(RequestCommitmentDocument, {
      input: { supplierId: other.supplier.id, itemId: other.plate.id, qty: '1', neededBy: inDays(4) },
    })
  ).requestCommitment.commitment;
  const me = s.t.client('supplier', s.f.supplier.id);
  expect((await me.fail(SupplierCommitmentDocument, { id: theirs.id })).code).toBe('NOT_FOUND');
  expect((await me.fail(ConfirmCommitmentDocument, { input: { commitmentId: theirs.id, qty: '1', promisedDate: inDays(1) } })).code).toBe(
    'NOT_FOUND',
  );
  expect((await me.fail(SupplierCommitmentsDocument, { filter: { supplierId: other.supplier.id } })).code).toBe('FORBIDDEN');
  const mine = (await me.ok(SupplierCommitmentsDocument, {})).supplierCommitments.edges.map((e) => e.node.supplier.code);
  expect(new Set(mine)).toEqual(new Set([s.f.supplier.code]));
  expect((await me.ok(SuppliedItemsDocument, {})).suppliedItems.edges.map((e) => e.node.sku).sort()).toEqual(
    [s.f.plate.sku, s.f.resin.sku].sort(),
  );
  expect((await me.fail(ItemsDocument, {})).code).toBe('FORBIDDEN');
  expect((await me.ok(SupplierRequirementsDocument, {})).supplierRequirements.every((r) => r.supplierId === s.f.supplier.id)).toBe(true);
  // Another supplier asked for one of my items: its quantities are not shown to me.
  const before = (await me.ok(SupplierRequirementsDocument, {})).supplierRequirements.find((r) => r.itemId === s.f.resin.id);
  await s.t
    .client('planner')
    .ok(RequestCommitmentDocument, { input: { supplierId: other.supplier.id, itemId: s.f.resin.id, qty: '777', neededBy: inDays(4) } });
  const after = (await me.ok(SupplierRequirementsDocument, {})).supplierRequirements.find((r) => r.itemId === s.f.resin.id);
  expect(before).toBeDefined();
  expect(after?.requested).toBe(before?.requested);
});

test('a customer watches its order: state, percentage, current operation, promised and expected dates, milestones', async () => {
  const planner = s.t.client('planner');
  const { so, wo } = await releasedOrder(planner, s.f, '4');
  const customer = s.t.client('customer', s.f.customer.id);
  const line = async () =>
    (await customer.ok(CustomerOrdersDocument)).salesOrders.edges.find((e) => e.node.id === so.id)!.node.lines[0].progress;
  expect(await line()).toMatchObject({ state: 'RELEASED', percentDone: 0, currentOperation: null, promisedDate: inDays(10) });

  const scan = (op: number, type: 'START' | 'COMPLETE', qty?: string) =>
    s.t
      .client('operator')
      .ok(RecordExecutionEventDocument, { input: { operationId: wo.operations[op].id, type, qty, clientEventId: randomUUID() } });
  await scan(0, 'START');
  await scan(0, 'COMPLETE', '4');
  await scan(1, 'START');
  const mid = await line();
  expect(mid).toMatchObject({ state: 'IN_PRODUCTION', percentDone: 0, currentOperation: 'Assemble' });
  expect(mid.expectedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(mid.milestones.filter((m) => m.done).map((m) => m.key)).toEqual(['released', 'started', 'operation-10']);
  await scan(1, 'COMPLETE', '4');
  await scan(2, 'START');
  await scan(2, 'COMPLETE', '3');
  expect(await line()).toMatchObject({ percentDone: 75, qtyDone: '3' });
  await scan(2, 'COMPLETE', '1');
  const done = await line();
  expect(done).toMatchObject({ state: 'COMPLETED', percentDone: 100 });
  expect(done.milestones.map((m) => [m.key, m.done])).toEqual([
    ['released', true],
    ['started', true],
    ['operation-10', true],
    ['operation-20', true],
    ['operation-30', true],
    // The routing says Test ends with an inspection, but no inspection plan made one: nothing is inspected yet.
    ['inspected', false],
    ['completed', true],
    ['shipped', false],
  ]);
  expect(done.milestones.find((m) => m.key === 'operation-30')!.label).toBe('Test done');
  // Never costs, never internal fields.
  const raw = await customer.raw({ query: `{ salesOrders { edges { node { lines { item { standardCost } } } } } }` });
  expect(raw.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const refs = await customer.raw({ query: `{ salesOrders { edges { node { lines { item { externalRefs { system } } } } } } }` });
  expect(new Set(refs.body.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
  const bom = await customer.raw({
    query: `{ salesOrders { edges { node { lines { item { activeBom { version } preferredSupplier { name } } } } } } }`,
  });
  expect(new Set(bom.body.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
});
