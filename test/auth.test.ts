import { hubWithFactory } from './support/suite';
import jwt from 'jsonwebtoken';
import { TEST_SECRET } from './support/hub';
import { Collector, HttpClient, wsClient } from './support/client';
import { buildFactory, inDays, releasedOrder } from './support/factory';
import {
  CostOfItemsDocument,
  CreateItemDocument,
  CreateSalesOrderDocument,
  ItemsDocument,
  OrderProgressDocument,
  ReleaseWorkOrderDocument,
  SalesOrderDocument,
  SalesOrdersDocument,
  StockChangedDocument,
  CreateWorkOrdersForSalesOrderDocument,
} from './generated/graphql';

const s = hubWithFactory();

const query = '{ items(first: 1) { totalCount } }';
const claims = { role: 'planner' };
const good = { issuer: 'mom-hub', audience: 'mom-hub', subject: 'someone' };

describe('tokens that are refused with UNAUTHENTICATED', () => {
  const cases: [string, () => string | undefined][] = [
    ['missing', () => undefined],
    ['expired', () => jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, TEST_SECRET, { ...good, algorithm: 'HS256' })],
    ['signed with another key', () => jwt.sign(claims, 'another-secret-another-secret-another-secret', { ...good, algorithm: 'HS256' })],
    ['alg: none', () => jwt.sign(claims, '', { ...good, algorithm: 'none' })],
    ['for another audience', () => jwt.sign(claims, TEST_SECRET, { ...good, audience: 'someone-else', algorithm: 'HS256' })],
    ['from another issuer', () => jwt.sign(claims, TEST_SECRET, { ...good, issuer: 'evil', algorithm: 'HS256' })],
    ['with an unknown role', () => jwt.sign({ role: 'overlord' }, TEST_SECRET, { ...good, algorithm: 'HS256' })],
    ['a supplier without its partner', () => jwt.sign({ role: 'supplier' }, TEST_SECRET, { ...good, algorithm: 'HS256' })],
    ['not a JWT at all', () => 'hello'],
  ];
  test.each(cases)('%s', async (_name, make) => {
    const res = await new HttpClient(s.t.hub.url, make()).raw({ query });
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.body.errors?.[0].message).toMatch(/Sign in/);
    expect(res.body.data ?? null).toBeNull();
  });

  test('a header that is not a bearer token', async () => {
    const res = await new HttpClient(s.t.hub.url).raw({ query }, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('over WebSocket: a bad token closes the socket, no token gets UNAUTHENTICATED', async () => {
    const closed = new Promise<number>((resolve) => {
      const c = wsClient(s.t.hub.wsUrl, 'not-a-token', (code) => resolve(code));
      c.subscribe(
        { query: 'subscription { stockChanged { seq } }' },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
    });
    expect(await closed).toBe(4403);
    const anonymous = wsClient(s.t.hub.wsUrl);
    const sub = Collector.start(anonymous, StockChangedDocument, {});
    await expect(sub.count(1, 5000)).rejects.toThrow(/UNAUTHENTICATED/);
    await anonymous.dispose();
    // A socket opened with a token that has since expired is refused new operations.
    const shortLived = wsClient(s.t.hub.wsUrl, s.t.token('viewer', undefined, 2));
    await new Promise((r) => setTimeout(r, 2500));
    const late = Collector.start(shortLived, StockChangedDocument, {});
    await expect(late.count(1, 5000)).rejects.toThrow(/UNAUTHENTICATED/);
    await shortLived.dispose();
    const customerSub = Collector.start(s.t.ws('customer', s.f.customer.id), StockChangedDocument, {});
    await expect(customerSub.count(1, 5000)).rejects.toThrow(/FORBIDDEN/);
  });
});

describe('roles', () => {
  test('an operator may read but not create items', async () => {
    const operator = s.t.client('operator');
    expect((await operator.ok(ItemsDocument, { first: 1 })).items.totalCount).toBeGreaterThan(0);
    const err = await operator.fail(CreateItemDocument, { input: { sku: 'NOPE', name: 'x', type: 'RAW' } });
    expect(err).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/operator role may not .*createItem/) });
  });

  test('standard cost is for finance, planners and admins only', async () => {
    for (const role of ['finance', 'planner', 'admin'] as const) {
      expect((await s.t.client(role).ok(CostOfItemsDocument)).items.edges[0].node.standardCost).toBeDefined();
    }
    for (const role of ['viewer', 'operator', 'quality'] as const) {
      expect((await s.t.client(role).fail(CostOfItemsDocument)).code).toBe('FORBIDDEN');
    }
  });

  test('a supplier or customer token sees nothing internal', async () => {
    for (const role of ['supplier', 'customer'] as const) {
      expect((await s.t.client(role, s.f.supplier.id).fail(ItemsDocument, {})).code).toBe('FORBIDDEN');
    }
  });

  test('the event log is for admins, planners, finance and integration', async () => {
    expect((await s.t.client('viewer').raw({ query: '{ events { seq } }' })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await s.t.client('finance').raw({ query: '{ events(first: 1) { seq type } }' })).body.errors).toBeUndefined();
  });
});

describe('a customer sees its own orders only', () => {
  test('in queries and in the orderProgress subscription', async () => {
    const planner = s.t.client('planner');
    const mine = await releasedOrder(planner, s.f, '3');
    const other = (
      await planner.ok(CreateSalesOrderDocument, {
        input: { customerId: (await buildFactory(planner)).customer.id, lines: [{ itemId: s.f.product.id, qty: '2', dueDate: inDays(4) }] },
      })
    ).createSalesOrder.salesOrder;

    const customer = s.t.client('customer', s.f.customer.id);
    const listed = (await customer.ok(SalesOrdersDocument, {})).salesOrders.edges.map((e) => e.node.id);
    expect(listed).toContain(mine.so.id);
    expect(listed).not.toContain(other.id);
    expect((await customer.fail(SalesOrderDocument, { id: other.id })).code).toBe('NOT_FOUND');
    expect((await customer.fail(SalesOrdersDocument, { filter: { customerId: other.id } })).code).toBe('FORBIDDEN');

    // From sequence 0: everything this customer may see, replayed, then live — and nothing of others.
    const feed = Collector.start(s.t.ws('customer', s.f.customer.id), OrderProgressDocument, { fromSeq: '0' });
    const [otherWo] = (await planner.ok(CreateWorkOrdersForSalesOrderDocument, { input: { salesOrderId: other.id } }))
      .createWorkOrdersForSalesOrder.workOrders;
    await planner.ok(ReleaseWorkOrderDocument, { input: { workOrderId: otherWo.id } });
    const again = await releasedOrder(planner, s.f, '1');
    const events = await feed.until((es) =>
      es.some((e) => e.orderProgress.salesOrderId === again.so.id && e.orderProgress.type === 'SalesOrderStateChanged'),
    );
    const ours = new Set(listed);
    expect(events.every((e) => ours.has(e.orderProgress.salesOrderId!) || e.orderProgress.salesOrderId === again.so.id)).toBe(true);
    expect(events.some((e) => e.orderProgress.salesOrderId === other.id)).toBe(false);
    feed.stop();
  });
});
