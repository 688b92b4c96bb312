import { request } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { TestHub } from './hub';

/**
 * The same request sent twice to a hub: the first time Apollo's whole pipeline answers it, the second
 * time (a known read, src/app/known-reads.ts) the hub's fast path does. `twice` reports both answers byte
 * for byte and which of them reached Apollo, so a test comparing them knows it compared two paths.
 */
export interface Raw {
  status: number;
  /** Header names and values in the order sent, without Date's value. */
  headers: string[];
  body: string;
}

export function postRaw(url: string, body: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        const raw = res.rawHeaders.map((v, i) => (i % 2 === 1 && res.rawHeaders[i - 1].toLowerCase() === 'date' ? '<date>' : v));
        resolve({ status: res.statusCode ?? 0, headers: raw, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface Twice {
  first: Raw;
  second: Raw;
  firstToApollo: number;
  secondToApollo: number;
}

/** Counts the requests that reach Apollo; `restore` when the file is done. */
export function apolloCounter() {
  const spy = jest.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');
  return { calls: () => spy.mock.calls.length, clear: () => spy.mockClear(), restore: () => spy.mockRestore() };
}

export async function twice(
  t: TestHub,
  apollo: ReturnType<typeof apolloCounter>,
  body: unknown,
  caller: { role?: string; partnerId?: string; headers?: Record<string, string> } = {},
): Promise<Twice> {
  const token = t.token((caller.role ?? 'planner') as 'planner', caller.partnerId);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...caller.headers };
  const text = JSON.stringify(body);
  apollo.clear();
  const first = await postRaw(t.hub.url, text, headers);
  const firstToApollo = apollo.calls();
  apollo.clear();
  const second = await postRaw(t.hub.url, text, headers);
  return { first, second, firstToApollo, secondToApollo: apollo.calls() };
}
