import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { hubWithFactory } from './support/suite';
import { Collector } from './support/client';
import { buildFactory, inDays, uniq } from './support/factory';
import { databaseSnapshot } from './support/invariants';
import {
  CreateItemDocument,
  CreateSalesOrderDocument,
  JournalEntriesDocument,
  OrderProgressDocument,
  ReceiveLotDocument,
  SalesOrderShippingDocument,
  ShipmentDocument,
  ShipmentChangedDocument,
  ShipmentInternalsDocument,
  ShipmentsDocument,
  ShipSalesOrderDocument,
  type ShipSalesOrderMutationVariables,
} from './generated/graphql';

const s = hubWithFactory();
const planner = () => s.t.client('planner');

/** A finished item of its own, so each test reads only the stock it put there. */
async function finished(tracking: 'NONE' | 'LOT') {
  return (
    await planner().ok(CreateItemDocument, {
      input: { sku: uniq('FG'), name: 'Gearbox', type: 'FINISHED', tracking, unit: 'pcs', standardCost: '12.5' },
    })
  ).createItem.item;
}

/** Finished goods into the factory's FG location, as a lot (with an expiry) for a tracked item. */
async function stock(itemId: string, qty: string, lotCode?: string, lotExpiresOn?: string) {
  return (await planner().ok(ReceiveLotDocument, { input: { itemId, locationId: s.f.fg.id, qty, lotCode, lotExpiresOn } })).receiveStock
    .stockMove;
}

async function order(lines: { itemId: string; qty: string }[], customerId = s.f.customer.id) {
  return (
    await planner().ok(CreateSalesOrderDocument, {
      input: { customerId, lines: lines.map((l) => ({ ...l, dueDate: inDays(7) })) },
    })
  ).createSalesOrder.salesOrder;
}

const ship = (input: ShipSalesOrderMutationVariables['input']) => planner().ok(ShipSalesOrderDocument, { input });
const shipFails = (input: ShipSalesOrderMutationVariables['input']) => planner().fail(ShipSalesOrderDocument, { input });
const shipping = async (id: string) => (await planner().ok(SalesOrderShippingDocument, { id })).salesOrder;

/** The refused call writes nothing: every table's row count, the balances and the event log are as before. */
async function refusedWithoutTrace(call: () => Promise<{ code: string; message: string }>, code: string, message: RegExp) {
  const before = await databaseSnapshot(s.t.em());
  const error = await call();
  expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.stringMatching(message) });
  expect(await databaseSnapshot(s.t.em())).toEqual(before);
}

describe('a planner ships a sales order from finished goods', () => {
  test('lots are picked first-expiry, then first-in; expired lots and lots on hold are left', async () => {
    const item = await finished('LOT');
    await stock(item.id, '5', 'LATE', '2031-01-10');
    await stock(item.id, '5', 'SOON', '2030-06-01');
    await stock(item.id, '4', 'NO-EXPIRY-1');
    await stock(item.id, '4', 'NO-EXPIRY-2');
    await stock(item.id, '9', 'EXPIRED', '2020-01-01');
    const held = await stock(item.id, '9', 'HELD', '2029-01-01');
    await s.t.em().execute(`update lot set status = 'ON_HOLD' where id = ?`, [held.lot!.id]);

    const so = await order([{ itemId: item.id, qty: '12' }]);
    const { shipment } = (await ship({ salesOrderId: so.id, carrier: 'DHL', trackingRef: 'JD0001' })).shipSalesOrder;
    expect(shipment.code).toMatch(/^DN-\d{6}$/);
    expect(shipment.lines.map((l) => [l.lot?.code, l.qty, l.fromLocation.code])).toEqual([
      ['SOON', '5', s.f.fg.code],
      ['LATE', '5', s.f.fg.code],
      ['NO-EXPIRY-1', '2', s.f.fg.code],
    ]);
    expect(shipment.salesOrder.state).toBe('SHIPPED');

    // First-in among lots without expiry: the older lot goes first, and the next shipment finishes it.
    const next = await order([{ itemId: item.id, qty: '3' }]);
    const second = (await ship({ salesOrderId: next.id })).shipSalesOrder.shipment;
    expect(second.lines.map((l) => [l.lot?.code, l.qty])).toEqual([
      ['NO-EXPIRY-1', '2'],
      ['NO-EXPIRY-2', '1'],
    ]);

    // What is left usable (3) is less than asked: on hold and expired stock do not count.
    const third = await order([{ itemId: item.id, qty: '4' }]);
    const error = await shipFails({ salesOrderId: third.id });
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.message).toMatch(/3 pcs can be shipped from .*, 4 needed \(18 more are on hold or past their expiry\)/);
  });

  test('named lots ship as named; a wrong sum, an expired lot or a lot on hold is refused', async () => {
    const item = await finished('LOT');
    const a = await stock(item.id, '6', 'A', '2030-01-01');
    await stock(item.id, '6', 'B', '2031-01-01');
    const old = await stock(item.id, '2', 'OLD', '2020-01-01');
    const so = await order([{ itemId: item.id, qty: '10' }]);
    const line = so.lines[0];

    await refusedWithoutTrace(
      () => shipFails({ salesOrderId: so.id, lines: [{ salesOrderLineId: line.id, qty: '4', picks: [{ lotCode: 'B', qty: '3' }] }] }),
      'BAD_USER_INPUT',
      /picks add up to 3, but 4 is to ship/,
    );
    await refusedWithoutTrace(
      () => shipFails({ salesOrderId: so.id, lines: [{ salesOrderLineId: line.id, qty: '1', picks: [{ lotId: old.lot!.id, qty: '1' }] }] }),
      'INVALID_STATE',
      /Lot OLD .* expired on 2020-01-01/,
    );
    await s.t.em().execute(`update lot set status = 'ON_HOLD' where id = ?`, [a.lot!.id]);
    await refusedWithoutTrace(
      () => shipFails({ salesOrderId: so.id, lines: [{ salesOrderLineId: line.id, qty: '1', picks: [{ lotCode: 'A', qty: '1' }] }] }),
      'INVALID_STATE',
      /Lot A is on hold and cannot be shipped/,
    );
    await s.t.em().execute(`update lot set status = 'AVAILABLE' where id = ?`, [a.lot!.id]);

    // B expires later than A, but it is the lot named.
    const { shipment } = (
      await ship({
        salesOrderId: so.id,
        lines: [
          {
            salesOrderLineId: line.id,
            qty: '8',
            picks: [
              { lotCode: 'B', qty: '6' },
              { lotId: a.lot!.id, locationId: s.f.fg.id, qty: '2' },
            ],
          },
        ],
      })
    ).shipSalesOrder;
    expect(shipment.lines.map((l) => [l.lot?.code, l.lot?.expiresOn, l.qty])).toEqual([
      ['B', '2031-01-01', '6'],
      ['A', '2030-01-01', '2'],
    ]);
    expect(
      (await shipFails({ salesOrderId: so.id, lines: [{ salesOrderLineId: line.id, qty: '2', picks: [{ lotCode: 'B', qty: '2' }] }] }))
        .code,
    ).toBe('INSUFFICIENT_STOCK');
  });

  test('a line ships in parts; over-shipping is refused; the order is SHIPPED when every line is', async () => {
    const item = await finished('NONE');
    const other = await finished('NONE');
    await stock(item.id, '10');
    await stock(other.id, '2');
    const so = await order([
      { itemId: item.id, qty: '10' },
      { itemId: other.id, qty: '2' },
    ]);
    const [l1, l2] = so.lines;

    const first = (
      await ship({ salesOrderId: so.id, lines: [{ salesOrderLineId: l1.id, qty: '4' }], carrier: 'UPS', trackingRef: '1Z999' })
    ).shipSalesOrder.shipment;
    expect(first).toMatchObject({ state: 'SHIPPED', carrier: 'UPS', trackingRef: '1Z999' });
    let seen = await shipping(so.id);
    expect(seen.state).toBe('OPEN');
    expect(seen.lines.map((l) => [l.qtyShipped, l.progress.state, l.progress.qtyShipped])).toEqual([
      ['4', 'PARTIALLY_SHIPPED', '4'],
      ['0', 'RECEIVED', '0'],
    ]);
    expect(seen.lines[0].progress.milestones).toEqual([{ key: 'shipped', label: 'Shipped 4 of 10', done: false, at: null, qty: '4' }]);

    await refusedWithoutTrace(
      () => shipFails({ salesOrderId: so.id, lines: [{ salesOrderLineId: l1.id, qty: '7' }] }),
      'BAD_USER_INPUT',
      /line 1 of SO-\d+ has 6 left to ship \(ordered 10, shipped 4\); 7 would over-ship it/,
    );
    await refusedWithoutTrace(
      () =>
        shipFails({
          salesOrderId: so.id,
          lines: [
            { salesOrderLineId: l2.id, qty: '1' },
            { salesOrderLineId: l2.id, qty: '1' },
          ],
        }),
      'BAD_USER_INPUT',
      /line 2 is named twice/,
    );
    const foreign = await order([{ itemId: item.id, qty: '1' }]);
    await refusedWithoutTrace(
      () => shipFails({ salesOrderId: so.id, lines: [{ salesOrderLineId: foreign.lines[0].id, qty: '1' }] }),
      'BAD_USER_INPUT',
      /is not a line of SO-/,
    );

    // Without lines: everything that is left.
    const rest = (await ship({ salesOrderId: so.id })).shipSalesOrder.shipment;
    expect(rest.lines.map((l) => [l.salesOrderLine.lineNo, l.qty, l.salesOrderLine.qtyShipped])).toEqual([
      [1, '6', '10'],
      [2, '2', '2'],
    ]);
    expect(rest.code).not.toBe(first.code);
    seen = await shipping(so.id);
    expect(seen.state).toBe('SHIPPED');
    expect(seen.shipments.map((x) => x.code)).toEqual([first.code, rest.code]);
    const shipped = seen.lines[0].progress.milestones.find((m) => m.key === 'shipped')!;
    expect(shipped).toMatchObject({ done: true, label: 'Shipped', qty: '10' });
    expect(shipped.at).not.toBeNull();
    expect(seen.lines.map((l) => l.progress.state)).toEqual(['SHIPPED', 'SHIPPED']);

    const again = await shipFails({ salesOrderId: so.id });
    expect([again.code, again.message]).toEqual(['INVALID_STATE', expect.stringMatching(/has shipped in full/)]);
  });

  test('two lines of one item never count the same units', async () => {
    const item = await finished('NONE');
    await stock(item.id, '5');
    const so = await order([
      { itemId: item.id, qty: '3' },
      { itemId: item.id, qty: '3' },
    ]);
    await refusedWithoutTrace(() => shipFails({ salesOrderId: so.id }), 'INSUFFICIENT_STOCK', /0 pcs can be shipped from .*, 3 needed/);
    const { shipment } = (await ship({ salesOrderId: so.id, lines: [{ salesOrderLineId: so.lines[1].id, qty: '3' }] })).shipSalesOrder;
    expect(shipment.lines.map((l) => l.qty)).toEqual(['3']);
  });

  test('not enough stock is INSUFFICIENT_STOCK, and nothing is written', async () => {
    const item = await finished('NONE');
    await stock(item.id, '3');
    const so = await order([{ itemId: item.id, qty: '5' }]);
    await refusedWithoutTrace(
      () => shipFails({ salesOrderId: so.id }),
      'INSUFFICIENT_STOCK',
      new RegExp(`Not enough ${item.sku} to ship line 1 of ${so.code}: 3 pcs can be shipped from .*, 5 needed`),
    );
    expect((await shipping(so.id)).lines[0].qtyShipped).toBe('0');
  });

  test('a replay with the same idempotency key returns the first shipment; the key for another request is CONFLICT', async () => {
    const item = await finished('NONE');
    await stock(item.id, '6');
    const so = await order([{ itemId: item.id, qty: '6' }]);
    const input = { salesOrderId: so.id, lines: [{ salesOrderLineId: so.lines[0].id, qty: '2' }], idempotencyKey: randomUUID() };
    const first = (await ship(input)).shipSalesOrder.shipment;
    const before = await databaseSnapshot(s.t.em());
    const replay = (await ship(input)).shipSalesOrder.shipment;
    expect(replay.id).toBe(first.id);
    expect(replay.code).toBe(first.code);
    expect(await databaseSnapshot(s.t.em())).toEqual(before);
    expect((await shipping(so.id)).lines[0].qtyShipped).toBe('2');

    const reused = await shipFails({ ...input, lines: [{ salesOrderLineId: so.lines[0].id, qty: '3' }] });
    expect([reused.code, reused.extensions?.reason]).toEqual(['CONFLICT', 'IDEMPOTENCY_KEY_REUSED']);
  });

  test('each pick books the cost of goods sold at the cost the stock carries, balanced', async () => {
    const item = await finished('LOT');
    await stock(item.id, '2', 'J1', '2030-01-01');
    await stock(item.id, '3', 'J2', '2030-02-01');
    const so = await order([{ itemId: item.id, qty: '4' }]);
    const { shipment } = (await ship({ salesOrderId: so.id })).shipSalesOrder;
    const finance = s.t.client('finance');
    let total = new Decimal(0);
    for (const line of shipment.lines) {
      const [entry] = (await finance.ok(JournalEntriesDocument, { filter: { stockMoveId: line.stockMoveId } })).journalEntries.edges.map(
        (e) => e.node,
      );
      expect(entry).toMatchObject({ source: 'SHIPMENT', qty: line.qty });
      expect(new Decimal(entry.amount).eq(new Decimal(line.qty).mul('12.5'))).toBe(true);
      expect(entry.memo).toContain(shipment.code);
      expect(entry.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
        ['5000', entry.amount, '0'],
        ['1400', '0', entry.amount],
      ]);
      total = total.plus(entry.amount);
    }
    expect(total.toFixed(2)).toBe('50.00');
    // Every SHIPMENT entry balances.
    const all = (await finance.ok(JournalEntriesDocument, { filter: { source: 'SHIPMENT' } })).journalEntries.edges.map((e) => e.node);
    for (const e of all) {
      const debit = e.lines.reduce((sum, l) => sum.plus(l.debit), new Decimal(0));
      const credit = e.lines.reduce((sum, l) => sum.plus(l.credit), new Decimal(0));
      expect([debit.toFixed(2), credit.toFixed(2)]).toEqual([new Decimal(e.amount).toFixed(2), new Decimal(e.amount).toFixed(2)]);
    }
  });

  test('shipments at the same moment never over-ship a line nor take the same units twice', async () => {
    const item = await finished('NONE');
    await stock(item.id, '5');
    const so = await order([{ itemId: item.id, qty: '5' }]);
    const other = await order([{ itemId: item.id, qty: '5' }]);
    const results = await Promise.all([
      planner().exec(ShipSalesOrderDocument, { input: { salesOrderId: so.id } }),
      planner().exec(ShipSalesOrderDocument, { input: { salesOrderId: so.id } }),
      planner().exec(ShipSalesOrderDocument, { input: { salesOrderId: other.id } }),
    ]);
    const shipped = results.filter((r) => r.data?.shipSalesOrder);
    expect(shipped).toHaveLength(1);
    expect(
      results
        .flatMap((r) => r.errors ?? [])
        .map((e) => e.extensions?.code)
        .sort(),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^(INVALID_STATE|INSUFFICIENT_STOCK)$/)]));
    const lines = [...(await shipping(so.id)).lines, ...(await shipping(other.id)).lines];
    expect(lines.reduce((sum, l) => sum.plus(l.qtyShipped), new Decimal(0)).toFixed()).toBe('5');
  });

  test('a virtual location or no place to ship from is refused clearly', async () => {
    const item = await finished('NONE');
    await stock(item.id, '1');
    const so = await order([{ itemId: item.id, qty: '1' }]);
    const [virtual] = await s.t.em().execute<{ id: string }[]>(`select id from location where code = 'VIRT-CUSTOMER'`);
    const error = await shipFails({ salesOrderId: so.id, fromLocationId: virtual.id });
    expect([error.code, error.message]).toEqual(['BAD_USER_INPUT', expect.stringMatching(/virtual location/)]);
    expect((await shipFails({ salesOrderId: randomUUID() })).code).toBe('NOT_FOUND');
    // From the store (not finished goods), where there is none of it.
    expect((await shipFails({ salesOrderId: so.id, fromLocationId: s.f.stock.id })).code).toBe('INSUFFICIENT_STOCK');
  });
});

describe('a customer sees its own shipments only', () => {
  test('in queries, in shipmentChanged and in orderProgress, live', async () => {
    const item = await finished('LOT');
    await stock(item.id, '10', uniq('L'), '2030-01-01');
    const mine = await order([{ itemId: item.id, qty: '4' }]);
    const otherCustomer = (await buildFactory(planner())).customer;
    const theirs = await order([{ itemId: item.id, qty: '1' }], otherCustomer.id);

    const customer = s.t.client('customer', s.f.customer.id);
    const shipments = Collector.start(s.t.ws('customer', s.f.customer.id), ShipmentChangedDocument, { fromSeq: '0' });
    const progress = Collector.start(s.t.ws('customer', s.f.customer.id), OrderProgressDocument, { salesOrderId: mine.id, fromSeq: '0' });
    const theirShipment = (await ship({ salesOrderId: theirs.id })).shipSalesOrder.shipment;
    const first = (await ship({ salesOrderId: mine.id, lines: [{ salesOrderLineId: mine.lines[0].id, qty: '1' }], carrier: 'DHL' }))
      .shipSalesOrder.shipment;
    const last = (await ship({ salesOrderId: mine.id, trackingRef: 'T-2' })).shipSalesOrder.shipment;

    const events = (await shipments.until((es) => es.some((e) => e.shipmentChanged.code === last.code))).map((e) => e.shipmentChanged);
    expect(events.some((e) => e.salesOrderId === theirs.id)).toBe(false);
    const ours = events.filter((e) => e.salesOrderId === mine.id);
    expect(ours.map((e) => [e.type, e.code, e.carrier, e.trackingRef, e.salesOrderState])).toEqual([
      ['ShipmentPosted', first.code, 'DHL', null, 'OPEN'],
      ['ShipmentPosted', last.code, null, 'T-2', 'SHIPPED'],
    ]);
    expect(ours[1].salesOrderLines).toEqual([{ lineNo: 1, qty: '4', qtyShipped: '4' }]);
    expect(ours[1].lines.map((l) => [l.salesOrderLineNo, l.sku, l.qty])).toEqual([[1, item.sku, '3']]);
    shipments.stop();

    // The order's progress stream says so too, which is what the portal listens to.
    const progressed = await progress.until((es) => es.filter((e) => e.orderProgress.type === 'ShipmentPosted').length === 2);
    expect(progressed.map((e) => e.orderProgress.type)).toEqual(expect.arrayContaining(['ShipmentPosted', 'SalesOrderStateChanged']));
    expect(progressed.find((e) => e.orderProgress.type === 'ShipmentPosted')!.orderProgress.workOrderCode).toBeNull();
    progress.stop();

    const listed = (await customer.ok(ShipmentsDocument, {})).shipments.edges.map((e) => e.node.code);
    expect(listed).toEqual(expect.arrayContaining([first.code, last.code]));
    expect(listed).not.toContain(theirShipment.code);
    expect((await customer.ok(ShipmentDocument, { id: first.id })).shipment.code).toBe(first.code);
    expect((await customer.fail(ShipmentDocument, { id: theirShipment.id })).code).toBe('NOT_FOUND');
    expect((await customer.fail(ShipmentsDocument, { filter: { customerId: otherCustomer.id } })).code).toBe('FORBIDDEN');
    expect((await customer.fail(ShipmentInternalsDocument, { id: first.id })).code).toBe('FORBIDDEN');
    expect((await planner().ok(ShipmentInternalsDocument, { id: first.id })).shipment.postedBy).toBeTruthy();
    // Another customer's stream carries none of it.
    const stranger = Collector.start(s.t.ws('customer', otherCustomer.id), ShipmentChangedDocument, { fromSeq: '0' });
    const theirsOnly = await stranger.until((es) => es.some((e) => e.shipmentChanged.code === theirShipment.code));
    expect(theirsOnly.every((e) => e.shipmentChanged.salesOrderId === theirs.id)).toBe(true);
    stranger.stop();
  });
});
