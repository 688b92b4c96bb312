import { hubWithFactory } from './support/suite';
import { randomUUID } from 'node:crypto';
import { receive, releasedOrder } from './support/factory';
import {
  ExecutionEventsDocument,
  IssueMaterialDocument,
  RecordExecutionEventDocument,
  StockBalancesDocument,
  WorkOrderDocument,
} from './generated/graphql';

const s = hubWithFactory();

test('50 concurrent issues against stock for 30: exactly 30 succeed, 20 get INSUFFICIENT_STOCK, balance matches the ledger', async () => {
  const planner = s.t.client('planner');
  const operator = s.t.client('operator');
  const { wo } = await releasedOrder(planner, s.f, '100');
  await receive(planner, s.f, s.f.plate.id, '30');

  const results = await Promise.all(
    Array.from({ length: 50 }, () =>
      operator.exec(IssueMaterialDocument, { input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '1', fromLocationId: s.f.stock.id } }),
    ),
  );
  const codes = results.map((r) => (r.errors ? String(r.errors[0].extensions?.code) : 'OK'));
  expect(codes.filter((c) => c === 'OK')).toHaveLength(30);
  expect(codes.filter((c) => c === 'INSUFFICIENT_STOCK')).toHaveLength(20);

  const balances = (await planner.ok(StockBalancesDocument, { filter: { itemId: s.f.plate.id, includeZero: true } })).stockBalances.edges;
  expect(balances.map((b) => [b.node.location.code, b.node.qty])).toEqual([[s.f.stock.code, '0']]);
  const issued = (await planner.ok(WorkOrderDocument, { id: wo.id })).workOrder.materials.find((m) => m.item.sku === s.f.plate.sku);
  expect(issued?.qtyIssued).toBe('30');
});

test('100 device events each sent twice, concurrently, are counted once', async () => {
  const planner = s.t.client('planner');
  const operator = s.t.client('operator');
  const { wo } = await releasedOrder(planner, s.f, '1000');
  const op10 = wo.operations[0];
  await operator.ok(RecordExecutionEventDocument, { input: { operationId: op10.id, type: 'START', clientEventId: randomUUID() } });

  const ids = Array.from({ length: 100 }, () => randomUUID());
  const send = (id: string) =>
    operator.ok(RecordExecutionEventDocument, {
      input: { operationId: op10.id, type: 'COMPLETE', qty: '1', clientEventId: id, deviceId: 'scanner-1' },
    });
  const responses = [];
  // Twenty at a time, each event twice within the same batch, the way a flaky scanner retries.
  for (let i = 0; i < ids.length; i += 10) {
    const batch = ids.slice(i, i + 10);
    responses.push(...(await Promise.all([...batch.map(send), ...batch.map(send)])));
  }
  expect(responses.filter((r) => r.recordExecutionEvent.replayed)).toHaveLength(100);
  expect(responses.filter((r) => !r.recordExecutionEvent.replayed)).toHaveLength(100);

  const after = (await planner.ok(WorkOrderDocument, { id: wo.id })).workOrder;
  expect(after.operations[0].qtyGood).toBe('100');
  expect((await planner.ok(ExecutionEventsDocument, { filter: { workOrderId: wo.id } })).executionEvents.totalCount).toBe(101);

  // And once more, all of them, sequentially: still nothing changes.
  for (const id of ids.slice(0, 20)) expect((await send(id)).recordExecutionEvent.replayed).toBe(true);
  expect((await planner.ok(WorkOrderDocument, { id: wo.id })).workOrder.operations[0].qtyGood).toBe('100');
});

test('a retry racing the first try is answered as a replay, even when the first used up everything', async () => {
  const planner = s.t.client('planner');
  const operator = s.t.client('operator');
  const { wo } = await releasedOrder(planner, s.f, '6');
  const op10 = wo.operations[0];
  await operator.ok(RecordExecutionEventDocument, { input: { operationId: op10.id, type: 'START', clientEventId: randomUUID() } });
  const id = randomUUID();
  const both = await Promise.all(
    [1, 2].map(() =>
      operator.ok(RecordExecutionEventDocument, { input: { operationId: op10.id, type: 'COMPLETE', qty: '6', clientEventId: id } }),
    ),
  );
  expect(both.map((r) => r.recordExecutionEvent.replayed).sort()).toEqual([false, true]);

  await receive(planner, s.f, s.f.plate.id, '12');
  const key = randomUUID();
  const issues = await Promise.all(
    [1, 2].map(() =>
      operator.ok(IssueMaterialDocument, {
        input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '12', fromLocationId: s.f.stock.id, idempotencyKey: key },
      }),
    ),
  );
  expect(issues[0].issueMaterial.stockMove.id).toBe(issues[1].issueMaterial.stockMove.id);
});
