import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from './support/hub';
import { fill, nodes, sectionExamples, type Json } from './support/readme-sections';
import { journalViolations, stockConservationViolations } from './support/invariants';
import { forkEm } from '../src/kernel/db/orm';
import { loadDemoFactory } from '../src/app/demo-factory';
import { Role } from '../src/kernel/auth/permissions';

/**
 * The README section "Corrections and costs", run as written: its ```graphql blocks in order on the demo
 * factory, each with the role it names ("with a **finance** token"); every `name: "…"` is filled from
 * the floor this test makes first, the way a reader would paste the ids.
 */

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  expect(await loadDemoFactory(forkEm(t.hub.orm), t.hub.runtime)).toBe(true);
});
afterAll(() => t?.close());

async function gql(role: Role, query: string, variables: Json = {}): Promise<Json> {
  const { body } = await t.client(role).raw({ query, variables });
  expect(body.errors ?? []).toEqual([]);
  return body.data as Json;
}

/** The demo's released order for 40 valves, made on the floor: material issued, 39 good, one scrapped at the test. */
async function madeOnTheFloor(): Promise<Json> {
  const found = await gql(
    Role.planner,
    `{ workOrders(filter: { states: [RELEASED] }) { edges { node { id code qty
         materials { qtyRequired item { id sku } } operations { id sequence } } } }
       locations(filter: { types: [STORAGE] }) { edges { node { id code } } } }`,
  );
  const wo = nodes(found.workOrders)[0];
  const stock = nodes(found.locations).find((l) => l.code === 'STOCK')!;
  for (const m of wo.materials) {
    await gql(Role.operator, `mutation($input: IssueMaterialInput!) { issueMaterial(input: $input) { stockMove { id } } }`, {
      input: { workOrderId: wo.id, itemId: m.item.id, qty: m.qtyRequired, fromLocationId: stock.id },
    });
  }
  const scan = (operationId: string, type: string, minutes: number, extra: Json = {}) =>
    gql(Role.operator, `mutation($input: RecordExecutionEventInput!) { recordExecutionEvent(input: $input) { replayed } }`, {
      input: {
        operationId,
        type,
        clientEventId: randomUUID(),
        occurredAt: new Date(Date.UTC(2026, 11, 1, 6, minutes)).toISOString(),
        ...extra,
      },
    });
  const [assemble, test] = wo.operations;
  await scan(assemble.id, 'START', 0);
  await scan(assemble.id, 'COMPLETE', 170, { qty: '40' });
  await scan(test.id, 'START', 175);
  await scan(test.id, 'COMPLETE', 250, { qty: '39' });
  await scan(test.id, 'SCRAP', 255, { qty: '1', reason: 'Leaks at 250 bar' });
  return wo;
}

test('the examples of the section "Corrections and costs" run as written', async () => {
  const wo = await madeOnTheFloor();
  const examples = sectionExamples('Corrections and costs');
  expect(examples.map((e) => e.role)).toEqual(['finance', 'planner', 'finance']);
  const answers: Json[] = [];
  for (const example of examples) {
    const { status, body } = await t.client(example.role).raw({ query: fill(example, { workOrderId: wo.id }) });
    expect({ example: example.n, errors: body.errors ?? [] }).toEqual({ example: example.n, errors: [] });
    expect(status).toBe(200);
    answers.push(body.data as Json);
  }
  const [before, closed, after] = answers;
  expect(before.workOrderCost).toMatchObject({
    workOrder: { code: wo.code, state: 'COMPLETED', qtyCompleted: '39', qtyScrapped: '1' },
    runMinutes: '250',
  });
  expect(Number(before.workOrderCost.wipBalance)).not.toBe(0);
  expect(before.workOrderCost.variances.every((v: Json) => !v.posted)).toBe(true);
  expect(closed.closeWorkOrder.workOrder.state).toBe('CLOSED');
  expect(after.workOrderCost.wipBalance).toBe('0');
  expect(after.workOrderCost.variances.map((v: Json) => [v.kind, v.posted])).toEqual([
    ['MATERIAL', true],
    ['LABOUR', true],
    ['MACHINE', true],
    ['STANDARD', true],
  ]);
  const sources = nodes(after.journalEntries).map((e) => e.source);
  expect(sources).toEqual(expect.arrayContaining(['ISSUE', 'COMPLETION', 'SCRAP', 'LABOUR', 'MACHINE', 'VARIANCE']));
  expect(await journalViolations(t.em())).toEqual([]);
  expect(await stockConservationViolations(t.em())).toEqual([]);
});
