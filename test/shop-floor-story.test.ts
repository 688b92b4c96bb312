import { hubWithFactory } from './support/suite';
import { randomUUID } from 'node:crypto';
import { Collector } from './support/client';
import { inDays, receive, uniq } from './support/factory';
import {
  CloseOrderDocument,
  CreateSalesOrderDocument,
  CreateWorkOrdersForSalesOrderDocument,
  IssueMaterialDocument,
  LineShortfallDocument,
  OrderProgressDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  SalesOrderDocument,
  ShortCloseSalesOrderLineDocument,
  StockBalancesDocument,
  StockChangedDocument,
  WorkOrderDocument,
  type RecordExecutionEventMutationVariables,
} from './generated/graphql';

const s = hubWithFactory();

test('a sales order goes through the shop: release, issue, each operation with scrap, finished goods, completed', async () => {
  const planner = s.t.client('planner');
  const operator = s.t.client('operator');

  const so = (
    await planner.ok(CreateSalesOrderDocument, {
      input: {
        customerId: s.f.customer.id,
        customerReference: uniq('PO'),
        lines: [{ itemId: s.f.product.id, qty: '10', dueDate: inDays(7) }],
      },
    })
  ).createSalesOrder.salesOrder;
  expect(so).toMatchObject({ state: 'OPEN', code: expect.stringMatching(/^SO-\d{6}$/) });
  const [planned] = (await planner.ok(CreateWorkOrdersForSalesOrderDocument, { input: { salesOrderId: so.id } }))
    .createWorkOrdersForSalesOrder.workOrders;
  expect(planned).toMatchObject({ state: 'PLANNED', qty: '10', code: expect.stringMatching(/^WO-\d{6}$/) });

  // Subscribed after the work order was created, but from sequence 0: the history is replayed first.
  const progress = Collector.start(s.t.ws('planner'), OrderProgressDocument, { salesOrderId: so.id, fromSeq: '0' });
  const stock = Collector.start(s.t.ws('viewer'), StockChangedDocument, { itemId: s.f.product.id, fromSeq: '0' });
  await progress.count(1);

  const wo = (await planner.ok(ReleaseWorkOrderDocument, { input: { workOrderId: planned.id } })).releaseWorkOrder.workOrder;
  expect(wo.state).toBe('RELEASED');
  expect(wo.operations.map((o) => [o.sequence, o.state])).toEqual([
    [10, 'PENDING'],
    [20, 'PENDING'],
    [30, 'PENDING'],
  ]);
  expect(new Date(wo.operations[1].plannedStart!).getTime()).toBe(new Date(wo.operations[0].plannedEnd!).getTime());
  const required = Object.fromEntries(wo.materials.map((m) => [m.item.sku, m.qtyRequired]));
  expect(required).toEqual({ [s.f.plate.sku]: '20', [s.f.resin.sku]: '2.6' });

  await receive(planner, s.f, s.f.plate.id, '25');
  const resinReceipt = await receive(planner, s.f, s.f.resin.id, '3', 'R-001');
  await operator.ok(IssueMaterialDocument, {
    input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '20', fromLocationId: s.f.stock.id },
  });
  await operator.ok(IssueMaterialDocument, {
    input: { workOrderId: wo.id, itemId: s.f.resin.id, qty: '2.6', fromLocationId: s.f.stock.id, lotId: resinReceipt.lot!.id },
  });

  const [op10, op20, op30] = wo.operations;
  const scan = (
    operationId: string,
    type: RecordExecutionEventMutationVariables['input']['type'],
    extra: Partial<RecordExecutionEventMutationVariables['input']> = {},
  ) =>
    operator.ok(RecordExecutionEventDocument, {
      input: { operationId, type, clientEventId: randomUUID(), deviceId: 'scanner-7', ...extra },
    });

  await scan(op10.id, 'START');
  await scan(op10.id, 'COMPLETE', { qty: '9' });
  const scrapped = await scan(op10.id, 'SCRAP', { qty: '1', reason: 'Burr on edge' });
  expect(scrapped.recordExecutionEvent.operation).toMatchObject({ state: 'DONE', qtyGood: '9', qtyScrap: '1' });

  await scan(op20.id, 'START');
  await scan(op20.id, 'PAUSE');
  await scan(op20.id, 'RESUME');
  await scan(op20.id, 'COMPLETE', { qty: '9' });
  await scan(op30.id, 'START');
  await scan(op30.id, 'COMPLETE', { qty: '4' });
  const last = await scan(op30.id, 'COMPLETE', { qty: '5' });
  expect(last.recordExecutionEvent.workOrder).toMatchObject({ state: 'COMPLETED', qtyCompleted: '9', qtyScrapped: '1' });

  const finalWo = (await planner.ok(WorkOrderDocument, { id: wo.id })).workOrder;
  expect(finalWo.operations.map((o) => [o.state, o.qtyGood, o.qtyScrap])).toEqual([
    ['DONE', '9', '1'],
    ['DONE', '9', '0'],
    ['DONE', '9', '0'],
  ]);
  expect(finalWo.materials.map((m) => m.qtyIssued).sort()).toEqual(['2.6', '20']);
  // Nine of ten made: the line finished short, and the order waits for the planner's decision.
  const shortOrder = (await planner.ok(LineShortfallDocument, { id: so.id })).salesOrder;
  expect(shortOrder.state).toBe('IN_PRODUCTION');
  expect(shortOrder.lines[0].progress).toMatchObject({ state: 'SHORT', qtyDone: '9', qtyShort: '1' });
  await planner.ok(ShortCloseSalesOrderLineDocument, {
    input: { salesOrderLineId: shortOrder.lines[0].id, reason: 'The customer takes nine' },
  });
  expect((await planner.ok(SalesOrderDocument, { id: so.id })).salesOrder.state).toBe('COMPLETED');

  const fgStock = (await planner.ok(StockBalancesDocument, { filter: { itemId: s.f.product.id } })).stockBalances.edges.map((e) => e.node);
  expect(fgStock).toEqual([{ qty: '9', item: { sku: s.f.product.sku }, location: { code: s.f.fg.code, virtual: false }, lot: null }]);

  // The progress stream, in order: the replayed creation, then everything that happened live.
  const events = await progress.count(20);
  const seqs = events.map((e) => BigInt(e.orderProgress.seq));
  expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
  const story = events.map((e) => {
    const p = e.orderProgress;
    return p.operation ? `${p.type}:${p.operation.sequence}` : `${p.type}:${p.salesOrderState ?? p.workOrderState}`;
  });
  expect(story).toEqual([
    'WorkOrderCreated:PLANNED',
    'WorkOrderReleased:RELEASED',
    'SalesOrderStateChanged:IN_PRODUCTION',
    'WorkOrderStarted:IN_PROGRESS',
    'OperationStarted:10',
    'OperationProgressed:10',
    'OperationScrapped:10',
    'OperationDone:10',
    'OperationStarted:20',
    'OperationPaused:20',
    'OperationResumed:20',
    'OperationProgressed:20',
    'OperationDone:20',
    'OperationStarted:30',
    'OperationProgressed:30',
    'OperationProgressed:30',
    'OperationDone:30',
    'WorkOrderCompleted:COMPLETED',
    'SalesOrderLineShortClosed:IN_PRODUCTION',
    'SalesOrderStateChanged:COMPLETED',
  ]);
  expect(events.filter((e) => e.orderProgress.type === 'OperationProgressed').map((e) => e.orderProgress.eventQty)).toEqual([
    '9',
    '9',
    '4',
    '5',
  ]);
  expect(events.find((e) => e.orderProgress.type === 'OperationScrapped')!.orderProgress).toMatchObject({
    eventQty: '1',
    reason: 'Burr on edge',
  });
  expect(
    events
      .map((e) => e.orderProgress.percentDone)
      .filter((p) => p !== null)
      .at(-2),
  ).toBe(90);

  const moves = await stock.count(2);
  expect(
    moves.map((m) => [m.stockChanged.reason, m.stockChanged.qty, m.stockChanged.balances.find((b) => b.locationId === s.f.fg.id)?.qty]),
  ).toEqual([
    ['COMPLETION', '4', '4'],
    ['COMPLETION', '5', '9'],
  ]);
  expect(BigInt(moves[0].stockChanged.seq)).toBeLessThan(BigInt(moves[1].stockChanged.seq));
  progress.stop();
  stock.stop();

  // Closing books the time and the variances: the order's WIP is zero (checked after each test, with
  // every journal entry balancing; see test/support/invariants.ts).
  expect((await planner.ok(CloseOrderDocument, { input: { workOrderId: wo.id } })).closeWorkOrder.workOrder.state).toBe('CLOSED');
});
