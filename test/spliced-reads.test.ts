import { hubWithFactory } from './support/suite';
import { inDays, releasedOrder, uniq } from './support/factory';
import { apolloCounter, twice as sendTwice, type Twice } from './support/two-paths';

/**
 * Spliced reads (src/kernel/graphql/read-plan/spliced-reads.ts): a known read whose entities the database
 * can write as GraphQL would answer them is answered with the database's JSON put in place. Each request
 * below goes once through Apollo (GraphQL resolves every field) and once through the fast path, which
 * splices; the two answers must be the same bytes. Each test also checks whether the second one was
 * spliced, so a pass compares the two ways of answering.
 */

const s = hubWithFactory();
let apollo: ReturnType<typeof apolloCounter>;
let statements: string[] = [];
let restoreExecute: () => void;

beforeAll(() => {
  apollo = apolloCounter();
  // Every statement the hub's entity managers send, to see which way an answer was made.
  let proto = Object.getPrototypeOf(s.t.em()) as Record<string, unknown>;
  while (!Object.prototype.hasOwnProperty.call(proto, 'execute')) proto = Object.getPrototypeOf(proto) as Record<string, unknown>;
  const manager = proto as { execute: (...args: unknown[]) => Promise<unknown> };
  const original = manager.execute;
  const spy = jest.spyOn(manager, 'execute').mockImplementation(function (this: unknown, ...args: unknown[]) {
    statements.push(String(args[0]));
    return original.apply(this, args);
  });
  restoreExecute = () => spy.mockRestore();
});
afterAll(() => {
  apollo?.restore();
  restoreExecute?.();
});

const SPLICE = /as key, .* as json from/;

async function same(body: unknown, caller: { role?: string; partnerId?: string } = {}): Promise<{ r: Twice; spliced: boolean }> {
  statements = [];
  const r = await sendTwice(s.t, apollo, body, caller);
  expect(r.second.body).toBe(r.first.body);
  expect(r.second).toEqual(r.first);
  return { r, spliced: statements.some((q) => SPLICE.test(q)) };
}

const ORDERS = `query Tracking {
  salesOrders(first: 200) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        __typename id code state customerReference createdAt updatedAt
        customer { code name kind email }
        lines {
          lineNo qty qtyShipped qtyShortClosed shortCloseReason shortClosedAt dueDate
          item { sku name unit type tracking leadTimeDays overIssueTolerancePct preferredSupplier { code } }
          workOrders {
            code state qty dueDate makesUpShortfall releasedAt startedAt plannedStart
            operations { sequence name state qtyGood runMinutesPerUnit inspection reworkQty plannedStart workCenter { code name } }
          }
        }
      }
    }
  }
}`;

test('order tracking, spliced, reads as GraphQL resolves it: text, decimals, dates, enums, nulls, nested lists', async () => {
  const planner = s.t.client('planner');
  await releasedOrder(planner, s.f, '12.5');
  const reference = `${uniq('PO')} "quoted" back\\slash 中文 😀`;
  const created = await planner.raw({
    query: `mutation M($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { salesOrder { id } } }`,
    variables: {
      input: {
        customerId: s.f.customer.id,
        customerReference: reference,
        lines: [
          { itemId: s.f.product.id, qty: '0.000001', dueDate: inDays(3) },
          { itemId: s.f.plate.id, qty: '100000', dueDate: inDays(4) },
        ],
      },
    },
  });
  expect(created.body.errors).toBeUndefined();
  // The API refuses control characters, but text that came another way (an import, an older version) may
  // hold them: JSON must escape them as JSON.stringify does, and leave U+2028 and the rest as they are.
  const id = (created.body.data as { createSalesOrder: { salesOrder: { id: string } } }).createSalesOrder.salesOrder.id;
  const stored = `${reference}\nnew line\ttab\u0001\u001f\u2028 end`;
  await s.t.em().execute('update sales_order set customer_reference = ? where id = ?', [stored, id]);
  const { r, spliced } = await same({ query: ORDERS });
  expect(spliced).toBe(true);
  expect([r.firstToApollo, r.secondToApollo]).toEqual([1, 0]);
  const body = r.first.body;
  expect(body).toContain(JSON.stringify(stored));
  expect(body).toContain('"qty":"0.000001"');
  expect(body).toContain('"qty":"12.5"');
  expect(body).toContain('"shortCloseReason":null');
  expect(body).toMatch(/"createdAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
});

test('aliases, fragments and an entity at the root, with variables', async () => {
  const planner = s.t.client('planner');
  const { so } = await releasedOrder(planner, s.f, '3');
  const query = `
    fragment LineFields on SalesOrderLine { n: lineNo qty item { ...ItemFields } }
    fragment ItemFields on Item { sku theName: name }
    query One($id: ID!) {
      order: salesOrder(id: $id) {
        code
        lines { ...LineFields lineNo ... on SalesOrderLine { item { unit } } }
        again: lines { dueDate }
        customer { __typename code }
      }
    }`;
  const { spliced } = await same({ query, variables: { id: so.id } });
  expect(spliced).toBe(true);
});

test('a caller without a spliced field’s permission gets GraphQL’s own refusal, the same both ways', async () => {
  // Work orders of a line are for internal roles: a customer reading its orders may not ask for them.
  const customer = { role: 'customer', partnerId: s.f.customer.id };
  const refused = await same({ query: '{ salesOrders(first: 5) { edges { node { code lines { workOrders { code } } } } } }' }, customer);
  expect(refused.spliced).toBe(false);
  expect(JSON.parse(refused.r.first.body)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  // What it may read is spliced, within its own orders only.
  const own = await same(
    { query: '{ salesOrders(first: 200) { edges { node { code customer { code } lines { qty item { sku } } } } } }' },
    customer,
  );
  expect(own.spliced).toBe(true);
  const codes = (JSON.parse(own.r.first.body) as { data: { salesOrders: { edges: { node: { customer: { code: string } } }[] } } }).data
    .salesOrders.edges;
  expect(codes.length).toBeGreaterThan(0);
  expect(new Set(codes.map((e) => e.node.customer.code))).toEqual(new Set([s.f.customer.code]));
  // standardCost is not a customer's to read; the planner's answer with it is spliced.
  const cost = await same({ query: '{ items(first: 200) { edges { node { sku standardCost } } } }' }, customer);
  expect(cost.spliced).toBe(false);
  expect(JSON.parse(cost.r.first.body)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  const planner = await same({ query: '{ items(first: 200) { edges { node { sku standardCost } } } }' });
  expect(planner.spliced).toBe(true);
});

test('what the database cannot write as GraphQL does is answered by GraphQL: fields computed by code, directives', async () => {
  const computed = await same({ query: '{ salesOrders(first: 20) { edges { node { code lines { progress { qtyDue } } } } } }' });
  expect(computed.spliced).toBe(false);
  const directive = await same({
    query: 'query D($all: Boolean!) { salesOrders(first: 20) { edges { node { code lines @include(if: $all) { qty } } } } }',
    variables: { all: true },
  });
  expect(directive.spliced).toBe(false);
  expect(directive.r.first.body).toContain('"lines":[');
});
