import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, inDays, receive, releasedOrder, uniq, type Factory } from './support/factory';
import { databaseSnapshot, stockConservationViolations } from './support/invariants';
import type { HttpClient } from './support/client';
import {
  CreateBomDocument,
  CreateItemDocument,
  CreateSalesOrderDocument,
  CreateWorkOrderDocument,
  IssueMaterialDocument,
  ItemByIdDocument,
  ItemsDocument,
  ReceiveStockDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  TransferStockDocument,
  type RecordExecutionEventMutationVariables,
} from './generated/graphql';

let t: TestHub;
let f: Factory;
let planner: HttpClient;
let operator: HttpClient;
let wo: Awaited<ReturnType<typeof releasedOrder>>['wo'];
let bigItem: string;

beforeAll(async () => {
  t = await startTestHub();
  planner = t.client('planner');
  operator = t.client('operator');
  f = await buildFactory(planner);
  await receive(planner, f, f.plate.id, '5');
  ({ wo } = await releasedOrder(planner, f, '4'));
  bigItem = (await planner.ok(CreateItemDocument, { input: { sku: uniq('BIG'), name: 'Big', type: 'RAW' } })).createItem.item.id;
});
afterAll(() => t?.close());
afterEach(async () => expect(await stockConservationViolations(t.em())).toEqual([]));

/** Runs a failing call and checks its code, that its message says something, and that nothing was written. */
async function rejected(call: () => Promise<{ code: string; message: string }>, code: string, message: RegExp) {
  const before = await databaseSnapshot(t.em());
  const error = await call();
  expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.stringMatching(message) });
  expect(await databaseSnapshot(t.em())).toEqual(before);
}

const scan = (input: Partial<RecordExecutionEventMutationVariables['input']>) =>
  operator.fail(RecordExecutionEventDocument, {
    input: { operationId: wo.operations[0].id, type: 'START', clientEventId: randomUUID(), ...input },
  });

describe('quantities', () => {
  test('a negative issue', () =>
    rejected(
      () =>
        operator.fail(IssueMaterialDocument, { input: { workOrderId: wo.id, itemId: f.plate.id, qty: '-1', fromLocationId: f.stock.id } }),
      'BAD_USER_INPUT',
      /qty: must be greater than zero/,
    ));
  test('a zero receipt', () =>
    rejected(
      () => planner.fail(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: '0' } }),
      'BAD_USER_INPUT',
      /greater than zero/,
    ));
  test('a quantity that is not a number', () =>
    rejected(
      () => planner.fail(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: 'lots' } }),
      'BAD_USER_INPUT',
      /Decimal cannot represent "lots"/,
    ));
  test('more decimals than a quantity holds', () =>
    rejected(
      () => planner.fail(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: '1.0000001' } }),
      'BAD_USER_INPUT',
      /at most 6 decimal places/,
    ));
  test('issuing more than is on hand', () =>
    rejected(
      () =>
        operator.fail(IssueMaterialDocument, { input: { workOrderId: wo.id, itemId: f.plate.id, qty: '6', fromLocationId: f.stock.id } }),
      'INSUFFICIENT_STOCK',
      /Not enough .* 5 pcs on hand, 6 needed/,
    ));
  test('a quantity too large to store, after it adds up', async () => {
    // An item without a standard cost, so no journal entry is involved: the stock balance itself overflows.
    const big = { itemId: bigItem, locationId: f.stock.id, qty: '999999999999' };
    await planner.ok(ReceiveStockDocument, { input: big });
    await rejected(() => planner.fail(ReceiveStockDocument, { input: big }), 'BAD_USER_INPUT', /too large to store/);
  });
  test('a lot-tracked receipt without a lot', () =>
    rejected(
      () => planner.fail(ReceiveStockDocument, { input: { itemId: f.resin.id, locationId: f.stock.id, qty: '1' } }),
      'BAD_USER_INPUT',
      /tracked by lot: say which lot/,
    ));
});

describe('unknown ids', () => {
  test('releasing a work order that does not exist', () =>
    rejected(
      () => planner.fail(ReleaseWorkOrderDocument, { input: { workOrderId: randomUUID() } }),
      'NOT_FOUND',
      /Work order .* does not exist/,
    ));
  test('an id that is not even a UUID', () =>
    rejected(() => planner.fail(ItemByIdDocument, { id: 'not-an-id' }), 'NOT_FOUND', /Item not-an-id does not exist/));
  test('a receipt into an unknown location', () =>
    rejected(
      () => planner.fail(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: randomUUID(), qty: '1' } }),
      'NOT_FOUND',
      /Location/,
    ));
  test('a sales order line for an unknown item', () =>
    rejected(
      () =>
        planner.fail(CreateSalesOrderDocument, {
          input: { customerId: f.customer.id, lines: [{ itemId: randomUUID(), qty: '1', dueDate: inDays(3) }] },
        }),
      'NOT_FOUND',
      /Item \(lines\[0\]\)/,
    ));
  test('a scan for an unknown operation', () => rejected(() => scan({ operationId: randomUUID() }), 'NOT_FOUND', /Operation/));
  test('a supplier id that is not a UUID', async () => {
    const res = await planner.raw({ query: '{ supplierRequirements(supplierId: "x") { itemId } }' });
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: 'Supplier x does not exist' });
  });
  test('a filter id that is not a UUID', async () => {
    const res = await planner.raw({ query: '{ stockBalances(filter: { itemId: "x" }) { totalCount } }' });
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/itemId: must be a UUID/);
  });
});

describe('state transitions', () => {
  test('completing before starting', () =>
    rejected(() => scan({ type: 'COMPLETE', qty: '1' }), 'INVALID_STATE', /is pending; cannot complete/));
  test('releasing twice', () =>
    rejected(
      () => planner.fail(ReleaseWorkOrderDocument, { input: { workOrderId: wo.id } }),
      'INVALID_STATE',
      /is released; only a planned work order can be released/,
    ));
  test('issuing to a work order that is only planned', async () => {
    const planned = (await planner.ok(CreateWorkOrderDocument, { input: { itemId: f.product.id, qty: '2', dueDate: inDays(5) } }))
      .createWorkOrder.workOrder;
    await rejected(
      () =>
        operator.fail(IssueMaterialDocument, {
          input: { workOrderId: planned.id, itemId: f.plate.id, qty: '1', fromLocationId: f.stock.id },
        }),
      'INVALID_STATE',
      /is planned; material can be issued only/,
    );
  });
  test('over-completion: more than the previous operation passed on', async () => {
    const [op10, op20] = wo.operations;
    const ok = (input: Partial<RecordExecutionEventMutationVariables['input']>) =>
      operator.ok(RecordExecutionEventDocument, { input: { operationId: op10.id, type: 'START', clientEventId: randomUUID(), ...input } });
    await ok({});
    await ok({ type: 'COMPLETE', qty: '2' });
    await ok({ operationId: op20.id });
    await rejected(
      () => scan({ operationId: op20.id, type: 'COMPLETE', qty: '3' }),
      'BAD_USER_INPUT',
      /can complete at most 2 more: it received 2/,
    );
    await rejected(
      () => scan({ operationId: op10.id, type: 'COMPLETE', qty: '3' }),
      'BAD_USER_INPUT',
      /can complete at most 2 more: it received 4/,
    );
    await rejected(() => scan({ operationId: op10.id, type: 'SCRAP', qty: '1' }), 'BAD_USER_INPUT', /reason: say why/);
    await rejected(() => scan({ operationId: op10.id, type: 'COMPLETE' }), 'BAD_USER_INPUT', /COMPLETE needs a quantity/);
  });
  test('a client event id reused for another event', async () => {
    const id = randomUUID();
    await operator.ok(RecordExecutionEventDocument, { input: { operationId: wo.operations[0].id, type: 'PAUSE', clientEventId: id } });
    // Was BAD_USER_INPUT; issue 7 makes every reused key CONFLICT with reason IDEMPOTENCY_KEY_REUSED (see test/hardening-input.test.ts).
    await rejected(
      () => scan({ operationId: wo.operations[1].id, type: 'PAUSE', clientEventId: id }),
      'CONFLICT',
      /already used for a different event/,
    );
  });
});

describe('catalog rules', () => {
  test('a duplicate SKU', () =>
    rejected(
      () => planner.fail(CreateItemDocument, { input: { sku: f.plate.sku, name: 'again', type: 'RAW' } }),
      'CONFLICT',
      /SKU .* already exists/,
    ));
  test('an empty SKU', () =>
    rejected(
      () => planner.fail(CreateItemDocument, { input: { sku: '', name: 'x', type: 'RAW' } }),
      'BAD_USER_INPUT',
      /^sku: must be longer than or equal to 1 characters$/,
    ));
  test('a BOM cycle', () =>
    rejected(
      () => planner.fail(CreateBomDocument, { input: { itemId: f.plate.id, lines: [{ componentId: f.product.id, qtyPer: '1' }] } }),
      'BAD_USER_INPUT',
      /BOM cycle/,
    ));
  test('moving stock from a virtual location', async () => {
    const virtual = await t.em().execute<{ id: string }[]>(`select id from location where code = 'VIRT-SUPPLIER'`);
    await rejected(
      () =>
        planner.fail(TransferStockDocument, {
          input: { itemId: f.plate.id, fromLocationId: virtual[0].id, toLocationId: f.stock.id, qty: '1' },
        }),
      'BAD_USER_INPUT',
      /virtual location/,
    );
  });
});

describe('malformed requests', () => {
  test('GraphQL that does not parse', async () => {
    const res = await planner.raw({ query: '{ items(first: 2 { totalCount } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' },
      message: expect.stringContaining('Syntax Error'),
    });
  });
  test('a field that does not exist', async () => {
    const res = await planner.raw({ query: '{ items { nope } }' });
    expect(res.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('Cannot query field "nope"'),
    });
  });
  test('a variable of the wrong type', async () => {
    const res = await planner.raw({ query: 'query($n: Int) { items(first: $n) { totalCount } }', variables: { n: 'ten' } });
    expect(res.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('Int cannot represent'),
    });
  });
  test('a page larger than allowed, and a cursor we never handed out', async () => {
    expect((await planner.fail(ItemsDocument, { first: 1000 })).message).toMatch(/first: must not be greater than 200/);
    expect(await planner.fail(ItemsDocument, { after: 'garbage!' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/after: is not a cursor/),
    });
  });
  test('query limits: too many aliases, too deep', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: items(first: 1) { totalCount }`).join(' ');
    const many = await planner.raw({ query: `{ ${aliases} }` });
    expect(many.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/[Aa]liases limit/),
    });
    const deep = await planner.raw({
      query:
        '{ workOrders { edges { node { operations { workOrder { operations { workOrder { operations { workOrder { operations { workOrder { code } } } } } } } } } } } }',
    });
    expect(deep.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/[Dd]epth limit/),
    });
  });
  test('a body that is not JSON', async () => {
    const res = await planner.raw('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('not valid JSON'),
    });
  });
  test('a body over REQUEST_SIZE_LIMIT is 413, whether its Content-Length says so or it is found while reading', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
    const tooLarge = { extensions: { code: 'BAD_USER_INPUT' }, message: 'The request body is larger than 1mb' };
    const byLength = await planner.raw(big);
    expect(byLength.status).toBe(413);
    expect(byLength.body.errors?.[0]).toMatchObject(tooLarge);
    // Chunked, with no Content-Length: the limit is met part-way through the body.
    const bytes = new TextEncoder().encode(big);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    const res = await fetch(t.hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${planner.token}` },
      body: chunked,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: unknown[] }).errors[0]).toMatchObject(tooLarge);
    expect((await planner.raw({ query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });
  test('a document of several operations without an operationName is a 400 that says to name one', async () => {
    const res = await planner.raw({ query: 'query A { __typename } query B { __typename }' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/operation name/) });
    const named = await planner.raw({ query: 'query A { __typename } query B { __typename }', operationName: 'B' });
    expect(named.body).toEqual({ data: { __typename: 'Query' } });
  });
  test('a gzip-compressed request is answered like a plain one', async () => {
    const res = await fetch(t.hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${planner.token}` },
      body: gzipSync(JSON.stringify({ query: '{ __typename }' })),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
  test('a sales order for a supplier, with a date that is not a date', async () => {
    await rejected(
      () =>
        planner.fail(CreateSalesOrderDocument, {
          input: { customerId: f.supplier.id, lines: [{ itemId: f.product.id, qty: '1', dueDate: inDays(3) }] },
        }),
      'BAD_USER_INPUT',
      /is not a customer/,
    );
    await rejected(
      () =>
        planner.fail(CreateSalesOrderDocument, {
          input: { customerId: f.customer.id, lines: [{ itemId: f.product.id, qty: '1', dueDate: 'next tuesday' }] },
        }),
      'BAD_USER_INPUT',
      /dueDate/,
    );
  });
});

test('pagination walks every item exactly once', async () => {
  for (let i = 0; i < 5; i++) await planner.ok(CreateItemDocument, { input: { sku: uniq('PAGE'), name: 'page', type: 'RAW' } });
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = (await planner.ok(ItemsDocument, { first: 2, after, filter: { search: 'page' } })).items;
    seen.push(...page.edges.map((e) => e.node.sku));
    expect(page.totalCount).toBe(5);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor!;
  }
  expect(new Set(seen).size).toBe(5);
  expect(seen).toHaveLength(5);
});
