import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionResult } from 'graphql';
import { startTestHub, type TestHub } from './support/hub';
import { stockConservationViolations } from './support/invariants';
import { forkEm } from '../src/kernel/db/orm';
import { loadDemoFactory } from '../src/app/demo-factory';
import { Role } from '../src/kernel/auth/permissions';

/**
 * The README's examples, run as written: every ```graphql block in order, on a hub with the demo factory
 * (what `npm start` loads), each with a token of the role the README names for it ("with a **planner**
 * token"). Each `"…"` is filled from the earlier answers by its argument's name, the way a reader would.
 */
interface Example {
  n: number;
  role: Role;
  query: string;
}

function readmeExamples(section = 'Examples'): Example[] {
  // The Examples and Shipping sections; the Tryton guide's blocks are run by test/readme-tryton.test.ts.
  const whole = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const start = whole.indexOf(`\n## ${section}\n`);
  const readme = whole.slice(start, whole.indexOf('\n## ', start + 1));
  const examples: Example[] = [];
  let from = 0;
  for (const m of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    // The role is the last one named in bold before the block (and after the previous block).
    const roles = [...readme.slice(from, m.index).matchAll(/\*\*(\w+)\*\* token/g)].map((r) => r[1]);
    const role = roles.at(-1);
    if (!role || !(Object.values(Role) as string[]).includes(role)) {
      throw new Error(`README example ${examples.length + 1} names no role ("with a **planner** token")`);
    }
    examples.push({ n: examples.length + 1, role: role as Role, query: m[1] });
    from = m.index + m[0].length;
  }
  return examples;
}

type Json = Record<string, any>;
const nodes = (connection: { edges: { node: Json }[] }) => connection.edges.map((e) => e.node);

/** For each example, the value of every `argument: "…"` in it, from the answers so far (by example number). */
const fillers: Record<number, (answers: Record<number, Json>) => Record<string, string>> = {
  2: (a) => ({ workOrderId: plannedWorkOrder(a).id }),
  3: (a) => {
    const wo = a[2].releaseWorkOrder.workOrder;
    const body = wo.materials.find((m: Json) => m.item.sku === 'BODY-200');
    const stock = nodes(a[1].locations).find((l) => l.code === 'STOCK');
    return { workOrderId: wo.id, itemId: body.item.id, fromLocationId: stock!.id };
  },
  4: (a) => ({ operationId: a[2].releaseWorkOrder.workOrder.operations.find((o: Json) => o.sequence === 10).id }),
  6: (a) => {
    const code = plannedWorkOrder(a).code;
    const so = nodes(a[1].salesOrders).find((o) => o.lines.some((l: Json) => l.workOrders.some((w: Json) => w.code === code)));
    return { salesOrderId: so!.id };
  },
};

function plannedWorkOrder(answers: Record<number, Json>): Json {
  const planned = nodes(answers[1].workOrders).find((w) => w.state === 'PLANNED');
  if (!planned) throw new Error('example 1 lists no planned work order for example 2 to release');
  return planned;
}

/** The Shipping section's examples: the 25-valve order of the demo factory, its line, the valve, FG. */
const shippingFillers: typeof fillers = {
  2: (a) => ({
    itemId: demoOrderToShip(a).lines[0].item.id,
    locationId: nodes(a[1].locations).find((l) => l.code === 'FG')!.id,
  }),
  3: (a) => ({ salesOrderId: demoOrderToShip(a).id, salesOrderLineId: demoOrderToShip(a).lines[0].id }),
};

function demoOrderToShip(answers: Record<number, Json>): Json {
  const order = nodes(answers[1].salesOrders).find((o) => o.lines.some((l: Json) => l.qty === '25'));
  if (!order) throw new Error('Shipping example 1 lists no order with a line of 25');
  return order;
}

function fill(example: Example, answers: Record<number, Json>, using = fillers): string {
  const values = using[example.n]?.(answers) ?? {};
  return example.query.replace(/(\w+): "…"/g, (_all, name: string) => {
    if (!values[name]) throw new Error(`README example ${example.n}: nothing fills ${name}: "…"`);
    return `${name}: ${JSON.stringify(values[name])}`;
  });
}

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  // What `npm start` does on a first start (src/main.ts).
  expect(await loadDemoFactory(forkEm(t.hub.orm), t.hub.runtime)).toBe(true);
});
afterAll(() => t?.close());

test('every GraphQL example in the README runs as written, in order, with the role it names', async () => {
  const examples = readmeExamples();
  expect(examples.map((e) => e.role)).toEqual(['planner', 'planner', 'operator', 'operator', 'planner', 'planner']);
  const answers: Record<number, Json> = {};
  for (const example of examples) {
    const query = fill(example, answers);
    if (/^\s*subscription\b/.test(query)) {
      answers[example.n] = await firstEvent(example, query);
      continue;
    }
    const { status, body } = await t.client(example.role).raw({ query });
    expect({ example: example.n, errors: body.errors ?? [] }).toEqual({ example: example.n, errors: [] });
    expect(status).toBe(200);
    answers[example.n] = body.data!;
  }

  // What the examples say happened, happened.
  expect(answers[2].releaseWorkOrder.workOrder.state).toBe('RELEASED');
  expect(answers[3].issueMaterial.stockMove).toMatchObject({ qty: '25', reason: 'ISSUE', fromLocation: { code: 'STOCK' } });
  expect(answers[4].start.operation.state).toBe('RUNNING');
  expect(answers[4].complete).toMatchObject({ replayed: false, operation: { qtyGood: '12' }, workOrder: { state: 'IN_PROGRESS' } });
  expect(nodes(answers[5].stockBalances).length).toBeGreaterThan(0);
  expect(answers[6].orderProgress.seq).toBeDefined();

  // A retried scan is counted once (example 4's promise).
  const again = await t.client('operator').raw({ query: fill(examples[3], answers) });
  expect(again.body.errors).toBeUndefined();
  expect((again.body.data as Json).complete).toMatchObject({ replayed: true, operation: { qtyGood: '12' } });

  expect(await stockConservationViolations(t.em())).toEqual([]);
});

test('the examples of the Shipping section run as written: receive finished goods, ship part of an order, finance sees the COGS', async () => {
  const examples = readmeExamples('Shipping');
  expect(examples.map((e) => e.role)).toEqual(['planner', 'planner', 'planner', 'finance']);
  const answers: Record<number, Json> = {};
  for (const example of examples) {
    const { status, body } = await t.client(example.role).raw({ query: fill(example, answers, shippingFillers) });
    expect({ example: example.n, errors: body.errors ?? [] }).toEqual({ example: example.n, errors: [] });
    expect(status).toBe(200);
    answers[example.n] = body.data!;
  }
  expect(answers[2].receiveStock.stockMove.lot).toEqual({ code: 'HV-2612-A', expiresOn: '2028-06-30' });
  expect(answers[3].shipSalesOrder.shipment).toMatchObject({
    code: expect.stringMatching(/^DN-\d{6}$/),
    state: 'SHIPPED',
    carrier: 'DHL',
    lines: [{ qty: '6', lot: { code: 'HV-2612-A' }, fromLocation: { code: 'FG' }, salesOrderLine: { qty: '25', qtyShipped: '6' } }],
  });
  const cogs = nodes(answers[4].journalEntries);
  expect(cogs.map((e) => [e.amount, e.lines.map((l: Json) => l.account)])).toEqual([['189', ['5000', '1400']]]);
  expect(await stockConservationViolations(t.em())).toEqual([]);
});

/** Subscribes over WebSocket with the example's role and answers the first event (history replays from 0). */
function firstEvent(example: Example, query: string): Promise<Json> {
  const client = t.ws(example.role);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`README example ${example.n}: no event within 15 s`)), 15000);
    const dispose = client.subscribe<Json>(
      { query },
      {
        next: (result: ExecutionResult<Json>) => {
          clearTimeout(timer);
          dispose();
          if (result.errors?.length) reject(new Error(`README example ${example.n}: ${JSON.stringify(result.errors)}`));
          else resolve(result.data!);
        },
        error: (e) => {
          clearTimeout(timer);
          reject(new Error(`README example ${example.n}: ${JSON.stringify(e)}`));
        },
        complete: () => undefined,
      },
    );
  });
}
