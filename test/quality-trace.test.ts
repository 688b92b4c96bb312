import { hubWithFactory } from './support/suite';
import { uniq } from './support/factory';
import { lotItem, lotOf, threeLevelChain } from './support/production-chain';
import { databaseSnapshot } from './support/invariants';
import {
  CreateSalesOrderDocument,
  HoldForRecallDocument,
  HoldLotDocument,
  IssueMaterialDocument,
  LotHoldsDocument,
  LotTraceDocument,
  RecallImpactDocument,
  ReceiveLotDocument,
  ReleaseLotHoldDocument,
  ShipSalesOrderDocument,
  StockMovesOfLotDocument,
  TransferStockDocument,
  CreateLocationDocument,
  CreateWorkOrderDocument,
  ReleaseWorkOrderDocument,
} from './generated/graphql';

const s = hubWithFactory();
const quality = () => s.t.client('quality');
const planner = () => s.t.client('planner');
const client = (role: 'planner' | 'operator' | 'supplier', partnerId?: string) => s.t.client(role, partnerId);

async function refusedWithoutTrace(call: () => Promise<{ code: string; message: string; extensions?: Record<string, unknown> }>) {
  const before = await databaseSnapshot(s.t.em());
  const error = await call();
  expect(await databaseSnapshot(s.t.em())).toEqual(before);
  return error;
}

describe('quality holds a lot', () => {
  test('a held lot can be neither issued, moved nor shipped, and the refusal names the hold; releasing every hold frees it', async () => {
    const resinLot = (
      await planner().ok(ReceiveLotDocument, { input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '10', lotCode: uniq('RH') } })
    ).receiveStock.stockMove.lot!;
    const first = (await quality().ok(HoldLotDocument, { input: { lotId: resinLot.id, reason: 'viscosity out of spec at receipt' } }))
      .holdLot.hold;
    expect(first).toMatchObject({
      code: expect.stringMatching(/^HOLD-\d{6}$/),
      active: true,
      sourceType: null,
      lot: { code: resinLot.code, status: 'ON_HOLD' },
    });
    const second = (await quality().ok(HoldLotDocument, { input: { lotId: resinLot.id, reason: 'supplier recall notice' } })).holdLot.hold;

    const wo = (await planner().ok(CreateWorkOrderDocument, { input: { itemId: s.f.product.id, qty: '4', dueDate: '2030-01-01' } }))
      .createWorkOrder.workOrder;
    await planner().ok(ReleaseWorkOrderDocument, { input: { workOrderId: wo.id } });
    const issue = () =>
      s.t.client('operator').fail(IssueMaterialDocument, {
        input: { workOrderId: wo.id, itemId: s.f.resin.id, qty: '1', lotId: resinLot.id, fromLocationId: s.f.stock.id },
      });
    const refused = await refusedWithoutTrace(issue);
    expect(refused).toMatchObject({
      code: 'INVALID_STATE',
      message: `Lot ${resinLot.code} is on hold by ${first.code} (viscosity out of spec at receipt) and cannot be issued`,
      extensions: { reason: 'LOT_ON_HOLD', holdCode: first.code, holdId: first.id, lotId: resinLot.id },
    });
    const line = (await planner().ok(CreateLocationDocument, { input: { code: uniq('LINE'), name: 'Line side', type: 'LINE_SIDE' } }))
      .createLocation.location;
    const move = await refusedWithoutTrace(() =>
      s.t.client('operator').fail(TransferStockDocument, {
        input: { itemId: s.f.resin.id, fromLocationId: s.f.stock.id, toLocationId: line.id, qty: '1', lotId: resinLot.id },
      }),
    );
    expect(move.message).toMatch(new RegExp(`on hold by ${first.code} .* cannot be moved`));

    // Releasing one of two holds leaves the lot on hold, now under the other one.
    const released = (await quality().ok(ReleaseLotHoldDocument, { input: { holdId: first.id, note: 'retested: in spec' } })).releaseLotHold
      .hold;
    expect(released).toMatchObject({ active: false, releaseNote: 'retested: in spec', lot: { status: 'ON_HOLD' } });
    expect((await refusedWithoutTrace(issue)).message).toMatch(new RegExp(`on hold by ${second.code} \\(supplier recall notice\\)`));
    const again = await quality().fail(ReleaseLotHoldDocument, { input: { holdId: first.id } });
    expect(again).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(new RegExp(`${first.code} was already released`)),
    });

    expect((await quality().ok(ReleaseLotHoldDocument, { input: { holdId: second.id } })).releaseLotHold.hold.lot.status).toBe('AVAILABLE');
    await s.t.client('operator').ok(IssueMaterialDocument, {
      input: { workOrderId: wo.id, itemId: s.f.resin.id, qty: '1', lotId: resinLot.id, fromLocationId: s.f.stock.id },
    });
    const holds = (await quality().ok(LotHoldsDocument, { filter: { lotId: resinLot.id } })).lotHolds;
    expect(holds.edges.map((e) => [e.node.code, e.node.active])).toEqual([
      [second.code, false],
      [first.code, false],
    ]);
    // The lot's ledger, read by lot.
    const moves = (await planner().ok(StockMovesOfLotDocument, { lotId: resinLot.id })).stockMoves.edges.map((e) => [
      e.node.reason,
      e.node.qty,
    ]);
    expect(moves).toEqual([
      ['RECEIPT', '10'],
      ['ISSUE', '1'],
    ]);
  });

  test('a held finished lot is not shipped, named or picked', async () => {
    const item = await lotItem(planner(), 'FG', 'FINISHED');
    const lot = (
      await planner().ok(ReceiveLotDocument, { input: { itemId: item.id, locationId: s.f.fg.id, qty: '3', lotCode: uniq('F') } })
    ).receiveStock.stockMove.lot!;
    const hold = (await quality().ok(HoldLotDocument, { input: { lotId: lot.id, reason: 'burrs on the housing' } })).holdLot.hold;
    const so = (
      await planner().ok(CreateSalesOrderDocument, {
        input: { customerId: s.f.customer.id, lines: [{ itemId: item.id, qty: '1', dueDate: '2030-01-01' }] },
      })
    ).createSalesOrder.salesOrder;
    const named = await refusedWithoutTrace(() =>
      planner().fail(ShipSalesOrderDocument, {
        input: { salesOrderId: so.id, lines: [{ salesOrderLineId: so.lines[0].id, qty: '1', picks: [{ lotId: lot.id, qty: '1' }] }] },
      }),
    );
    expect(named).toMatchObject({ code: 'INVALID_STATE', extensions: { holdCode: hold.code } });
    expect(named.message).toMatch(/burrs on the housing\) and cannot be shipped/);
    const picked = await planner().fail(ShipSalesOrderDocument, { input: { salesOrderId: so.id } });
    expect(picked).toMatchObject({ code: 'INSUFFICIENT_STOCK', message: expect.stringMatching(/3 more are on hold/) });
  });

  test('only quality holds and releases; a hold is idempotent on its key', async () => {
    const lot = (
      await planner().ok(ReceiveLotDocument, { input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '1', lotCode: uniq('RK') } })
    ).receiveStock.stockMove.lot!;
    expect((await planner().fail(HoldLotDocument, { input: { lotId: lot.id, reason: 'x' } })).code).toBe('FORBIDDEN');
    const key = uniq('hold');
    const a = (await quality().ok(HoldLotDocument, { input: { lotId: lot.id, reason: 'dented drum', idempotencyKey: key } })).holdLot.hold;
    const b = (await quality().ok(HoldLotDocument, { input: { lotId: lot.id, reason: 'dented drum', idempotencyKey: key } })).holdLot.hold;
    expect(b.id).toBe(a.id);
    const reused = await quality().fail(HoldLotDocument, { input: { lotId: lot.id, reason: 'another reason', idempotencyKey: key } });
    expect(reused.code).toBe('CONFLICT');
    expect((await quality().fail(HoldLotDocument, { input: { lotId: '00000000-0000-4000-8000-000000000000', reason: 'x' } })).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('genealogy: a lot traced through three levels of production', () => {
  let chain: Awaited<ReturnType<typeof threeLevelChain>>;
  beforeAll(async () => {
    chain = await threeLevelChain(client, s.f);
  }, 120_000);

  test('backward: the motor lot → its work order → the shaft lot and resin R2 → the shaft work order → resin R1 from the supplier', async () => {
    const trace = (await quality().ok(LotTraceDocument, { lotId: chain.motorLot.id, direction: 'BACKWARD' })).lotTrace;
    expect(trace.lot).toMatchObject({ lotCode: chain.motorLot.code, depth: 0, qtyOnHand: '1', itemType: 'FINISHED' });
    expect(trace.lots.map((l) => [l.lotCode, l.depth])).toEqual(
      expect.arrayContaining([
        [chain.motorLot.code, 0],
        [chain.shaftLot.code, 1],
        [chain.r2.code, 1],
        [chain.r1.code, 2],
      ]),
    );
    expect(trace.lots).toHaveLength(4);
    expect(trace.workOrders.map((w) => w.code).sort()).toEqual([chain.wo1.code, chain.wo2.code].sort());
    const wo2 = trace.workOrders.find((w) => w.code === chain.wo2.code)!;
    expect(wo2.consumed.map((c) => [c.lotCode, c.qty])).toEqual(
      expect.arrayContaining([
        [chain.shaftLot.code, '3'],
        [chain.r2.code, '0.6'],
      ]),
    );
    expect(wo2.produced.map((p) => [p.lotCode, p.qty])).toEqual([[chain.motorLot.code, '3']]);
    const wo1 = trace.workOrders.find((w) => w.code === chain.wo1.code)!;
    // Plates are not lot-tracked: they show as an item without a lot.
    expect(wo1.consumed.map((c) => [c.sku, c.lotCode, c.qty])).toEqual(
      expect.arrayContaining([
        [s.f.resin.sku, chain.r1.code, '2'],
        [s.f.plate.sku, null, '4'],
      ]),
    );
    expect(trace.receipts.map((r) => [r.lotCode, r.qty, r.commitmentCode, r.shippingNotice, r.supplierCode])).toEqual(
      expect.arrayContaining([
        [chain.r1.code, '10', chain.commitment.code, chain.asn, s.f.supplier.code],
        [chain.r2.code, '5', null, null, null],
      ]),
    );
    expect(trace.receipts.find((r) => r.lotCode === chain.r2.code)?.reference).toBe('GRN-77');
  });

  test('the trace matches the moves that built it', async () => {
    const trace = (await quality().ok(LotTraceDocument, { lotId: chain.motorLot.id, direction: 'BACKWARD' })).lotTrace;
    for (const lot of trace.lots) {
      const moves = (await planner().ok(StockMovesOfLotDocument, { lotId: lot.lotId })).stockMoves.edges.map((e) => e.node);
      const issued = moves.filter((m) => m.reason === 'ISSUE').reduce((a, m) => a + Number(m.qty), 0);
      const consumed = trace.workOrders.flatMap((w) => w.consumed).filter((c) => c.lotCode === lot.lotCode);
      expect(consumed.reduce((a, c) => a + Number(c.qty), 0)).toBe(issued);
      const received = moves.filter((m) => m.reason === 'RECEIPT').reduce((a, m) => a + Number(m.qty), 0);
      expect(trace.receipts.filter((r) => r.lotCode === lot.lotCode).reduce((a, r) => a + Number(r.qty), 0)).toBe(received);
    }
  });

  test('forward: supplier lot R1 → the shaft lot → the motor lot → the customer shipment', async () => {
    const trace = (await quality().ok(LotTraceDocument, { lotId: chain.r1.id, direction: 'FORWARD' })).lotTrace;
    expect(trace.lots.map((l) => [l.lotCode, l.depth])).toEqual([
      [chain.r1.code, 0],
      [chain.shaftLot.code, 1],
      [chain.motorLot.code, 2],
    ]);
    expect(trace.workOrders.map((w) => w.code).sort()).toEqual([chain.wo1.code, chain.wo2.code].sort());
    expect(trace.shipments.map((x) => [x.code, x.lotCode, x.qty, x.salesOrderCode, x.customerCode])).toEqual([
      [chain.shipment.code, chain.motorLot.code, '2', chain.so.code, s.f.customer.code],
    ]);
    // R2 went only into the motor: its forward trace skips the shaft.
    const r2 = (await quality().ok(LotTraceDocument, { lotId: chain.r2.id, direction: 'FORWARD' })).lotTrace;
    expect(r2.lots.map((l) => l.lotCode)).toEqual([chain.r2.code, chain.motorLot.code]);
  });

  test('recall impact names the customer and order, and what is still here; holding it stops the rest of the motors', async () => {
    const impact = (await quality().ok(RecallImpactDocument, { lotId: chain.r1.id })).recallImpact;
    expect(impact.customers).toEqual([
      {
        customerCode: s.f.customer.code,
        qty: '2',
        orders: [{ salesOrderCode: chain.so.code, qty: '2', deliveryNotes: [chain.shipment.code] }],
      },
    ]);
    expect(impact.inStock.map((x) => [x.lotCode, x.qty, x.onHold])).toEqual(
      expect.arrayContaining([
        [chain.r1.code, '8', false],
        [chain.shaftLot.code, '1', false],
        [chain.motorLot.code, '1', false],
      ]),
    );
    expect(impact.lotsToHold.map((l) => l.lotCode).sort()).toEqual([chain.r1.code, chain.shaftLot.code, chain.motorLot.code].sort());

    const { holds } = (
      await quality().ok(HoldForRecallDocument, { input: { lotId: chain.r1.id, reason: 'supplier reports contamination' } })
    ).holdForRecall;
    expect(holds).toHaveLength(3);
    expect(holds.every((h) => h.sourceType === 'RECALL' && h.lot.status === 'ON_HOLD')).toBe(true);
    const after = (await quality().ok(RecallImpactDocument, { lotId: chain.r1.id })).recallImpact;
    expect(after.lotsToHold).toEqual([]);
    expect(after.inStock.every((x) => x.onHold)).toBe(true);
    // Held twice is not needed: a second recall hold places none.
    expect((await quality().ok(HoldForRecallDocument, { input: { lotId: chain.r1.id, reason: 'again' } })).holdForRecall.holds).toEqual([]);

    const so = (
      await planner().ok(CreateSalesOrderDocument, {
        input: { customerId: s.f.customer.id, lines: [{ itemId: chain.motor.id, qty: '1', dueDate: '2030-01-01' }] },
      })
    ).createSalesOrder.salesOrder;
    const refused = await planner().fail(ShipSalesOrderDocument, {
      input: {
        salesOrderId: so.id,
        lines: [{ salesOrderLineId: so.lines[0].id, qty: '1', picks: [{ lotId: chain.motorLot.id, qty: '1' }] }],
      },
    });
    expect(refused.message).toMatch(/supplier reports contamination \(recall of lot/);
  });

  test('an unknown lot is NOT_FOUND', async () => {
    const error = await quality().fail(LotTraceDocument, { lotId: '00000000-0000-4000-8000-000000000000', direction: 'FORWARD' });
    expect(error.code).toBe('NOT_FOUND');
    expect(await lotOf(planner(), chain.motor.id, chain.motorLot.code)).toBe(chain.motorLot.id);
  });
});
