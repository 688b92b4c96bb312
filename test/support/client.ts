import { print, type GraphQLFormattedError } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

export type RawResult = { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
export type Vars<V> = V extends Record<string, never> ? undefined : V;

/** A GraphQL client over real HTTP (fetch), typed by the documents codegen made from test/operations. */
export class HttpClient {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  async raw(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: RawResult }> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as RawResult };
  }

  async exec<R, V>(doc: TypedDocumentNode<R, V>, variables?: V) {
    const { body } = await this.raw({ query: print(doc), variables });
    return body as { data?: R | null; errors?: GraphQLFormattedError[] };
  }

  /** Runs the operation and fails the test with the server's message if it errored. */
  async ok<R, V>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    const res = await this.exec(doc, variables);
    if (res.errors?.length)
      throw new Error(`GraphQL error: ${res.errors.map((e) => `${String(e.extensions?.code)}: ${e.message}`).join('; ')}`);
    return res.data as R;
  }

  /** Runs the operation expecting it to fail; returns the first error. */
  async fail<R, V>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<GraphQLFormattedError & { code: string }> {
    const res = await this.exec(doc, variables);
    if (!res.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
    return { ...res.errors[0], code: String(res.errors[0].extensions?.code) };
  }
}

/** A graphql-ws client (the real protocol over a real socket). */
export function wsClient(url: string, token?: string, onClose?: (code: number, reason: string) => void): WsClient {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // Tests look at close codes themselves; the client's own console report is noise.
    onNonLazyError: () => undefined,
    on: onClose
      ? {
          closed: (e) => {
            const c = e as { code: number; reason: string };
            onClose(c.code, String(c.reason));
          },
        }
      : undefined,
  });
}

/** Collects a subscription's events; `next(n)` waits until n have arrived. */
export class Collector<T> {
  readonly items: T[] = [];
  readonly errors: unknown[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  private dispose: () => void = () => undefined;

  static start<R, V>(client: WsClient, doc: TypedDocumentNode<R, V>, variables?: V): Collector<R> {
    const c = new Collector<R>();
    c.dispose = client.subscribe<R>(
      { query: print(doc), variables: variables as Record<string, unknown> | undefined },
      {
        next: (v) => {
          if (v.errors?.length) c.errors.push(...v.errors);
          if (v.data) c.push(v.data);
          else c.wake();
        },
        error: (e) => {
          c.errors.push(e);
          c.wake();
        },
        complete: () => undefined,
      },
    );
    return c;
  }

  private push(item: T) {
    this.items.push(item);
    this.wake();
  }

  wake() {
    this.waiters = this.waiters.filter((w) => {
      if (this.items.length >= w.n || this.errors.length) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  async count(n: number, timeoutMs = 15000): Promise<T[]> {
    if (this.items.length < n && !this.errors.length) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`got ${this.items.length} of ${n} events: ${JSON.stringify(this.items)}`)),
          timeoutMs,
        );
        this.waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    if (this.errors.length) throw new Error(`subscription failed: ${JSON.stringify(this.errors)}`);
    return this.items;
  }

  /** Waits until the events so far satisfy `done` (for streams that replay history first). */
  async until(done: (items: T[]) => boolean, timeoutMs = 15000): Promise<T[]> {
    const end = Date.now() + timeoutMs;
    while (!done(this.items)) {
      if (this.errors.length) throw new Error(`subscription failed: ${JSON.stringify(this.errors)}`);
      if (Date.now() > end) throw new Error(`condition not met; events so far: ${JSON.stringify(this.items)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.items;
  }

  stop() {
    this.dispose();
  }
}
