import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './generated/graphql.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** GraphQL over HTTP with the portal token; errors keep their code so the page can say the right thing. */
export class Api {
  constructor(private readonly token: string) {}

  async request<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
    let res: Response;
    try {
      res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query: doc.toString(), variables }),
      });
    } catch {
      throw new ApiError('The hub cannot be reached', 'NETWORK');
    }
    const body = (await res.json()) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new ApiError(body.errors[0].message, body.errors[0].extensions?.code ?? 'ERROR');
    return body.data as R;
  }
}

export interface LiveFeed {
  stop(): void;
}

/**
 * A subscription that survives a lost connection: graphql-ws reconnects with backoff, and every time it
 * is connected again the subscription is made anew from the last sequence seen, so nothing is missed and
 * nothing arrives twice. `onStatus` drives the "connection lost" banner.
 */
export function liveFeed<R extends Record<string, { seq: string }>, V extends { fromSeq?: string | null }>(
  token: string,
  doc: TypedDocumentString<R, V>,
  onEvent: (event: R) => void,
  onStatus: (status: 'online' | 'offline' | 'expired') => void,
): LiveFeed {
  let lastSeq: string | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const client: Client = createClient({
    url,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    shouldRetry: () => !stopped,
    retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** retries))),
    on: {
      connected: () => {
        onStatus('online');
        subscribe();
      },
      closed: (event) => {
        if (stopped) return;
        const code = (event as CloseEvent | undefined)?.code;
        onStatus(code === 4403 ? 'expired' : 'offline');
      },
    },
    lazy: false,
  });

  function subscribe() {
    unsubscribe?.();
    unsubscribe = client.subscribe<R>(
      { query: doc.toString(), variables: { fromSeq: lastSeq ?? null } },
      {
        next: (value) => {
          if (value.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return onStatus('expired');
          if (!value.data) return;
          const first = Object.values(value.data)[0];
          if (first?.seq) lastSeq = first.seq;
          onEvent(value.data);
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }

  return {
    stop() {
      stopped = true;
      unsubscribe?.();
      void client.dispose();
    },
  };
}
