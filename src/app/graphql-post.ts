import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import getRawBody from 'raw-body';
import type { Actor } from '../kernel/auth/actor';
import type { GqlContext } from '../kernel/graphql/context';
import { ErrorCode } from '../kernel/common/errors';
import { refuseUnauthenticated } from './http-guard';
import { KnownReads, type KnownRead } from './known-reads';
import type { OperationRecord } from './observability/request-log';
import { mayBeSpliced, splicedAnswer } from '../kernel/graphql/read-plan/spliced-reads';
import { markCut } from '../kernel/graphql/read-plan/cut';

export interface GraphqlPostOptions {
  apollo: ApolloServer<GqlContext>;
  /** Throws for a bad token, gives a null actor for none. */
  authenticate: (header: unknown) => { actor: Actor | null; exp?: number };
  contextFor: (actor: Actor, exp: number | undefined) => GqlContext;
  /** REQUEST_SIZE_LIMIT, as Express's body parser reads it ("1mb"). */
  limit: string;
  onRefused: () => void;
  /**
   * Queries Apollo has accepted and compiled before, which this path then runs itself (see `answerKnownRead`);
   * absent, every request goes through Apollo.
   */
  fast?: {
    known: KnownReads;
    schema: GraphQLSchema;
    /** What the request log's Apollo plugin records for an answered operation. */
    answered: (record: Omit<OperationRecord, 'transport'>) => void;
  };
}

/**
 * True when every Apollo plugin that hooks into requests is one of `covered` — those whose hooks do nothing
 * for an answer without errors but what the fast path does itself. Apollo installs some plugins on its own
 * (usage reporting with an APOLLO_KEY, for one); with any other plugin, or an Apollo whose internals have
 * moved, the fast path stays off and every request goes through Apollo.
 */
export function fastPathCovers(apollo: ApolloServer<GqlContext>, covered: ReadonlySet<unknown>): boolean {
  const plugins = (apollo as unknown as { internals?: { plugins?: unknown } }).internals?.plugins;
  if (!Array.isArray(plugins)) return false;
  return plugins.every((p) => covered.has(p) || !(p as { requestDidStart?: unknown }).requestDidStart);
}

/** The body of a request the fast path may take: nothing but a query, an operation name and variables. */
interface PlainBody {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const plainJson = /^application\/json(\s*;\s*charset=utf-8)?$/i;

/**
 * Accept headers whose answer is `application/json; charset=utf-8`, as Apollo negotiates it (no header, or one
 * that prefers JSON to application/graphql-response+json); any other goes through Apollo.
 */
const JSON_ACCEPTED = new Set([undefined, '*/*', 'application/json', 'application/json, */*', 'application/json, text/plain, */*']);
const JSON_TYPE = 'application/json; charset=utf-8';

function isPlainBody(body: unknown): body is PlainBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  for (const key in body) {
    const value = (body as Record<string, unknown>)[key];
    if (key === 'query') {
      if (typeof value !== 'string' || value === '') return false;
    } else if (key === 'operationName') {
      if (value !== null && typeof value !== 'string') return false;
    } else if (key === 'variables') {
      if (value !== null && (typeof value !== 'object' || Array.isArray(value))) return false;
    } else return false;
  }
  return typeof (body as { query?: unknown }).query === 'string';
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
    const fast = options.fast;
    if (fast && isPlainBody(body) && plainJson.test(req.headers['content-type'] ?? '') && JSON_ACCEPTED.has(req.headers.accept)) {
      const read = fast.known.find(body.query, body.operationName ?? undefined);
      const variables = body.variables ?? {};
      if (
        read &&
        (!read.operation.variableDefinitions?.length ||
          !getVariableValues(fast.schema, read.operation.variableDefinitions, variables).errors)
      ) {
        const handed = await answerKnownRead(res, read, options.contextFor(actor, exp), variables, fast.answered);
        if (!handed) return true;
        return answerWithApollo(options.apollo, req, res, body, () => handed);
      }
    }
    return answerWithApollo(options.apollo, req, res, body, () => options.contextFor(actor, exp));
  };
}

/**
 * Runs a known read as Apollo would run it (the same compiled query, context and variables) and, when it has
 * no errors, answers as Apollo answers one: 200, `application/json; charset=utf-8`, `{"data":…}` and a newline,
 * and one line in the request log. Apollo's per-request work that this skips — hashing the text to find its
 * parsed document, negotiating the content type, the CSRF check (a JSON body passes it), copying the context
 * and the plugin hooks, which do nothing for an answer without errors but the request log's — is not needed
 * for such a request. A result with errors (or a query that throws) is not written here: the context it ran
 * with is returned, carrying the result for Apollo to format and answer (see KnownReads.handOver).
 */
async function answerKnownRead(
  res: ServerResponse,
  read: KnownRead,
  context: GqlContext,
  variables: Record<string, unknown>,
  answered: (record: Omit<OperationRecord, 'transport'>) => void,
): Promise<GqlContext | undefined> {
  const started = performance.now();
  let text = read.spliced && mayBeSpliced(read.spliced.read, context) ? await splicedText(read.spliced, context, variables) : undefined;
  if (text === undefined) {
    let result: ExecutionResult;
    try {
      const value = read.compiled.query(undefined, context, variables);
      result = value instanceof Promise ? await value : value;
    } catch (thrown) {
      KnownReads.handOver(context, { thrown });
      return context;
    }
    if (result.errors?.length) {
      KnownReads.handOver(context, { result });
      return context;
    }
    text = JSON.stringify({ data: result.data, extensions: result.extensions });
  }
  text += '\n';
  res.writeHead(200, ['content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(text))]);
  res.end(text);
  answered({
    operation: read.operation.name?.value || null,
    type: read.operation.operation,
    actor: context.actor,
    durationMs: performance.now() - started,
    codes: [],
  });
  return undefined;
}

/**
 * The answer of a known read's spliced form (spliced-reads.ts), or undefined when it has errors or throws, or
 * an entity it named is gone: the whole query then runs instead, so what the caller sees is its answer.
 */
async function splicedText(
  spliced: NonNullable<KnownRead['spliced']>,
  context: GqlContext,
  variables: Record<string, unknown>,
): Promise<string | undefined> {
  markCut(context, spliced.read.cut);
  try {
    const result = await spliced.compiled.query(undefined, context, variables);
    if (result.errors?.length) return undefined;
    return await splicedAnswer(spliced.read, result, context.em);
  } catch {
    return undefined;
  } finally {
    markCut(context, undefined);
  }
}

/** Apollo's answer to the request, written as it gives it. */
async function answerWithApollo(
  apollo: ApolloServer<GqlContext>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  contextValue: () => GqlContext,
): Promise<boolean> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const answer = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body },
    context: () => Promise.resolve(contextValue()),
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
}
