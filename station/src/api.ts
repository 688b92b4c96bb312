import type { TypedDocumentString } from './generated/graphql.js';

/** NETWORK when the hub cannot be reached (try again later); otherwise the GraphQL error's own code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export const isNetwork = (e: unknown) => e instanceof ApiError && e.code === 'NETWORK';

/** GraphQL over HTTP with the station's token. */
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
    // A proxy or a restarting hub answers without GraphQL: that is "not reachable" too, and worth retrying.
    if (res.status >= 502) throw new ApiError(`The hub answered ${res.status}`, 'NETWORK');
    let body: { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ApiError(`The hub answered ${res.status}`, 'NETWORK');
    }
    if (body.errors?.length) throw new ApiError(body.errors[0].message, body.errors[0].extensions?.code ?? 'ERROR');
    return body.data as R;
  }
}
