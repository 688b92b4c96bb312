import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hubWithFactory } from './support/suite';
import { receive, releasedOrder, uniq } from './support/factory';
import { PERFORMANCE_XSD, SCHEDULE_FIXTURE, expectValid, xsdTest } from './support/b2mml-schemas';
import {
  CreateItemDocument,
  ImportProductionScheduleDocument,
  IssueMaterialDocument,
  PerformanceB2mmlDocument,
  RecordExecutionEventDocument,
} from './generated/graphql';

const s = hubWithFactory();

xsdTest("a work order's production performance is valid B2MML, over GraphQL and plain HTTP", async () => {
  const planner = s.t.client('planner');
  const { wo } = await releasedOrder(planner, s.f, '3');
  const lot = await receive(planner, s.f, s.f.resin.id, '1', uniq('R'));
  await s.t.client('operator').ok(IssueMaterialDocument, {
    input: { workOrderId: wo.id, itemId: s.f.resin.id, qty: '0.78', fromLocationId: s.f.stock.id, lotId: lot.lot!.id },
  });
  for (const [i, op] of wo.operations.entries()) {
    await s.t
      .client('operator')
      .ok(RecordExecutionEventDocument, { input: { operationId: op.id, type: 'START', clientEventId: randomUUID() } });
    await s.t.client('operator').ok(RecordExecutionEventDocument, {
      input: { operationId: op.id, type: 'COMPLETE', qty: i === 0 ? '3' : '3', clientEventId: randomUUID() },
    });
  }
  const xml = (await planner.ok(PerformanceB2mmlDocument, { workOrderId: wo.id })).workOrderPerformanceB2mml;
  expectValid(PERFORMANCE_XSD, xml, 'work-order-performance.xml');
  expect(xml).toContain(`<ID>${wo.code}</ID>`);
  expect(xml).toContain(`<MaterialLotID>${lot.lot!.code}</MaterialLotID>`);
  expect(xml).toMatch(/<ResponseState>Completed<\/ResponseState>/);

  const res = await fetch(s.t.hub.url.replace('/graphql', `/b2mml/work-orders/${wo.id}/performance`), {
    headers: { authorization: `Bearer ${s.t.token('integration')}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/xml/);
  expectValid(PERFORMANCE_XSD, await res.text(), 'over-http.xml');
  expect((await fetch(s.t.hub.url.replace('/graphql', `/b2mml/work-orders/${wo.id}/performance`))).status).toBe(401);
  expect(
    (
      await fetch(s.t.hub.url.replace('/graphql', `/b2mml/work-orders/${randomUUID()}/performance`), {
        headers: { authorization: `Bearer ${s.t.token('viewer')}` },
      })
    ).status,
  ).toBe(404);
});

test('a B2MML production schedule becomes planned work orders, once; bad requests are reported', async () => {
  const planner = s.t.client('planner');
  for (const sku of ['VALVE-DN50', 'VALVE-DN80']) {
    await planner.ok(CreateItemDocument, { input: { sku, name: sku, type: 'FINISHED' } });
  }
  const xml = readFileSync(SCHEDULE_FIXTURE, 'utf8');
  const first = (await s.t.client('integration').ok(ImportProductionScheduleDocument, { input: { xml } })).importProductionSchedule;
  expect(first.created.map((w) => [w.qty, w.dueDate, w.state])).toEqual([
    ['120', '2025-07-16', 'PLANNED'],
    ['40', '2025-07-19', 'PLANNED'],
  ]);
  expect(first.errors).toHaveLength(1);
  expect((first.errors as { record: string }[])[0].record).toMatch(/OperationsRequest/);

  // The same schedule over plain HTTP: nothing new.
  const res = await fetch(s.t.hub.url.replace('/graphql', '/b2mml/schedule'), {
    method: 'POST',
    headers: { 'content-type': 'application/xml', authorization: `Bearer ${s.t.token('integration')}` },
    body: xml,
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ created: [], unchanged: 2 });

  const bad = await s.t.client('planner').fail(ImportProductionScheduleDocument, { input: { xml: '<nope>' } });
  expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^xml: /) });
  const forbidden = await fetch(s.t.hub.url.replace('/graphql', '/b2mml/schedule'), {
    method: 'POST',
    headers: { authorization: `Bearer ${s.t.token('viewer')}` },
    body: xml,
  });
  expect(forbidden.status).toBe(403);
});
