import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, inDays, receive, releasedOrder, uniq, type Factory } from './support/factory';
import { databaseSnapshot, stockConservationViolations } from './support/invariants';
import { eventually } from './support/receiver';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import type { HttpClient } from './support/client';
import {
  CreateItemDocument,
  CreateLocationDocument,
  ImportProductionScheduleDocument,
  ImportRecordsDocument,
  IssueMaterialDocument,
  ReceiveStockDocument,
  RecordExecutionEventDocument,
  TransferStockDocument,
  type RecordExecutionEventMutationVariables,
} from './generated/graphql';

/**
 * Attacks on the hub's inputs that once got through, each refused now with nothing written:
 * idempotency keys reused for another request, quantities in non-decimal notations, control
 * characters in text, and webhook requests replayed under a new key or sent many times at once.
 */

const INBOUND_SECRET = 'partner-pushes-with-this-secret-0123456789';
const OUTBOUND_SECRET = 'hub-signs-deliveries-with-this-0123456789';
process.env.TEST_HARDEN_INBOUND = INBOUND_SECRET;
process.env.TEST_HARDEN_OUTBOUND = OUTBOUND_SECRET;

/** A partner's endpoint on loopback that keeps every request the hub sends it, headers and body as sent. */
const captured: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let partner: Server;

let t: TestHub;
let f: Factory;
let planner: HttpClient;
let operator: HttpClient;

beforeAll(async () => {
  partner = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      captured.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => partner.listen(0, '127.0.0.1', r));
  const partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/events`;
  t = await startTestHub({
    integration: integrationSchema.parse({
      adapters: [
        {
          name: 'erp-push',
          module: 'webhook',
          options: {
            url: 'http://127.0.0.1:9/unused',
            secretEnv: 'TEST_HARDEN_OUTBOUND',
            inboundSecretEnv: 'TEST_HARDEN_INBOUND',
            events: [],
          },
        },
        {
          name: 'partner',
          module: 'webhook',
          options: { url: partnerUrl, secretEnv: 'TEST_HARDEN_OUTBOUND', events: ['LocationCreated'] },
        },
      ],
      deliveries: { baseDelayMs: 40, maxDelayMs: 400, leaseMs: 3000, pollMs: 50, concurrency: 2 },
    }),
  });
  planner = t.client('planner');
  operator = t.client('operator');
  f = await buildFactory(planner);
  await receive(planner, f, f.plate.id, '50');
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => partner?.close(r));
});
afterEach(async () => expect(await stockConservationViolations(t.em())).toEqual([]));

// Deliveries and their attempt log are written in the background by the outbound adapter.
const BACKGROUND = ['delivery', 'delivery_attempt'];

/** Runs a refused call and checks that nothing was written: row counts, balances, operations and orders. */
async function writesNothing<T>(call: () => Promise<T>): Promise<T> {
  const before = await databaseSnapshot(t.em(), BACKGROUND);
  const result = await call();
  expect(await databaseSnapshot(t.em(), BACKGROUND)).toEqual(before);
  return result;
}

const reused = (field: string) => ({
  code: 'CONFLICT',
  extensions: expect.objectContaining({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED', field }),
  message: expect.stringMatching(new RegExp(`^${field} ".+" was already used for a different (request|event); send a new ${field}`)),
});

describe('an idempotency key stands for one request: another payload under a used key is CONFLICT', () => {
  test('receiveStock with a used key and another quantity does not answer the first receipt as a success', async () => {
    const key = uniq('rcv');
    const first = (
      await planner.ok(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: '1', idempotencyKey: key } })
    ).receiveStock.stockMove;
    const error = await writesNothing(() =>
      planner.fail(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: '999', idempotencyKey: key } }),
    );
    expect(error).toMatchObject(reused('idempotencyKey'));
    // The same request again, even spelled differently ("1.0", fields in another order), answers the first result.
    const again = await writesNothing(() =>
      planner.ok(ReceiveStockDocument, { input: { idempotencyKey: key, qty: '1.0', locationId: f.stock.id, itemId: f.plate.id } }),
    );
    expect(again.receiveStock.stockMove).toEqual(first);
  });

  test('a key used on receiveStock and reused on transferStock is refused, not answered with the receipt', async () => {
    const key = uniq('mix');
    const other = (await planner.ok(CreateLocationDocument, { input: { code: uniq('SHELF'), name: 'Shelf', type: 'STORAGE' } }))
      .createLocation.location;
    await planner.ok(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: '1', idempotencyKey: key } });
    const error = await writesNothing(() =>
      operator.fail(TransferStockDocument, {
        input: { itemId: f.plate.id, fromLocationId: f.stock.id, toLocationId: other.id, qty: '1', idempotencyKey: key },
      }),
    );
    expect(error).toMatchObject(reused('idempotencyKey'));
  });

  test('issueMaterial with a used key and another quantity, or under a receipt key, is refused', async () => {
    const { wo } = await releasedOrder(planner, f, '4');
    const key = uniq('iss');
    const issue = (qty: string, k = key) => ({
      input: { workOrderId: wo.id, itemId: f.plate.id, qty, fromLocationId: f.stock.id, idempotencyKey: k },
    });
    const first = (await operator.ok(IssueMaterialDocument, issue('2'))).issueMaterial.stockMove;
    expect(await writesNothing(() => operator.fail(IssueMaterialDocument, issue('3')))).toMatchObject(reused('idempotencyKey'));
    expect((await writesNothing(() => operator.ok(IssueMaterialDocument, issue('2')))).issueMaterial.stockMove).toEqual(first);
    const receiptKey = uniq('rcv');
    await planner.ok(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: '2', idempotencyKey: receiptKey } });
    expect(await writesNothing(() => operator.fail(IssueMaterialDocument, issue('2', receiptKey)))).toMatchObject(reused('idempotencyKey'));
  });

  test("a scan's clientEventId reused with another quantity is refused; the same scan again replays", async () => {
    const { wo } = await releasedOrder(planner, f, '5');
    const op = wo.operations[0].id;
    const scan = (input: Partial<RecordExecutionEventMutationVariables['input']>): RecordExecutionEventMutationVariables => ({
      input: { operationId: op, type: 'START', clientEventId: randomUUID(), ...input },
    });
    await operator.ok(RecordExecutionEventDocument, scan({}));
    const id = randomUUID();
    const first = (await operator.ok(RecordExecutionEventDocument, scan({ type: 'COMPLETE', qty: '1', clientEventId: id })))
      .recordExecutionEvent;
    expect(first).toMatchObject({ replayed: false, operation: { qtyGood: '1' } });
    expect(
      await writesNothing(() => operator.fail(RecordExecutionEventDocument, scan({ type: 'COMPLETE', qty: '3', clientEventId: id }))),
    ).toMatchObject(reused('clientEventId'));
    expect(
      await writesNothing(() =>
        operator.fail(RecordExecutionEventDocument, scan({ type: 'SCRAP', qty: '1', reason: 'bent', clientEventId: id })),
      ),
    ).toMatchObject(reused('clientEventId'));
    const again = await writesNothing(() =>
      operator.ok(RecordExecutionEventDocument, scan({ type: 'COMPLETE', qty: '1', clientEventId: id })),
    );
    expect(again.recordExecutionEvent).toMatchObject({ replayed: true, event: first.event, operation: { qtyGood: '1' } });
  });

  test('concurrent receipts under one key with two payloads: one move; the other payload is CONFLICT', async () => {
    const key = uniq('race');
    const moves = async () =>
      (await t.em().execute<{ n: string }[]>('select count(*)::text as n from stock_move where idempotency_key = ?', [key]))[0].n;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        planner.exec(ReceiveStockDocument, {
          input: { itemId: f.plate.id, locationId: f.stock.id, qty: i % 2 ? '2' : '1', idempotencyKey: key },
        }),
      ),
    );
    expect(await moves()).toBe('1');
    const winner = results.find((r) => r.data)!.data!.receiveStock.stockMove;
    for (const r of results) {
      if (r.data) expect(r.data.receiveStock.stockMove).toEqual(winner);
      else expect(r.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    }
    expect(results.filter((r) => r.data).length).toBe(4);
  });
});

describe('one strict decimal grammar: digits, an optional point, at most 6 places', () => {
  test.each(['0x10', '0b101', '0o17', '0x1p3', '1e3', '+1', '.5', '5.', ' 1', '1_000', 'Infinity', '١'])(
    'the quantity %j is refused and nothing is booked',
    async (qty) => {
      const error = await writesNothing(() =>
        planner.fail(ReceiveStockDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty } }),
      );
      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(/is not a decimal number \(digits, an optional point and at most 6 decimal places/),
      });
    },
  );

  test('hex, binary, octal and exponents are refused inline in the query too, and in nested inputs', async () => {
    const inline = await writesNothing(() =>
      planner.raw({
        query: `mutation { receiveStock(input: { itemId: "${f.plate.id}", locationId: "${f.stock.id}", qty: 1e2 }) { stockMove { id } } }`,
      }),
    );
    expect(inline.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/not a decimal number/),
    });
    const imported = await writesNothing(() =>
      t.client('integration').fail(ImportRecordsDocument, {
        input: { system: 'harden', items: [{ externalId: 'x', sku: uniq('HEX'), name: 'hex', type: 'RAW', standardCost: '0x10' }] },
      }),
    );
    expect(imported).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/"0x10" is not a decimal number/) });
  });

  test('plain decimals still work, as strings or JSON numbers, negative where negatives make sense to say so', async () => {
    const item = (await planner.ok(CreateItemDocument, { input: { sku: uniq('DEC'), name: 'dec', type: 'RAW' } })).createItem.item;
    const move = (await planner.ok(ReceiveStockDocument, { input: { itemId: item.id, locationId: f.stock.id, qty: '0012.500000' } }))
      .receiveStock.stockMove;
    expect(move.qty).toBe('12.5');
    const res = await planner.raw({
      query: 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { stockMove { qty } } }',
      variables: { i: { itemId: item.id, locationId: f.stock.id, qty: 0.25 } },
    });
    expect(res.body.data).toEqual({ receiveStock: { stockMove: { qty: '0.25' } } });
    // A negative quantity is read as a number, and the rule that refuses it says why.
    const negative = await writesNothing(() =>
      planner.fail(ReceiveStockDocument, { input: { itemId: item.id, locationId: f.stock.id, qty: '-1' } }),
    );
    expect(negative).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/qty: must be greater than zero/) });
  });
});

describe('control characters in text inputs are BAD_USER_INPUT naming the field', () => {
  test.each([
    ['a NUL byte in a SKU', 'sku', 'A\u0000B'],
    ['a bell in a name', 'name', 'Widget\u0007'],
    ['an escape sequence in a name', 'name', '\u001b[31mred'],
    ['a DEL in a SKU', 'sku', 'SKU\u007f'],
    ['a newline in a SKU', 'sku', 'TWO\nLINES'],
    ['a tab in a unit', 'unit', 'p\tcs'],
    ['a C1 control in a name', 'name', 'x\u0085y'],
  ])('%s', async (_name, field, value) => {
    const input = { sku: uniq('CTL'), name: 'control', type: 'RAW' as const, [field]: value };
    const error = await writesNothing(() => planner.fail(CreateItemDocument, { input }));
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: expect.objectContaining({ field }),
      message: expect.stringMatching(
        new RegExp(`^${field}: must not contain control characters \\(found U\\+00[0-9A-F]{2} at position \\d+\\)$`),
      ),
    });
  });

  test('a NUL byte in a reference, a lot code or an idempotency key of a receipt', async () => {
    for (const [field, extra] of [
      ['reference', { reference: 'PO\u00001' }],
      ['lotCode', { lotCode: 'L\u00001' }],
      ['idempotencyKey', { idempotencyKey: 'k\u0000' }],
    ] as const) {
      const itemId = field === 'lotCode' ? f.resin.id : f.plate.id;
      const error = await writesNothing(() =>
        planner.fail(ReceiveStockDocument, { input: { itemId, locationId: f.stock.id, qty: '1', ...extra } }),
      );
      expect(error).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringMatching(new RegExp(`^${field}: must not contain control characters`)),
      });
    }
  });

  test('nested and inline: a record of an import, and a string literal in the query', async () => {
    const error = await writesNothing(() =>
      t.client('integration').fail(ImportRecordsDocument, {
        input: {
          system: 'harden',
          items: [
            { externalId: 'ok', sku: uniq('OK'), name: 'ok', type: 'RAW' },
            { externalId: 'x\u0000', sku: uniq('NUL'), name: 'nul', type: 'RAW' },
          ],
        },
      }),
    );
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/^items\[1\]\.externalId: must not contain control characters \(found U\+0000 at position 1\)/),
    });
    const inline = await writesNothing(() =>
      planner.raw({ query: `mutation { createLocation(input: { code: "A\\u0000B", name: "x", type: STORAGE }) { location { id } } }` }),
    );
    expect(inline.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'code' },
      message: expect.stringMatching(/^code: must not contain control characters/),
    });
    const filter = await planner.raw({ query: '{ items(filter: { search: "a\\u0000" }) { totalCount } }' });
    expect(filter.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'search' } });
  });

  test('over WebSocket too: a subscription argument with a NUL byte is refused naming it', async () => {
    const errors = await new Promise<unknown>((resolve) => {
      t.ws('viewer').subscribe(
        { query: 'subscription($id: ID) { stockChanged(itemId: $id) { seq } }', variables: { id: 'x\u0000' } },
        {
          next: (v) => resolve(v.errors),
          error: resolve,
          complete: () => resolve('completed'),
        },
      );
    });
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'itemId: must not contain control characters (found U+0000 at position 1)',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'itemId' }),
      }),
    ]);
  });

  test('over WebSocket, a malformed subscription or one over the alias limit is refused the same way every time it is sent', async () => {
    const refusal = (query: string) =>
      new Promise<unknown>((resolve) => {
        t.ws('viewer').subscribe({ query }, { next: (v) => resolve(v.errors), error: resolve, complete: () => resolve('completed') });
      });
    const aliased = `subscription { stockChanged { ${Array.from({ length: 40 }, (_, i) => `a${i}: seq`).join(' ')} } }`;
    // Each text twice: the second answer comes from the hub's memory of checked documents.
    for (let i = 0; i < 2; i++) {
      expect(await refusal('subscription { stockChanged { seq ')).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Syntax Error'),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      expect(await refusal(aliased)).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/[Aa]liases limit/),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
    }
  });

  test('a B2MML schedule with a control character is refused, over GraphQL and over HTTP; line breaks in XML are fine', async () => {
    const schedule = (id: string) => `<?xml version="1.0"?>
<OperationsSchedule xmlns="http://www.mesa.org/xml/B2MML">
\t<ID>S-1</ID>
\t<OperationsRequest><ID>${id}</ID><EndTime>${inDays(9)}T12:00:00Z</EndTime>
\t\t<SegmentRequirement><ID>1</ID><MaterialRequirement><MaterialDefinitionID>${f.product.sku}</MaterialDefinitionID><MaterialUse>Produced</MaterialUse>
\t\t\t<Quantity><QuantityString>2</QuantityString></Quantity></MaterialRequirement></SegmentRequirement>
\t</OperationsRequest>
</OperationsSchedule>`;
    const api = t.client('planner');
    const nul = await writesNothing(() => api.fail(ImportProductionScheduleDocument, { input: { xml: schedule('R\u0000-1') } }));
    expect(nul).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/^xml: must not contain control characters \(found U\+0000/),
    });
    const http = await writesNothing(() =>
      fetch(t.hub.url.replace('/graphql', '/b2mml/schedule'), {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token('planner')}`, 'content-type': 'application/xml' },
        body: schedule('R\u0001-2'),
      }),
    );
    expect(http.status).toBe(400);
    expect(await http.text()).toMatch(/control character/);
    const entity = await writesNothing(() => api.fail(ImportProductionScheduleDocument, { input: { xml: schedule('R&#x7f;-3') } }));
    expect(entity).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/control character \(U\+007F\)/) });
    const ok = (await api.ok(ImportProductionScheduleDocument, { input: { xml: schedule(uniq('R')) } })).importProductionSchedule;
    expect(ok).toMatchObject({ errors: [], created: [{ qty: '2', state: 'PLANNED' }] });
  });
});

describe('webhooks: the signature covers timestamp, idempotency key and body; one message makes one sync run', () => {
  const url = () => t.hub.url.replace('/graphql', '/hooks/erp-push');
  const now = () => Math.floor(Date.now() / 1000);
  const hmac = (text: string, secret = INBOUND_SECRET) => createHmac('sha256', secret).update(text).digest('hex');
  /** The scheme as a partner implements it from the README: v2 = HMAC-SHA256 of "<timestamp>.<key>.<body>". */
  const v2 = (ts: number, key: string, body: string, secret = INBOUND_SECRET) => `v2=${hmac(`${ts}.${key}.${body}`, secret)}`;
  const v1 = (ts: number, body: string) => `v1=${hmac(`${ts}.${body}`)}`;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, key: string, ts = now()) =>
    post(body, { 'idempotency-key': key, 'x-mom-timestamp': String(ts), 'x-mom-signature': v2(ts, key, body) });
  const runs = async () =>
    Number((await t.em().execute<{ n: string }[]>(`select count(*)::text as n from sync_run where adapter = 'erp-push'`))[0].n);
  const itemBody = (sku: string) => JSON.stringify({ items: [{ externalId: `push-${sku}`, sku, name: sku, type: 'RAW' }] });

  test('a captured v1 request replayed under a new key is refused, and so is a v2 signature moved to another key', async () => {
    const body = itemBody(uniq('CAP'));
    const ts = now();
    const legacy = await writesNothing(() =>
      post(body, { 'idempotency-key': uniq('new-key'), 'x-mom-timestamp': String(ts), 'x-mom-signature': v1(ts, body) }),
    );
    expect(legacy.status).toBe(401);
    expect(((await legacy.json()) as { error: string }).error).toMatch(/v1 signatures .* no longer accepted.*v2/);
    const key = uniq('k');
    const first = await signed(body, key, ts);
    expect(first.status).toBe(200);
    const moved = await writesNothing(() =>
      post(body, { 'idempotency-key': uniq('other-key'), 'x-mom-timestamp': String(ts), 'x-mom-signature': v2(ts, key, body) }),
    );
    expect(moved.status).toBe(401);
    expect(((await moved.json()) as { error: string }).error).toMatch(/signature does not match/);
  });

  test('a used key with another body is 409 IDEMPOTENCY_KEY_REUSED and imports nothing; the same body replays', async () => {
    const key = uniq('k');
    const body = itemBody(uniq('ONE'));
    const first = (await (await signed(body, key)).json()) as { syncRunId: string };
    const other = await writesNothing(() => signed(itemBody(uniq('TWO')), key));
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({
      reason: 'IDEMPOTENCY_KEY_REUSED',
      error: expect.stringMatching(/Idempotency-Key .* was already used for a different message/),
    });
    const again = await writesNothing(() => signed(body, key));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ syncRunId: first.syncRunId, replayed: true });
  });

  test('ten concurrent copies of one signed request make one sync run', async () => {
    const key = uniq('burst');
    const sku = uniq('BURST');
    const body = itemBody(sku);
    const ts = now();
    const before = await runs();
    const answers = await Promise.all(Array.from({ length: 10 }, () => signed(body, key, ts)));
    const bodies = await Promise.all(
      answers.map(async (a) => ({
        status: a.status,
        retryAfter: a.headers.get('retry-after'),
        body: (await a.json()) as Record<string, unknown>,
      })),
    );
    expect(await runs()).toBe(before + 1);
    const done = bodies.filter((b) => b.status === 200);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(new Set(done.map((b) => b.body.syncRunId)).size).toBe(1);
    for (const b of bodies.filter((x) => x.status !== 200)) {
      expect(b).toMatchObject({ status: 409, retryAfter: '1', body: { reason: 'REQUEST_IN_PROGRESS' } });
    }
    // After the first finished, every copy answers its result.
    const late = await signed(body, key, ts);
    expect(await late.json()).toMatchObject({ syncRunId: done[0].body.syncRunId, replayed: true });
    expect(await runs()).toBe(before + 1);
  });

  test('a copy that arrives while the first still imports gets 409 with Retry-After; a claim left by a crash is taken over', async () => {
    const key = uniq('slow');
    const body = itemBody(uniq('SLOW'));
    // The first copy's claim, as it stands while that copy imports (its process may have died since).
    await t.em().execute(
      `insert into inbound_message (id, created_at, updated_at, adapter, message_key, fingerprint, result)
       values (gen_random_uuid(), now(), now(), 'erp-push', ?, null, null)`,
      [key],
    );
    const before = await runs();
    const busy = await writesNothing(() => signed(body, key));
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(await busy.json()).toMatchObject({
      reason: 'REQUEST_IN_PROGRESS',
      error: expect.stringMatching(/still being imported; send it again/),
    });
    await t.em().execute(`update inbound_message set updated_at = now() - interval '11 minutes' where message_key = ?`, [key]);
    const taken = await signed(body, key);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ status: 'SUCCEEDED', imported: 1 });
    expect(await runs()).toBe(before + 1);
  });

  test('control characters and non-decimal quantities in a pushed body are refused with 400, nothing imported', async () => {
    for (const [body, reason] of [
      [
        JSON.stringify({ items: [{ externalId: 'x', sku: 'A\u0000B', name: 'n', type: 'RAW' }] }),
        /items\.0\.sku: must not contain control characters/,
      ],
      [
        JSON.stringify({ items: [{ externalId: 'x', sku: uniq('S'), name: 'n', type: 'RAW', standardCost: '0x10' }] }),
        /items\.0\.standardCost: "0x10" is not a decimal number/,
      ],
      [
        JSON.stringify({ boms: [{ externalId: 'b', itemExternalId: 'i', lines: [{ componentExternalId: 'c', qtyPer: 1e21 }] }] }),
        /boms\.0\.lines\.0\.qtyPer/,
      ],
    ] as const) {
      const before = await runs();
      const res = await writesNothing(() => signed(body, uniq('k')));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(reason);
      expect(await runs()).toBe(before);
    }
  });

  test('the hub signs its own deliveries the same way, so a partner can verify key and body together', async () => {
    const from = captured.length;
    await planner.ok(CreateLocationDocument, { input: { code: uniq('DOCK'), name: 'Dock', type: 'STORAGE' } });
    await eventually(
      async () => captured.length,
      (n) => n > from,
    );
    const { headers, body } = captured[from];
    const ts = String(headers['x-mom-timestamp']);
    const key = String(headers['idempotency-key']);
    expect(key).toBe((JSON.parse(body) as { id: string }).id);
    expect(headers['x-mom-signature']).toBe(`v2=${hmac(`${ts}.${key}.${body}`, OUTBOUND_SECRET)}`);
  });
});
