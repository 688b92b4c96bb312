import { startTestHub, type TestHub } from './support/hub';
import { eventually } from './support/receiver';
import { uniq, inDays } from './support/factory';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import { sign } from '../src/contract/signature';
import type { Adapter, PullBatch } from '../src/contract/adapter';
import { databaseSnapshot } from './support/invariants';
import {
  ImportRecordsDocument,
  ImportSalesOrdersDocument,
  ItemRefsDocument,
  RunSyncDocument,
  SalesOrdersDocument,
  SyncRunsDocument,
  WorkOrdersDocument,
} from './generated/graphql';

const INBOUND_SECRET = 'erp-pushes-with-this-secret-0123456789';
process.env.TEST_ERP_INBOUND = INBOUND_SECRET;
process.env.TEST_ERP_OUT = 'unused-outbound-secret-0123456789';

/** A pulling ERP twin: serves pages of items after a cursor, and remembers which cursors it was asked for. */
const pulled: (string | null)[] = [];
const pages: PullBatch[] = [];
const pullingErp = (): Adapter => ({
  name: 'pull-erp',
  kind: 'erp',
  events: [],
  pull: async (cursor) => {
    pulled.push(cursor);
    return pages.shift() ?? { cursor, items: [] };
  },
  health: async () => ({ ok: true }),
});

// The scheduled pull below writes its own run history every second; other tables must not move.
const BACKGROUND = ['sync_run', 'sync_state'];

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({
    integration: integrationSchema.parse({
      adapters: [
        {
          name: 'erp-push',
          module: 'webhook',
          options: { url: 'http://127.0.0.1:9/unused', secretEnv: 'TEST_ERP_OUT', inboundSecretEnv: 'TEST_ERP_INBOUND', events: [] },
        },
        { name: 'pull-erp', module: 'pull-erp', schedule: '*/1 * * * * *' },
      ],
    }),
    adapterFactories: { 'pull-erp': pullingErp },
  });
});
afterAll(() => t?.close());

const item = (externalId: string, sku: string, type = 'RAW') => ({ externalId, sku, name: sku, type: type as 'RAW' });

test('an import with a missing item or a BOM cycle reports which record and why, and imports the rest', async () => {
  const api = t.client('integration');
  const [a, b, fg] = [uniq('A'), uniq('B'), uniq('FG')];
  const run = (
    await api.ok(ImportRecordsDocument, {
      input: {
        system: 'erp',
        items: [item('a', a), item('b', b), item('fg', fg, 'FINISHED')],
        boms: [
          {
            externalId: 'bom-fg',
            itemExternalId: 'fg',
            lines: [
              { componentExternalId: 'a', qtyPer: '2' },
              { componentExternalId: 'b', qtyPer: '1' },
            ],
          },
          { externalId: 'bom-a', itemExternalId: 'a', lines: [{ componentExternalId: 'fg', qtyPer: '1' }] },
          { externalId: 'bom-b', itemExternalId: 'b', lines: [{ componentExternalId: 'ghost', qtyPer: '1' }] },
        ],
        salesOrders: [
          {
            externalId: 'so-1',
            customer: { externalId: 'c-1', code: uniq('C'), name: 'Imported customer' },
            lines: [{ itemExternalId: 'fg', qty: '5', dueDate: inDays(9) }],
          },
          {
            externalId: 'so-2',
            customer: { externalId: 'c-1', code: 'ignored', name: 'Imported customer' },
            lines: [{ itemExternalId: 'nope', qty: '1', dueDate: inDays(9) }],
          },
          {
            externalId: 'so-3',
            customer: { externalId: 'c-1', code: 'ignored', name: 'Imported customer' },
            lines: [{ itemExternalId: 'fg', qty: '1', dueDate: 'soon' }],
          },
        ],
      },
    })
  ).importRecords;
  expect(run).toMatchObject({ status: 'PARTIAL', imported: 5, failed: 4, trigger: 'API' });
  expect(run.errors).toEqual([
    { record: `BOM erp:bom-a (item a)`, reason: expect.stringMatching(/BOM cycle/) },
    { record: `BOM erp:bom-b (item b)`, reason: expect.stringMatching(/Component erp:ghost is not known/) },
    { record: 'sales order erp:so-2', reason: expect.stringMatching(/Item erp:nope is not known/) },
    { record: 'sales order erp:so-3', reason: expect.stringMatching(/dueDate: "soon" is not a date/) },
  ]);
  const fgItem = (await api.ok(ItemRefsDocument, { filter: { search: fg } })).items.edges[0].node;
  expect(fgItem.externalRefs).toEqual([{ system: 'erp', externalId: 'fg' }]);
  expect(fgItem.activeBom?.lines.map((l) => [l.component.sku, l.qtyPer])).toEqual([
    [a, '2'],
    [b, '1'],
  ]);
  // The imported order became a planned work order.
  const wos = (await api.ok(WorkOrdersDocument, { filter: { itemId: fgItem.id } })).workOrders;
  expect(wos.edges.map((e) => e.node.state)).toEqual(['PLANNED']);

  // The same import again changes nothing: upserts on external refs.
  const before = await databaseSnapshot(t.em(), BACKGROUND);
  const again = (
    await api.ok(ImportSalesOrdersDocument, {
      input: {
        system: 'erp',
        salesOrders: [
          {
            externalId: 'so-1',
            customer: { externalId: 'c-1', code: 'x', name: 'x' },
            lines: [{ itemExternalId: 'fg', qty: '5', dueDate: inDays(9) }],
          },
        ],
      },
    })
  ).importSalesOrders;
  expect(again).toMatchObject({ status: 'SUCCEEDED', imported: 0, failed: 0 });
  const after = await databaseSnapshot(t.em(), BACKGROUND);
  expect(after).toEqual(before);
  expect((await t.client('operator').fail(ImportRecordsDocument, { input: { system: 'erp' } })).code).toBe('FORBIDDEN');
});

test('an order imported without planning gets its work orders when imported again with planning', async () => {
  const api = t.client('integration');
  const sku = uniq('LATE');
  await api.ok(ImportRecordsDocument, { input: { system: 'late', items: [item('x', sku, 'FINISHED')] } });
  const order = {
    externalId: 'so-late',
    customer: { externalId: 'c', code: uniq('C'), name: 'C' },
    lines: [{ itemExternalId: 'x', qty: '3', dueDate: inDays(5) }],
  };
  await api.ok(ImportSalesOrdersDocument, { input: { system: 'late', salesOrders: [order], planWorkOrders: false } });
  const itemId = (await api.ok(ItemRefsDocument, { filter: { search: sku } })).items.edges[0].node.id;
  expect((await api.ok(WorkOrdersDocument, { filter: { itemId } })).workOrders.totalCount).toBe(0);
  expect((await api.ok(ImportSalesOrdersDocument, { input: { system: 'late', salesOrders: [order] } })).importSalesOrders).toMatchObject({
    imported: 1,
  });
  expect((await api.ok(WorkOrdersDocument, { filter: { itemId } })).workOrders.totalCount).toBe(1);
  expect((await api.ok(ImportSalesOrdersDocument, { input: { system: 'late', salesOrders: [order] } })).importSalesOrders).toMatchObject({
    imported: 0,
  });
});

describe('POST /hooks/<adapter>', () => {
  const url = () => t.hub.url.replace('/graphql', '/hooks/erp-push');
  const post = (body: string, headers: Record<string, string>) =>
    fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, key: string, ts = Math.floor(Date.now() / 1000), secret = INBOUND_SECRET) =>
    post(body, { 'idempotency-key': key, 'x-mom-timestamp': String(ts), 'x-mom-signature': sign(secret, ts, key, body) });

  test('a signed push imports once; the same key again answers the first result', async () => {
    const sku = uniq('PUSH');
    const body = JSON.stringify({ items: [item(`push-${sku}`, sku)] });
    const first = await signed(body, `k-${sku}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'SUCCEEDED', imported: 1, failed: 0 });
    const before = await databaseSnapshot(t.em(), BACKGROUND);
    const repeat = await signed(body, `k-${sku}`);
    expect(await repeat.json()).toMatchObject({ imported: 1, replayed: true });
    expect(await databaseSnapshot(t.em(), BACKGROUND)).toEqual(before);
    expect((await t.client('viewer').ok(ItemRefsDocument, { filter: { search: sku } })).items.totalCount).toBe(1);
  });

  test.each([
    ['a bad signature', () => signed('{"items":[]}', 'k1', undefined, 'not-the-secret-not-the-secret-xx'), 401, /signature does not match/],
    ['a stale timestamp', () => signed('{"items":[]}', 'k2', Math.floor(Date.now() / 1000) - 3600), 401, /replay window/],
    ['no signature', () => post('{}', { 'idempotency-key': 'k3' }), 401, /x-mom-signature/],
    ['malformed JSON', () => signed('{"items": [', 'k4'), 400, /not valid JSON/],
    ['a record of the wrong shape', () => signed('{"items":[{"sku":""}]}', 'k5'), 400, /items\.0\./],
    [
      'no idempotency key',
      () =>
        post(
          '{}',
          (() => {
            const ts = Math.floor(Date.now() / 1000);
            return { 'x-mom-timestamp': String(ts), 'x-mom-signature': sign(INBOUND_SECRET, ts, 'k6', '{}') };
          })(),
        ),
      400,
      /idempotency-key/,
    ],
  ])('%s is refused and changes nothing', async (_name, send, status, reason) => {
    const before = await databaseSnapshot(t.em(), BACKGROUND);
    const res = await send();
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(reason);
    expect(await databaseSnapshot(t.em(), BACKGROUND)).toEqual(before);
  });

  test('an adapter that does not accept pushes answers 404', async () => {
    const res = await fetch(t.hub.url.replace('/graphql', '/hooks/pull-erp'), { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});

test('pulls run on their schedule and on demand, one at a time, resuming from the stored cursor', async () => {
  const sku = uniq('PULLED');
  const from = pulled.length;
  pages.push(
    { cursor: 'c1', more: true, items: [item(`p-${sku}-1`, `${sku}-1`)] },
    { cursor: 'c2', items: [item(`p-${sku}-2`, `${sku}-2`)] },
  );
  const runs = await eventually(
    () =>
      t
        .client('admin')
        .ok(SyncRunsDocument, { filter: { adapter: 'pull-erp' } })
        .then((r) => r.syncRuns.edges.map((e) => e.node)),
    (rs) => rs.some((r) => r.cursorAfter === 'c2'),
  );
  // The run that moved the cursor to c2; the schedule's later runs find nothing new (c2 → c2).
  const scheduled = runs.find((r) => r.cursorAfter === 'c2' && r.cursorBefore !== 'c2')!;
  expect(scheduled).toMatchObject({ trigger: 'SCHEDULE', status: 'SUCCEEDED', imported: 2 });
  const second = pulled.indexOf('c1', from);
  expect(pulled[second - 1]).toBeNull();

  // The schedule keeps pulling every second; a manual pull that meets one running is refused (CONFLICT), so ask until it runs.
  const answer = await eventually(
    () => t.client('admin').exec(RunSyncDocument, { adapter: 'pull-erp' }),
    (r) => r.errors?.[0]?.extensions?.code !== 'CONFLICT',
  );
  expect(answer.errors).toBeUndefined();
  const manual = answer.data!.runSync;
  expect(manual).toMatchObject({ trigger: 'MANUAL', cursorBefore: 'c2', cursorAfter: 'c2', imported: 0 });
  expect((await t.client('admin').fail(RunSyncDocument, { adapter: 'nope' })).code).toBe('NOT_FOUND');
  expect((await t.client('integration').fail(RunSyncDocument, { adapter: 'pull-erp' })).code).toBe('FORBIDDEN');
  expect((await t.client('viewer').ok(SalesOrdersDocument, {})).salesOrders).toBeDefined();
});
