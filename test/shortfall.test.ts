import { randomUUID } from 'node:crypto';
import { hubWithFactory } from './support/suite';
import { Collector } from './support/client';
import { inDays, releasedOrder, uniq } from './support/factory';
import { databaseSnapshot } from './support/invariants';
import {
  ConfirmCommitmentDocument,
  CommitmentReceivedDocument,
  CreateLocationDocument,
  CustomerLineShortfallDocument,
  LineProgressFeedDocument,
  LineShortfallDocument,
  MakeUpShortfallDocument,
  MovesAtDocument,
  ReceiveCommitmentDocument,
  RecordExecutionEventDocument,
  RequestCommitmentDocument,
  ReverseCommitmentReceiptDocument,
  ReverseExecutionEventDocument,
  ReverseStockMoveDocument,
  ShipCommitmentDocument,
  ShipSalesOrderDocument,
  ShortCloseSalesOrderLineDocument,
  StockBalancesDocument,
  TransferStockDocument,
  type RecordExecutionEventMutationVariables,
} from './generated/graphql';

/**
 * A sales order line whose work orders finish short waits for the planner: short-close it (with a
 * reason the customer sees) or make up the missing quantity with a new work order on the same line.
 * Corrections move the line's progress back, live; a commitment's receipt is reversed with the commitment.
 */
const s = hubWithFactory();
const planner = () => s.t.client('planner');
const operator = () => s.t.client('operator');
const customer = () => s.t.client('customer', s.f.customer.id);

type ScanInput = RecordExecutionEventMutationVariables['input'];
const scan = async (operationId: string, type: ScanInput['type'], extra: Partial<ScanInput> = {}) =>
  (await operator().ok(RecordExecutionEventDocument, { input: { operationId, type, clientEventId: randomUUID(), ...extra } }))
    .recordExecutionEvent;

/** Runs every operation of a released work order: `good` pass each step, `scrapAtFirst` are scrapped at the first. */
async function run(wo: { operations: { id: string }[] }, good: string, scrapAtFirst = '0') {
  let last: Awaited<ReturnType<typeof scan>> | undefined;
  for (const [i, op] of wo.operations.entries()) {
    await scan(op.id, 'START');
    last = await scan(op.id, 'COMPLETE', { qty: good });
    if (i === 0 && scrapAtFirst !== '0') await scan(op.id, 'SCRAP', { qty: scrapAtFirst, reason: 'Cracked housing' });
  }
  return last!;
}

const lineOf = async (salesOrderId: string) => {
  const order = (await planner().ok(LineShortfallDocument, { id: salesOrderId })).salesOrder;
  return { order, line: order.lines[0] };
};

/** The refused call writes nothing: every table's row count, the balances and the event log are as before. */
async function refusedWithoutTrace(call: () => Promise<{ code: string; message: string; extensions?: Record<string, unknown> }>) {
  const before = await databaseSnapshot(s.t.em());
  const error = await call();
  expect(await databaseSnapshot(s.t.em())).toEqual(before);
  return error;
}

describe('a sales order line that finishes short', () => {
  test('shows SHORT, not COMPLETED, and its order waits for the decision', async () => {
    const { so, wo } = await releasedOrder(planner(), s.f, '4');
    const done = await run(wo, '3', '1');
    expect(done.workOrder).toMatchObject({ state: 'COMPLETED', qtyCompleted: '3', qtyScrapped: '1' });
    const { order, line } = await lineOf(so.id);
    expect(line.progress).toMatchObject({
      state: 'SHORT',
      qtyOrdered: '4',
      qtyDone: '3',
      qtyShort: '1',
      qtyShortClosed: '0',
      percentDone: 75,
    });
    expect(order.state).toBe('IN_PRODUCTION');
    // The customer sees the same: 3 of 4 made, 1 short.
    const mine = (await customer().ok(CustomerLineShortfallDocument, { id: so.id })).salesOrder;
    expect(mine.lines[0].progress).toMatchObject({ state: 'SHORT', qtyOrdered: '4', qtyDone: '3', qtyShort: '1' });
  });

  test('made up: a new released work order on the same line; the line counts both; a second make-up is a conflict', async () => {
    const { so, wo } = await releasedOrder(planner(), s.f, '4');
    const feed = Collector.start(s.t.ws('customer', s.f.customer.id), LineProgressFeedDocument, { salesOrderId: so.id, fromSeq: '0' });
    await run(wo, '3', '1');
    const lineId = (await lineOf(so.id)).line.id;

    const madeUp = (await planner().ok(MakeUpShortfallDocument, { input: { salesOrderLineId: lineId } })).makeUpShortfall;
    expect(madeUp.workOrder).toMatchObject({ state: 'RELEASED', qty: '1', makesUpShortfall: true });
    expect(madeUp.workOrder.operations).toHaveLength(wo.operations.length);
    // The customer's tracking hears of it live.
    const events = await feed.until((items) => items.some((e) => e.orderProgress.type === 'ShortfallMadeUp'));
    expect(events.find((e) => e.orderProgress.type === 'ShortfallMadeUp')?.orderProgress).toMatchObject({
      salesOrderLineId: lineId,
      workOrderCode: madeUp.workOrder.code,
      eventQty: '1',
    });

    let { order, line } = await lineOf(so.id);
    expect(line.workOrders.map((w) => [w.code, w.state, w.makesUpShortfall])).toEqual([
      [wo.code, 'COMPLETED', false],
      [madeUp.workOrder.code, 'RELEASED', true],
    ]);
    expect(line.progress).toMatchObject({ state: 'RELEASED', qtyDone: '3', qtyShort: '0', percentDone: 75 });
    expect(order.state).toBe('IN_PRODUCTION');

    const twice = await refusedWithoutTrace(() => planner().fail(MakeUpShortfallDocument, { input: { salesOrderLineId: lineId } }));
    expect(twice).toMatchObject({
      code: 'CONFLICT',
      message: `${madeUp.workOrder.code} is already making up the shortfall of line 1 of ${so.code}`,
      extensions: { workOrderCode: madeUp.workOrder.code },
    });
    const closeInstead = await refusedWithoutTrace(() =>
      planner().fail(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: lineId, reason: 'Customer agreed' } }),
    );
    expect(closeInstead.code).toBe('CONFLICT');
    expect(closeInstead.message).toMatch(/cancel it first/);

    await run(madeUp.workOrder, '1');
    ({ order, line } = await lineOf(so.id));
    expect(line.progress).toMatchObject({ state: 'COMPLETED', qtyDone: '4', qtyShort: '0', percentDone: 100 });
    expect(order.state).toBe('COMPLETED');
    const notShort = await refusedWithoutTrace(() => planner().fail(MakeUpShortfallDocument, { input: { salesOrderLineId: lineId } }));
    expect(notShort).toMatchObject({ code: 'INVALID_STATE', message: `line 1 of ${so.code} is not short: 4 made of 4 due` });
    feed.stop();
  });

  test('short-closed with a reason: complete at what was made, shown to the customer, ships in full at 3', async () => {
    const { so, wo } = await releasedOrder(planner(), s.f, '4');
    const feed = Collector.start(s.t.ws('customer', s.f.customer.id), LineProgressFeedDocument, { salesOrderId: so.id, fromSeq: '0' });
    await run(wo, '3', '1');
    const lineId = (await lineOf(so.id)).line.id;
    const reason = 'Customer accepts 3; the fourth housing is not available this year';

    const closed = (await planner().ok(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: lineId, reason: ` ${reason} ` } }))
      .shortCloseSalesOrderLine.salesOrderLine;
    expect(closed).toMatchObject({ qty: '4', qtyShortClosed: '1', shortCloseReason: reason });
    expect(closed.shortClosedAt).toBeTruthy();
    const heard = await feed.until((items) => items.some((e) => e.orderProgress.type === 'SalesOrderLineShortClosed'));
    expect(heard.find((e) => e.orderProgress.type === 'SalesOrderLineShortClosed')?.orderProgress).toMatchObject({
      salesOrderLineId: lineId,
      eventQty: '1',
      reason,
    });

    let { order, line } = await lineOf(so.id);
    expect(order.state).toBe('COMPLETED');
    expect(line.progress).toMatchObject({ state: 'COMPLETED', qtyOrdered: '4', qtyDone: '3', qtyShort: '0', qtyShortClosed: '1' });
    expect(line.progress.milestones.find((m) => m.key === 'short-closed')).toMatchObject({ done: true, qty: '1' });
    const mine = (await customer().ok(CustomerLineShortfallDocument, { id: so.id })).salesOrder.lines[0];
    expect(mine).toMatchObject({ qty: '4', qtyShortClosed: '1', shortCloseReason: reason, progress: { state: 'COMPLETED', qtyDone: '3' } });

    const makeUpAfter = await refusedWithoutTrace(() => planner().fail(MakeUpShortfallDocument, { input: { salesOrderLineId: lineId } }));
    expect(makeUpAfter.code).toBe('CONFLICT');
    expect(makeUpAfter.message).toBe(`line 1 of ${so.code} was already short-closed (3 due of 4: ${reason}); nothing is left to make up`);
    const closeAgain = await refusedWithoutTrace(() =>
      planner().fail(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: lineId, reason: 'again' } }),
    );
    expect(closeAgain.code).toBe('CONFLICT');

    // What is due ships in full: the order has shipped.
    const shipped = (await planner().ok(ShipSalesOrderDocument, { input: { salesOrderId: so.id, fromLocationId: s.f.fg.id } }))
      .shipSalesOrder;
    expect(shipped.shipment.lines.map((l) => l.qty)).toEqual(['3']);
    ({ order, line } = await lineOf(so.id));
    expect(order.state).toBe('SHIPPED');
    expect(line.progress).toMatchObject({ state: 'SHIPPED', qtyShipped: '3', qtyShortClosed: '1' });
    expect(line.progress.milestones.find((m) => m.key === 'shipped')).toMatchObject({ done: true });
    feed.stop();
  });

  test('shipped in part before the decision: short-closing the rest ships the order', async () => {
    const { so, wo } = await releasedOrder(planner(), s.f, '4');
    await run(wo, '3', '1');
    const lineId = (await lineOf(so.id)).line.id;
    await planner().ok(ShipSalesOrderDocument, {
      input: { salesOrderId: so.id, fromLocationId: s.f.fg.id, lines: [{ salesOrderLineId: lineId, qty: '3' }] },
    });
    let { order, line } = await lineOf(so.id);
    // Short says more than "partly shipped": someone has to decide.
    expect(line.progress).toMatchObject({ state: 'SHORT', qtyShipped: '3', qtyShort: '1' });
    expect(order.state).toBe('IN_PRODUCTION');
    await planner().ok(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: line.id, reason: 'Closed at 3 with the buyer' } });
    ({ order, line } = await lineOf(so.id));
    expect(order.state).toBe('SHIPPED');
    expect(line.progress.state).toBe('SHIPPED');
  });

  test('refusals: still in production, not short, no reason, unknown line', async () => {
    const { so, wo } = await releasedOrder(planner(), s.f, '2');
    const lineId = (await lineOf(so.id)).line.id;
    const running = await refusedWithoutTrace(() => planner().fail(MakeUpShortfallDocument, { input: { salesOrderLineId: lineId } }));
    expect(running).toMatchObject({
      code: 'INVALID_STATE',
      message: `line 1 of ${so.code} is still in production (${wo.code} released); decide about a shortfall once its work orders are complete`,
    });
    await run(wo, '2');
    const notShort = await refusedWithoutTrace(() =>
      planner().fail(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: lineId, reason: 'x' } }),
    );
    expect(notShort).toMatchObject({ code: 'INVALID_STATE', message: `line 1 of ${so.code} is not short: 2 made of 2 due` });
    const noReason = await refusedWithoutTrace(() =>
      planner().fail(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: lineId, reason: '   ' } }),
    );
    expect(noReason).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'reason' } });
    const unknown = await planner().fail(MakeUpShortfallDocument, { input: { salesOrderLineId: randomUUID() } });
    expect(unknown.code).toBe('NOT_FOUND');
    const badDate = await planner().fail(MakeUpShortfallDocument, { input: { salesOrderLineId: lineId, dueDate: 'soon' } });
    expect(badDate).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'dueDate' } });
  });
});

describe('corrections reach the sales order line', () => {
  test("a reversed completion takes the line back into production, and the customer's tracking hears it", async () => {
    const { so, wo } = await releasedOrder(planner(), s.f, '2');
    const last = await run(wo, '2');
    expect((await lineOf(so.id)).order.state).toBe('COMPLETED');
    const feed = Collector.start(s.t.ws('customer', s.f.customer.id), LineProgressFeedDocument, { salesOrderId: so.id, fromSeq: '0' });

    await planner().ok(ReverseExecutionEventDocument, { input: { executionEventId: last.event.id, reason: 'Counted twice' } });
    const events = await feed.until((items) =>
      ['ExecutionEventReversed', 'WorkOrderReopened'].every((t) => items.some((e) => e.orderProgress.type === t)),
    );
    expect(events.find((e) => e.orderProgress.type === 'ExecutionEventReversed')?.orderProgress).toMatchObject({
      workOrderCode: wo.code,
      eventQty: '2',
      reason: 'Counted twice',
    });
    const { order, line } = await lineOf(so.id);
    expect(order.state).toBe('IN_PRODUCTION');
    expect(line.progress).toMatchObject({ state: 'IN_PRODUCTION', qtyDone: '0', percentDone: 0 });
    // Made again, it is complete again.
    await scan(wo.operations.at(-1)!.id, 'COMPLETE', { qty: '2' });
    expect((await lineOf(so.id)).line.progress).toMatchObject({ state: 'COMPLETED', qtyDone: '2' });
    feed.stop();
  });

  test('after a short-close, a reversed completion takes the line back into production; made again, it is complete', async () => {
    const { so, wo } = await releasedOrder(planner(), s.f, '3');
    const last = await run(wo, '2', '1');
    const lineId = (await lineOf(so.id)).line.id;
    await planner().ok(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: lineId, reason: 'One cracked' } });
    await planner().ok(ReverseExecutionEventDocument, { input: { executionEventId: last.event.id, reason: 'Counted on the wrong order' } });
    let { order, line } = await lineOf(so.id);
    expect(order.state).toBe('IN_PRODUCTION');
    expect(line.progress).toMatchObject({ state: 'IN_PRODUCTION', qtyDone: '0', qtyShortClosed: '1' });
    await scan(wo.operations.at(-1)!.id, 'COMPLETE', { qty: '2' });
    ({ order, line } = await lineOf(so.id));
    expect(order.state).toBe('COMPLETED');
    expect(line.progress).toMatchObject({ state: 'COMPLETED', qtyDone: '2', qtyShort: '0', qtyShortClosed: '1' });
  });
});

describe('a receipt against a supplier commitment is reversed with its commitment', () => {
  async function receivedCommitment(qty: string) {
    const bin = (await planner().ok(CreateLocationDocument, { input: { code: uniq('RCV'), name: 'Dock', type: 'RECEIVING' } }))
      .createLocation.location;
    const c = (
      await planner().ok(RequestCommitmentDocument, {
        input: { supplierId: s.f.supplier.id, itemId: s.f.plate.id, qty, neededBy: inDays(3) },
      })
    ).requestCommitment.commitment;
    const supplier = s.t.client('supplier', s.f.supplier.id);
    await supplier.ok(ConfirmCommitmentDocument, { input: { commitmentId: c.id, qty, promisedDate: inDays(2) } });
    await supplier.ok(ShipCommitmentDocument, {
      input: { commitmentId: c.id, shipmentRef: uniq('ASN'), expectedArrival: inDays(2), lines: [{ qty }] },
    });
    await operator().ok(ReceiveCommitmentDocument, { input: { commitmentId: c.id, locationId: bin.id } });
    const moves = (await planner().ok(MovesAtDocument, { filter: { locationId: bin.id } })).stockMoves.edges.map((e) => e.node);
    return { c, bin, receipt: moves.find((m) => m.reason === 'RECEIPT')! };
  }

  const onHand = async (locationId: string) =>
    (await planner().ok(StockBalancesDocument, { filter: { itemId: s.f.plate.id, locationId } })).stockBalances.edges[0]?.node.qty ?? '0';

  test('reverseStockMove points to reverseCommitmentReceipt, which rolls the commitment back to shipped; it can be received again', async () => {
    const { c, bin, receipt } = await receivedCommitment('6');
    expect(await onHand(bin.id)).toBe('6');
    const elsewhere = await refusedWithoutTrace(() =>
      planner().fail(ReverseStockMoveDocument, { input: { stockMoveId: receipt.id, reason: 'Wrong dock' } }),
    );
    expect(elsewhere.code).toBe('INVALID_STATE');
    expect(elsewhere.message).toMatch(/reverse it with reverseCommitmentReceipt/);

    const reversed = (await planner().ok(ReverseCommitmentReceiptDocument, { input: { commitmentId: c.id, reason: 'Wrong dock' } }))
      .reverseCommitmentReceipt.commitment;
    expect(reversed).toMatchObject({ state: 'SHIPPED', qtyReceived: '0', receivedAt: null });
    expect(await onHand(bin.id)).toBe('0');
    const moves = (await planner().ok(MovesAtDocument, { filter: { locationId: bin.id } })).stockMoves.edges.map((e) => e.node);
    expect(moves.find((m) => m.reason === 'REVERSAL')).toMatchObject({ qty: '6', reversesMoveId: receipt.id, note: 'Wrong dock' });

    const twice = await refusedWithoutTrace(() =>
      planner().fail(ReverseCommitmentReceiptDocument, { input: { commitmentId: c.id, reason: 'again' } }),
    );
    expect(twice.code).toBe('INVALID_STATE');
    await operator().ok(ReceiveCommitmentDocument, { input: { commitmentId: c.id, locationId: s.f.stock.id } });
    expect((await planner().ok(CommitmentReceivedDocument, { id: c.id })).supplierCommitment).toMatchObject({
      state: 'RECEIVED',
      qtyReceived: '6',
    });
  });

  test('refused, writing nothing, once the received stock has moved on', async () => {
    const { c, bin } = await receivedCommitment('5');
    await operator().ok(TransferStockDocument, {
      input: { itemId: s.f.plate.id, fromLocationId: bin.id, toLocationId: s.f.stock.id, qty: '2' },
    });
    const refused = await refusedWithoutTrace(() =>
      planner().fail(ReverseCommitmentReceiptDocument, { input: { commitmentId: c.id, reason: 'Wrong dock' } }),
    );
    expect(refused.code).toBe('INSUFFICIENT_STOCK');
    expect((await planner().ok(CommitmentReceivedDocument, { id: c.id })).supplierCommitment.state).toBe('RECEIVED');
    const operatorTries = await operator().fail(ReverseCommitmentReceiptDocument, { input: { commitmentId: c.id, reason: 'x' } });
    expect(operatorTries.code).toBe('FORBIDDEN');
  });
});
