import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from './support/hub';
import { fill, nodes, sectionExamples, type Json } from './support/readme-sections';
import { journalViolations, stockConservationViolations } from './support/invariants';
import { forkEm } from '../src/kernel/db/orm';
import { loadDemoFactory } from '../src/app/demo-factory';
import { Role } from '../src/kernel/auth/permissions';

/**
 * The README section "A work order that finishes short", run as written: its ```graphql blocks in order
 * on the demo factory, each with the role it names ("with a **planner** token"); every `name: "…"` is
 * filled from the floor this test makes first, the way a reader would paste the ids.
 */
const SECTION = 'A work order that finishes short';

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

/** Makes a released work order on the floor: every operation passes `good`, the last one scraps `scrap` more. */
async function make(wo: Json, good: string, scrap: string): Promise<void> {
  const scan = (operationId: string, type: string, extra: Json = {}) =>
    gql(Role.operator, `mutation($input: RecordExecutionEventInput!) { recordExecutionEvent(input: $input) { replayed } }`, {
      input: { operationId, type, clientEventId: randomUUID(), ...extra },
    });
  const ops: Json[] = wo.operations;
  for (const [i, op] of ops.entries()) {
    await scan(op.id, 'START');
    const last = i === ops.length - 1;
    await scan(op.id, 'COMPLETE', { qty: last ? good : String(Number(good) + Number(scrap)) });
    if (last) await scan(op.id, 'SCRAP', { qty: scrap, reason: 'Leaks at 250 bar' });
  }
}

/** The demo's two orders for valves, both made short: ACME's 40 (39 good), Nordic's 25 (23 good). */
async function twoShortLines(): Promise<{ acme: Json; nordic: Json; nordicId: string }> {
  const found = await gql(
    Role.planner,
    `{ salesOrders { edges { node { code customer { code } lines { id } } } }
       workOrders { edges { node { id code state } } }
       partners(filter: { kind: CUSTOMER }) { edges { node { id code } } } }`,
  );
  const wos = nodes(found.workOrders);
  const planned = wos.find((w) => w.state === 'PLANNED')!;
  await gql(Role.planner, `mutation($id: ID!) { releaseWorkOrder(input: { workOrderId: $id }) { workOrder { id } } }`, { id: planned.id });
  const withOps = async (id: string) =>
    (await gql(Role.planner, `query($id: ID!) { workOrder(id: $id) { id code operations { id sequence } } }`, { id })).workOrder;
  const [first, second] = await Promise.all(wos.map((w) => withOps(w.id)));
  await make(first, '39', '1');
  await make(second, '23', '2');
  const orders = nodes(found.salesOrders);
  const byCustomer = (code: string) => orders.find((o) => o.customer.code === code)!.lines[0];
  return {
    acme: byCustomer('C-ACME'),
    nordic: byCustomer('C-NORDIC'),
    nordicId: nodes(found.partners).find((p) => p.code === 'C-NORDIC')!.id,
  };
}

test('the examples of the section "A work order that finishes short" run as written', async () => {
  const { acme, nordic, nordicId } = await twoShortLines();
  const examples = sectionExamples(SECTION);
  expect(examples.map((e) => e.role)).toEqual(['planner', 'planner', 'planner', 'customer']);
  const lineFor = [undefined, acme.id, nordic.id, undefined];
  const answers: Json[] = [];
  for (const example of examples) {
    const client = example.role === Role.customer ? t.client(example.role, nordicId) : t.client(example.role);
    const lineId = lineFor[example.n - 1];
    const { status, body } = await client.raw({ query: fill(example, lineId ? { salesOrderLineId: lineId } : {}) });
    expect({ example: example.n, errors: body.errors ?? [] }).toEqual({ example: example.n, errors: [] });
    expect(status).toBe(200);
    answers.push(body.data as Json);
  }
  const [found, madeUp, closed, seen] = answers;
  const lines = nodes(found.salesOrders).flatMap((o) => o.lines);
  expect(lines.map((l) => l.progress)).toEqual(
    expect.arrayContaining([
      { state: 'SHORT', qtyOrdered: '40', qtyDone: '39', qtyShort: '1', percentDone: 97.5 },
      { state: 'SHORT', qtyOrdered: '25', qtyDone: '23', qtyShort: '2', percentDone: 92 },
    ]),
  );
  expect(madeUp.makeUpShortfall.workOrder).toMatchObject({ state: 'RELEASED', qty: '1', makesUpShortfall: true });
  expect(madeUp.makeUpShortfall.workOrder.operations.map((o: Json) => o.state)).toEqual(['PENDING', 'PENDING']);
  expect(closed.shortCloseSalesOrderLine.salesOrderLine).toMatchObject({
    qty: '25',
    qtyShortClosed: '2',
    shortCloseReason: "Agreed with your buyer: the rest ships with next month's order",
  });
  const [mine] = nodes(seen.salesOrders);
  expect(mine.state).toBe('COMPLETED');
  expect(mine.lines[0]).toMatchObject({
    qty: '25',
    qtyShortClosed: '2',
    shortCloseReason: "Agreed with your buyer: the rest ships with next month's order",
    progress: { state: 'COMPLETED', qtyDone: '23', qtyShort: '0', qtyShortClosed: '2' },
  });
  expect(mine.lines[0].progress.milestones.map((m: Json) => m.key)).toContain('short-closed');
  expect(await journalViolations(t.em())).toEqual([]);
  expect(await stockConservationViolations(t.em())).toEqual([]);
});
