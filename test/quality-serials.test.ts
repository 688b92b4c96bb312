import { hubWithFactory } from './support/suite';
import { inDays, uniq } from './support/factory';
import { lotOf, make } from './support/production-chain';
import {
  CreateBomDocument,
  CreateItemDocument,
  CreateRoutingDocument,
  CreateSalesOrderDocument,
  CreateWorkOrderDocument,
  LotsOfItemDocument,
  LotTraceDocument,
  ReceiveLotDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  ShipSalesOrderDocument,
  StockMovesOfLotDocument,
  TransferStockDocument,
} from './generated/graphql';

/**
 * Serial numbers made real: a serial is a lot of quantity one of a serial-tracked item, so holds, the
 * ledger by lot, picking and the genealogy trace work for it unchanged; the ledger keeps it one unit.
 */
const s = hubWithFactory();
const planner = () => s.t.client('planner');
const client = (role: 'planner' | 'operator' | 'supplier', partnerId?: string) => s.t.client(role, partnerId);

async function serialItem(sku: string, type: 'RAW' | 'FINISHED') {
  return (
    await planner().ok(CreateItemDocument, {
      input: { sku: uniq(sku), name: sku, type, tracking: 'SERIAL', unit: 'pcs', standardCost: '40' },
    })
  ).createItem.item;
}
const receiveSerial = (itemId: string, serial: string, qty = '1') =>
  planner().exec(ReceiveLotDocument, { input: { itemId, locationId: s.f.stock.id, qty, lotCode: serial } });

test('serials: one per unit at receipt and completion, one unit per move, traced both ways through a pump to its customer', async () => {
  const motor = await serialItem('MOTOR', 'RAW');
  const pump = await serialItem('PUMP', 'FINISHED');
  await planner().ok(CreateBomDocument, { input: { itemId: pump.id, lines: [{ componentId: motor.id, qtyPer: '1' }] } });
  await planner().ok(CreateRoutingDocument, {
    input: { itemId: pump.id, operations: [{ sequence: 10, name: 'Assemble', workCenterId: s.f.wc2.id, runMinutesPerUnit: '5' }] },
  });

  // Receipt: each serial is received as one unit; two units under one number, or a number already in stock, are refused.
  const [m1, m2] = [uniq('M'), uniq('M')];
  expect((await receiveSerial(motor.id, m1)).errors).toBeUndefined();
  expect((await receiveSerial(motor.id, m2)).errors).toBeUndefined();
  const two = await receiveSerial(motor.id, uniq('M'), '2');
  expect(two.errors?.[0]).toMatchObject({
    extensions: { code: 'BAD_USER_INPUT' },
    message: expect.stringMatching(/serial-tracked: a move carries one serial number, quantity 1 \(2 given/),
  });
  const again = await receiveSerial(motor.id, m1);
  expect(again.errors?.[0]).toMatchObject({
    extensions: { code: 'CONFLICT' },
    message: `Serial ${m1} of ${motor.sku} is already in stock at ${s.f.stock.code}: a serial number is one unit`,
  });
  const m1Id = await lotOf(planner(), motor.id, m1);
  const m2Id = await lotOf(planner(), motor.id, m2);

  // A serial moves as one unit.
  const moveTwo = await planner().exec(TransferStockDocument, {
    input: { itemId: motor.id, lotId: m2Id, fromLocationId: s.f.stock.id, toLocationId: s.f.fg.id, qty: '2' },
  });
  expect(moveTwo.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  await planner().ok(TransferStockDocument, {
    input: { itemId: motor.id, lotId: m2Id, fromLocationId: s.f.stock.id, toLocationId: s.f.fg.id, qty: '1' },
  });

  // Completion: one serial per unit, numbered from the work order.
  const wo = await make(client, s.f, pump.id, '2', [
    { itemId: motor.id, qty: '1', lotId: m1Id },
    { itemId: motor.id, qty: '1', lotId: m2Id, fromLocationId: s.f.fg.id },
  ]);
  const pumps = (await planner().ok(LotsOfItemDocument, { filter: { itemId: pump.id } })).lots.edges.map((e) => e.node.code).sort();
  expect(pumps).toEqual([`${wo.code}-001`, `${wo.code}-002`]);
  const p1 = await lotOf(planner(), pump.id, `${wo.code}-001`);
  expect((await planner().ok(StockMovesOfLotDocument, { lotId: p1 })).stockMoves.edges.map((e) => [e.node.reason, e.node.qty])).toEqual([
    ['COMPLETION', '1'],
  ]);

  // A fraction of a serial-tracked unit cannot be completed.
  const wo2 = (await planner().ok(CreateWorkOrderDocument, { input: { itemId: pump.id, qty: '1', dueDate: inDays(5) } })).createWorkOrder
    .workOrder;
  const released = (await planner().ok(ReleaseWorkOrderDocument, { input: { workOrderId: wo2.id } })).releaseWorkOrder.workOrder;
  const op = released.operations[0].id;
  await s.t.client('operator').ok(RecordExecutionEventDocument, { input: { operationId: op, type: 'START', clientEventId: uniq('s') } });
  const half = await s.t
    .client('operator')
    .exec(RecordExecutionEventDocument, { input: { operationId: op, type: 'COMPLETE', qty: '0.5', clientEventId: uniq('c') } });
  expect(half.errors?.[0]).toMatchObject({
    extensions: { code: 'BAD_USER_INPUT' },
    message: expect.stringMatching(/serial-tracked: give a whole number of units \(0\.5 given\)/),
  });

  // The first pump ships to the customer by its serial.
  const so = (
    await planner().ok(CreateSalesOrderDocument, {
      input: { customerId: s.f.customer.id, lines: [{ itemId: pump.id, qty: '1', dueDate: inDays(7) }] },
    })
  ).createSalesOrder.salesOrder;
  const shipment = (
    await planner().ok(ShipSalesOrderDocument, {
      input: {
        salesOrderId: so.id,
        lines: [{ salesOrderLineId: so.lines[0].id, qty: '1', picks: [{ lotCode: `${wo.code}-001`, qty: '1' }] }],
      },
    })
  ).shipSalesOrder.shipment;

  // Backward from the pump's serial: its work order and the motor serials it consumed, with their receipts.
  const back = (await planner().ok(LotTraceDocument, { lotId: p1, direction: 'BACKWARD' })).lotTrace;
  expect(back.lot.lotCode).toBe(`${wo.code}-001`);
  expect(back.lots.map((l) => l.lotCode).sort()).toEqual([m1, m2, `${wo.code}-001`].sort());
  expect(back.workOrders.map((w) => w.code)).toEqual([wo.code]);
  expect(back.receipts.map((r) => [r.lotCode, r.qty]).sort()).toEqual(
    [
      [m1, '1'],
      [m2, '1'],
    ].sort(),
  );
  // Forward from a motor's serial: the pumps made with it and the customer who got one.
  const fwd = (await planner().ok(LotTraceDocument, { lotId: m1Id, direction: 'FORWARD' })).lotTrace;
  expect(fwd.lots.map((l) => l.lotCode).sort()).toEqual([m1, `${wo.code}-001`, `${wo.code}-002`].sort());
  expect(fwd.shipments.map((x) => [x.code, x.lotCode, x.qty, x.salesOrderCode, x.customerCode])).toEqual([
    [shipment.code, `${wo.code}-001`, '1', so.code, s.f.customer.code],
  ]);
});
