import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import getRawBody from 'raw-body';
import type { Actor } from '../kernel/auth/actor';
import type { GqlContext } from '../kernel/graphql/context';
import { ErrorCode } from '../kernel/common/errors';
import { refuseUnauthenticated } from './http-guard';

export interface GraphqlPostOptions {
  apollo: ApolloServer<GqlContext>;
  /** Throws for a bad token, gives a null actor for none. */
  authenticate: (header: unknown) => { actor: Actor | null; exp?: number };
  contextFor: (actor: Actor, exp: number | undefined) => GqlContext;
  /** REQUEST_SIZE_LIMIT, as Express's body parser reads it ("1mb"). */
  limit: string;
  onRefused: () => void;
}

/** The one kind of request this path takes: a JSON POST to /graphql, not compressed. */
export function isPlainGraphqlPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const type = req.headers['content-type'];
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  return encoding === undefined || encoding.toLowerCase() === 'identity';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * POST /graphql from node:http straight to Apollo: the request every client sends, with a token, answered
 * without Express's router, body parser and response helpers (a quarter of the CPU of a small query).
 * Returns false, having read nothing, for an anonymous caller: the Express route's guard decides what
 * such a caller may ask (a small introspection query, see http-guard.ts). Compressed or non-JSON bodies
 * never come here (`isPlainGraphqlPost`). Refusals are worded as on the Express route.
 */
export function graphqlPost(options: GraphqlPostOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    let auth: { actor: Actor | null; exp?: number };
    try {
      auth = options.authenticate(req.headers.authorization);
    } catch (e) {
      refuseUnauthenticated(res, e, options.onRefused);
      return true;
    }
    const { actor, exp } = auth;
    if (!actor) return false;
    let text: string;
    try {
      text = await getRawBody(req, { limit: options.limit, length: req.headers['content-length'], encoding: 'utf-8' });
    } catch (e) {
      const err = e as { type?: string; status?: number; message: string };
      if (err.type === 'entity.too.large') {
        sendJson(res, 413, {
          errors: [{ message: `The request body is larger than ${options.limit}`, extensions: { code: ErrorCode.BAD_USER_INPUT } }],
        });
      } else if (!res.headersSent && !req.destroyed) {
        sendJson(res, err.status ?? 400, { errors: [{ message: err.message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
      }
      return true;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      sendJson(res, 400, {
        errors: [
          { message: `The request body is not valid JSON: ${(e as Error).message}`, extensions: { code: ErrorCode.BAD_USER_INPUT } },
        ],
      });
      return true;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const answer = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body },
      context: () => Promise.resolve(options.contextFor(actor, exp)),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(answer.body.string));
      res.end(answer.body.string);
      return true;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
    return true;
  };
}
