import { getIntrospectionQuery, type GraphQLFormattedError } from 'graphql';
import type { Client as WsClient } from 'graphql-ws';
import { hubWithFactory } from './support/suite';
import { testConfig } from './support/hub';
import { wsClient } from './support/client';
import { createTestDatabase, type TestDatabase } from './support/database';
import { TcpProxy } from './support/tcp-proxy';
import { startHub, type Hub } from '../src/app/server';
import { loadConfig } from '../src/app/config';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';

/**
 * The attacks of the "Hardened" part of issue 7, each through the real interfaces: anonymous bodies
 * parsed before authentication, no token limit, uncounted `__typename` aliases, a database outage that
 * looked like a bug, and a subscription outliving its token.
 */
const s = hubWithFactory();

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
}

async function post(url: string, body: unknown, token?: string): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

/** The first result or error of one operation over graphql-ws. */
function wsOnce(client: WsClient, query: string): Promise<{ data?: unknown; errors?: readonly GraphQLFormattedError[] }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${query.slice(0, 60)}`)), 20000);
    const dispose = client.subscribe(
      { query },
      {
        next: (v) => {
          clearTimeout(timer);
          dispose();
          resolve({ data: v.data, errors: v.errors });
        },
        error: (e) => {
          clearTimeout(timer);
          resolve({ errors: Array.isArray(e) ? e : [{ message: String((e as Error)?.message ?? e) }] });
        },
        complete: () => undefined,
      },
    );
  });
}

const code = (a: { errors?: readonly GraphQLFormattedError[] }) => a.errors?.[0]?.extensions?.code;

/** About 660 KB of aliased fields that ends in a syntax error: parsing it all only to fail is the stall. */
const hugeBrokenQuery = `query { ${'a: items(first: 1) { totalCount } '.repeat(20000)} ((( }`;

describe('authentication comes before parsing', () => {
  test('anonymous 660 KB bodies are refused with 401 UNAUTHENTICATED without being parsed; /healthz stays up', async () => {
    const body = JSON.stringify({ query: hugeBrokenQuery });
    expect(body.length).toBeGreaterThan(650_000);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(s.t.hub.url, body)));
    for (const a of answers) {
      // Refused as anonymous, not reported as the syntax error the body contains: it was never parsed.
      expect(a.status).toBe(401);
      expect(code(a.body)).toBe('UNAUTHENTICATED');
      expect(a.body.errors?.[0].message).toMatch(/Sign in/);
      expect(a.headers.get('www-authenticate')).toBe('Bearer');
    }
    const health = await fetch(s.t.hub.url.replace(/\/graphql$/, '/healthz'));
    expect(health.status).toBe(200);
  });

  test('with a token, the same body stops at the token limit (400 BAD_USER_INPUT), not at its syntax error', async () => {
    const a = await post(s.t.hub.url, { query: hugeBrokenQuery }, s.t.token('planner'));
    expect(a.status).toBe(400);
    expect(a.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' },
      message: expect.stringMatching(/more tha[nt] 2000 tokens/),
    });
  });

  test('an anonymous query that is not introspection is 401, even a small one', async () => {
    const a = await post(s.t.hub.url, { query: '{ __typename items(first: 1) { totalCount } }' });
    expect(a.status).toBe(401);
    expect(code(a.body)).toBe('UNAUTHENTICATED');
    const fragment = await post(s.t.hub.url, { query: '{ ...F } fragment F on Query { __typename }' });
    expect(fragment.status).toBe(401);
    const mutation = await post(s.t.hub.url, { query: 'mutation { __typename }' });
    expect(mutation.status).toBe(401);
  });

  test('anonymous introspection: the standard query is answered, thirty aliased copies are refused', async () => {
    const standard = await post(s.t.hub.url, { query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' });
    expect(standard.status).toBe(200);
    expect((standard.body.data?.__schema as { types: unknown[] }).types.length).toBeGreaterThan(50);

    const flood = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: __schema { types { name fields { name type { name } } } }`).join(' ')} }`;
    const refused = await post(s.t.hub.url, { query: flood });
    expect(refused.status).toBe(401);
    expect(code(refused.body)).toBe('UNAUTHENTICATED');
    expect(refused.body.errors?.[0].message).toMatch(/only a small schema introspection query/);
    expect(refused.body.data ?? null).toBeNull();
  });

  test('a bad token is refused with 401 before the body is looked at', async () => {
    const a = await post(s.t.hub.url, { query: hugeBrokenQuery }, 'not-a-token');
    expect(a.status).toBe(401);
    expect(a.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/Sign in again/) });
  });

  test('over WebSocket: an anonymous operation is refused before parsing, introspection is answered', async () => {
    const anonymous = wsClient(s.t.hub.wsUrl);
    try {
      const broken = await wsOnce(anonymous, '{ items(first: 1) { totalCount } ((( }');
      expect(code(broken)).toBe('UNAUTHENTICATED');
      const intro = await wsOnce(anonymous, '{ __schema { queryType { name } } }');
      expect(intro.errors).toBeUndefined();
      expect(intro.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await anonymous.dispose();
    }
  });
});

describe('query limits', () => {
  test('__typename aliases count against the alias limit', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    const a = await post(s.t.hub.url, { query }, s.t.token('planner'));
    expect(a.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/Aliases limit of 30 exceeded, found 31/),
    });
    expect(a.status).toBe(400);
    // Thirty are still fine.
    const ok = await post(
      s.t.hub.url,
      { query: `{ ${Array.from({ length: 30 }, (_, i) => `t${i}: __typename`).join(' ')} }` },
      s.t.token('planner'),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.data?.t29).toBe('Query');
  });

  test('a document over the token limit is BAD_USER_INPUT with 400, over HTTP and WebSocket', async () => {
    const query = `{ ${'__typename '.repeat(2500)} }`;
    const a = await post(s.t.hub.url, { query }, s.t.token('planner'));
    expect(a.status).toBe(400);
    expect(a.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' },
      message: expect.stringMatching(/tokens/),
    });
    const ws = s.t.ws('planner');
    const overWs = await wsOnce(ws, query);
    expect(overWs.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/tokens/) });
  });
});

describe('introspection by NODE_ENV', () => {
  test('settings: anonymous introspection is off in production unless GRAPHQL_INTROSPECTION=true', () => {
    const base = { JWT_SECRET: 'x'.repeat(40), DATA_DIR: s.t.db.dataDir };
    const g = (env: Record<string, string>) => loadConfig({ ...base, ...env }).graphql;
    expect(g({})).toMatchObject({ introspection: true, anonymousIntrospection: true });
    expect(g({ NODE_ENV: 'production' })).toMatchObject({ introspection: true, anonymousIntrospection: false });
    expect(g({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toMatchObject({ anonymousIntrospection: true });
    expect(g({ GRAPHQL_INTROSPECTION: 'false' })).toMatchObject({ introspection: false, anonymousIntrospection: false });
    expect(() => g({ GRAPHQL_INTROSPECTION: 'yes' })).toThrow(/GRAPHQL_INTROSPECTION/);
  });

  test('a production hub answers introspection only with a token', async () => {
    const db = await createTestDatabase();
    const config = testConfig(db, { NODE_ENV: 'production' });
    const hub = await startHub(config);
    try {
      const anonymous = await post(hub.url, { query: getIntrospectionQuery() });
      expect(anonymous.status).toBe(401);
      expect(code(anonymous.body)).toBe('UNAUTHENTICATED');
      const token = signToken(config.jwt, { subject: 'codegen', role: Role.viewer });
      const withToken = await post(hub.url, { query: getIntrospectionQuery() }, token);
      expect(withToken.status).toBe(200);
      expect(withToken.body.data?.__schema).toBeDefined();
    } finally {
      await hub.stop();
      await db.drop();
    }
  });
});

describe('a subscription ends when its token expires', () => {
  test('by a timer, with no event coming: the client gets UNAUTHENTICATED promptly after expiry', async () => {
    const token = s.t.token('planner', undefined, 2);
    const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp * 1000;
    const client = wsClient(s.t.hub.wsUrl, token);
    try {
      const ended = await new Promise<{ at: number; errors: GraphQLFormattedError[] }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the subscription outlived its token by 20 s')), exp - Date.now() + 20000);
        client.subscribe(
          // Nothing writes stock meanwhile: only the expiry can end this.
          { query: 'subscription { stockChanged { seq } }' },
          {
            next: (v) => {
              if (v.errors) {
                clearTimeout(timer);
                resolve({ at: Date.now(), errors: [...v.errors] });
              }
            },
            error: (e) => {
              clearTimeout(timer);
              resolve({ at: Date.now(), errors: Array.isArray(e) ? e : [{ message: String(e) }] });
            },
            complete: () => {
              clearTimeout(timer);
              reject(new Error('completed without an error'));
            },
          },
        );
      });
      expect(ended.errors[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/expired/) });
      expect(ended.at).toBeGreaterThanOrEqual(exp - 50);
      expect(ended.at - exp).toBeLessThan(10000);
    } finally {
      await client.dispose();
    }
  });
});

/**
 * PostgreSQL only. The hub reaches the server through a TCP proxy the test cuts (connections reset, new
 * ones refused) and restores. PGlite runs inside the hub's process and has no outage of its own to
 * simulate: closing the instance under a running hub makes kysely's PGlite dialect wait forever on the
 * next transaction (its begin promise never settles), so on PGlite this test is skipped.
 */
const onPostgres = !!process.env.DATABASE_URL;
if (!onPostgres) {
  console.info('hardening-http: the database outage test runs on PostgreSQL only (set DATABASE_URL); skipped on PGlite');
}
(onPostgres ? describe : describe.skip)('database outage (PostgreSQL only: skipped on PGlite)', () => {
  let db: TestDatabase;
  let hub: Hub;
  let proxy: TcpProxy;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig(db);
    const target = new URL(db.databaseUrl!);
    proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    config.databaseUrl = target.toString();
    hub = await startHub(config);
    token = signToken(config.jwt, { subject: 'outage', role: Role.planner });
  });

  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await hub?.stop();
    await proxy?.close();
    await db?.drop();
  });

  const items = '{ items(first: 1) { totalCount } }';
  const createItem = 'mutation { createItem(input: { sku: "OUTAGE-1", name: "x", type: RAW }) { item { id } } }';

  test('queries, mutations and WebSocket operations answer SERVICE_UNAVAILABLE (503, Retry-After); it passes when the database is back', async () => {
    expect((await post(hub.url, { query: items }, token)).status).toBe(200);

    await proxy.cut();

    for (const query of [items, createItem]) {
      const a = await post(hub.url, { query }, token);
      expect({ status: a.status, code: code(a.body), retryAfter: a.headers.get('retry-after') }).toEqual({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        retryAfter: '5',
      });
      expect(a.body.errors?.[0].message).toMatch(/database is not reachable/);
    }
    const health = await fetch(hub.url.replace(/\/graphql$/, '/healthz'));
    expect(health.status).toBe(503);

    const ws = wsClient(hub.wsUrl, token);
    try {
      expect(code(await wsOnce(ws, items))).toBe('SERVICE_UNAVAILABLE');
      expect(code(await wsOnce(ws, 'subscription { stockChanged { seq } }'))).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await ws.dispose();
    }

    // A retry once the database is back succeeds: it was an outage, not a bug.
    await proxy.restore();
    const deadline = Date.now() + 30000;
    let last: Answer | undefined;
    while (Date.now() < deadline) {
      last = await post(hub.url, { query: createItem }, token);
      if (last.status === 200 && !last.body.errors) break;
      expect(code(last.body)).toBe('SERVICE_UNAVAILABLE');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(last?.body.errors).toBeUndefined();
    expect(last?.status).toBe(200);
  });
});
