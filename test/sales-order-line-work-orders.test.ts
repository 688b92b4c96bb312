import { hubWithFactory } from './support/suite';
import { inDays, uniq } from './support/factory';
import {
  CancelWorkOrderDocument,
  CreateSalesOrderDocument,
  CreateWorkOrderDocument,
  CreateWorkOrdersForSalesOrderDocument,
} from './generated/graphql';

/**
 * `SalesOrderLine.workOrders` lists every work order made for the line — cancelled ones included — by
 * code, while the line's `progress` counts the live ones only. Both are read for many lines at once
 * (batched per request); these tests check that batching keeps each line's own list and meaning.
 */

const s = hubWithFactory();

interface LineAnswer {
  lineNo: number;
  workOrders: { code: string; state: string }[];
  progress: { state: string };
}

const linesQuery = `{
  salesOrders(first: 200) { edges { node { id lines { lineNo workOrders { code state } progress { state } } } } }
}`;

test('every work order of each line, cancelled ones included, by code; progress counts the live ones', async () => {
  const planner = s.t.client('planner');
  const order = async () =>
    (
      await planner.ok(CreateSalesOrderDocument, {
        input: {
          customerId: s.f.customer.id,
          customerReference: uniq('PO'),
          lines: [
            { itemId: s.f.product.id, qty: '4', dueDate: inDays(10) },
            { itemId: s.f.product.id, qty: '2', dueDate: inDays(12) },
          ],
        },
      })
    ).createSalesOrder.salesOrder;
  const first = await order();
  const second = await order();
  const made = async (salesOrderId: string) =>
    (await planner.ok(CreateWorkOrdersForSalesOrderDocument, { input: { salesOrderId } })).createWorkOrdersForSalesOrder.workOrders;
  const [line1Wo, line2Wo] = await made(first.id);
  const [otherLine1Wo, otherLine2Wo] = await made(second.id);
  // A second work order for the first order's line 1, then its first one cancelled.
  const extra = (
    await planner.ok(CreateWorkOrderDocument, {
      input: { itemId: s.f.product.id, qty: '1', dueDate: inDays(9), salesOrderLineId: first.lines[0].id },
    })
  ).createWorkOrder.workOrder;
  await planner.ok(CancelWorkOrderDocument, { input: { workOrderId: line1Wo.id } });
  // Every work order of the second order's line 2 cancelled: the line lists it and is back to RECEIVED.
  await planner.ok(CancelWorkOrderDocument, { input: { workOrderId: otherLine2Wo.id } });

  const res = await planner.raw({ query: linesQuery });
  expect(res.body.errors).toBeUndefined();
  const data = res.body.data as { salesOrders: { edges: { node: { id: string; lines: LineAnswer[] } }[] } };
  const linesOf = (id: string) => data.salesOrders.edges.find((e) => e.node.id === id)!.node.lines;
  const byCode = (...wos: { code: string; state: string }[]) => [...wos].sort((a, b) => (a.code < b.code ? -1 : 1));

  const [a1, a2] = linesOf(first.id);
  expect(a1.workOrders).toEqual(byCode({ code: line1Wo.code, state: 'CANCELLED' }, { code: extra.code, state: 'PLANNED' }));
  expect(a1.progress.state).toBe('PLANNED');
  expect(a2.workOrders).toEqual([{ code: line2Wo.code, state: 'PLANNED' }]);

  const [b1, b2] = linesOf(second.id);
  expect(b1.workOrders).toEqual([{ code: otherLine1Wo.code, state: 'PLANNED' }]);
  expect(b2.workOrders).toEqual([{ code: otherLine2Wo.code, state: 'CANCELLED' }]);
  expect(b2.progress.state).toBe('RECEIVED');
});

test('a line without work orders lists none', async () => {
  const planner = s.t.client('planner');
  const so = (
    await planner.ok(CreateSalesOrderDocument, {
      input: {
        customerId: s.f.customer.id,
        customerReference: uniq('PO'),
        lines: [{ itemId: s.f.product.id, qty: '1', dueDate: inDays(5) }],
      },
    })
  ).createSalesOrder.salesOrder;
  const res = await planner.raw({ query: linesQuery });
  expect(res.body.errors).toBeUndefined();
  const data = res.body.data as { salesOrders: { edges: { node: { id: string; lines: LineAnswer[] } }[] } };
  expect(data.salesOrders.edges.find((e) => e.node.id === so.id)!.node.lines).toEqual([
    { lineNo: 1, workOrders: [], progress: { state: 'RECEIVED' } },
  ]);
});
