import { startTestHub, type TestHub } from './support/hub';
import { apolloCounter, twice as sendTwice } from './support/two-paths';
import { KnownReads } from '../src/app/known-reads';

/**
 * The HTTP fast path for queries seen before (src/app/graphql-post.ts, src/app/known-reads.ts): the first
 * time a text comes, Apollo's whole pipeline answers it; after that the hub runs the compiled query itself.
 * Each pair below sends the same request twice and expects the same status, headers and bytes — and checks
 * which of them reached Apollo, so that a pair that passes does compare the two paths.
 */
let t: TestHub;
let apollo: ReturnType<typeof apolloCounter>;

beforeAll(async () => {
  t = await startTestHub({}, undefined, { METRICS: 'true' });
  apollo = apolloCounter();
});
afterAll(async () => {
  apollo.restore();
  await t?.close();
});

/** The same request twice: the first through Apollo, the second (when the fast path takes it) not. */
const twice = (body: unknown, role = 'planner', headers: Record<string, string> = {}) => sendTwice(t, apollo, body, { role, headers });

test('a query seen before is answered past Apollo with the same status, headers and bytes', async () => {
  const r = await twice({ query: '{ __typename }' });
  expect(r.first).toEqual({ status: 200, headers: expect.any(Array) as string[], body: '{"data":{"__typename":"Query"}}\n' });
  expect(r.second).toEqual(r.first);
  expect(r.firstToApollo).toBe(1);
  expect(r.secondToApollo).toBe(0);
});

test('with variables and an operation name picked out of several, the same answer; without a name, Apollo’s 400', async () => {
  const query = 'query A { __typename } query Items($n: Int!) { items(first: $n) { totalCount } }';
  const r = await twice({ query, operationName: 'Items', variables: { n: 3 } });
  expect(r.first.status).toBe(200);
  expect(JSON.parse(r.first.body)).toEqual({ data: { items: { totalCount: expect.any(Number) as number } } });
  expect(r.second).toEqual(r.first);
  expect([r.firstToApollo, r.secondToApollo]).toEqual([1, 0]);
  // Another operation of the same text was never seen: Apollo answers it, then it is known too.
  const a = await twice({ query, operationName: 'A' });
  expect(a.second).toEqual(a.first);
  expect([a.firstToApollo, a.secondToApollo]).toEqual([1, 0]);
  // No operation name for a text with two: Apollo's 400, every time.
  const none = await twice({ query, variables: { n: 3 } });
  expect(none.first.status).toBe(400);
  expect(none.second).toEqual(none.first);
  expect([none.firstToApollo, none.secondToApollo]).toEqual([1, 1]);
});

test('bad variables for a known query get Apollo’s own 400 BAD_USER_INPUT', async () => {
  const query = 'query Items($n: Int!) { items(first: $n) { totalCount } }';
  await twice({ query, variables: { n: 1 } });
  const r = await twice({ query, variables: { n: 'many' } });
  expect(r.first.status).toBe(400);
  expect(JSON.parse(r.first.body)).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  expect(r.second).toEqual(r.first);
  expect([r.firstToApollo, r.secondToApollo]).toEqual([1, 1]);
});

test('a known query whose result has errors is formatted and answered by Apollo, as the first time', async () => {
  // `events` is not the operator's to read: FORBIDDEN, from the resolver's authorization.
  const handOver = jest.spyOn(KnownReads, 'handOver');
  const r = await twice({ query: '{ events(first: 1) { seq } }' }, 'operator');
  // The second ran once, on the fast path, and its result went to Apollo rather than running again there.
  expect(handOver).toHaveBeenCalledTimes(1);
  handOver.mockRestore();
  expect(r.first.status).toBe(200);
  expect(JSON.parse(r.first.body)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  expect(r.second).toEqual(r.first);
  expect([r.firstToApollo, r.secondToApollo]).toEqual([1, 1]);
  // For a planner the same text answers without errors, past Apollo.
  const planner = await twice({ query: '{ events(first: 1) { seq } }' }, 'planner');
  expect(planner.second).toEqual(planner.first);
  expect(JSON.parse(planner.first.body)).toEqual({ data: { events: expect.any(Array) as unknown[] } });
  expect(planner.secondToApollo).toBe(0);
});

test('the content type Apollo negotiates from Accept; headers the fast path does not know go through Apollo', async () => {
  const accepts = ['*/*', 'application/json', 'application/json, */*', 'application/json, text/plain, */*'];
  for (const [i, accept] of accepts.entries()) {
    const r = await twice({ query: `{ __typename } # ${i}` }, 'planner', { accept });
    expect(r.first.headers).toContain('application/json; charset=utf-8');
    expect(r.second).toEqual(r.first);
    expect([accept, r.firstToApollo, r.secondToApollo]).toEqual([accept, 1, 0]);
  }
  const other = await twice({ query: '{ __typename }' }, 'planner', { accept: 'application/graphql-response+json' });
  expect(other.first.headers).toContain('application/graphql-response+json; charset=utf-8');
  expect(other.second).toEqual(other.first);
  expect(other.secondToApollo).toBe(1);
  // A body with anything but query, operationName and variables goes through Apollo too.
  const withExtensions = await twice({ query: '{ __typename }', extensions: {} });
  expect(withExtensions.second).toEqual(withExtensions.first);
  expect(withExtensions.secondToApollo).toBe(1);
});

test('an operation answered past Apollo is counted in the request metrics as one through Apollo', async () => {
  const count = async () => {
    const res = await fetch(t.hub.url.replace(/\/graphql$/, '/metrics'));
    const text = await res.text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('mom_hub_graphql_request_duration_seconds_count{operation="Typename",type="query",transport="http"}'));
    return Number(line?.split(' ').pop() ?? 0);
  };
  const before = await count();
  const r = await twice({ query: 'query Typename { __typename }' });
  expect([r.firstToApollo, r.secondToApollo]).toEqual([1, 0]);
  expect((await count()) - before).toBe(2);
});
