import type { ServerResponse } from 'node:http';
import express from 'express';
import { Kind, OperationTypeNode, parse, type DocumentNode } from 'graphql';
import type { Actor } from '../kernel/auth/actor';
import { DomainError, ErrorCode } from '../kernel/common/errors';
import { SIGN_IN } from '../kernel/auth/auth-checker';

/**
 * Authentication before GraphQL: a request without a valid token is refused with 401 before its query
 * is parsed or validated, so an anonymous caller cannot make the hub spend time on large documents.
 *
 * The one exception is schema introspection, while it is allowed anonymously (GRAPHQL_INTROSPECTION=true,
 * the default outside production). It is recognized cheaply and strictly: a body of at most
 * ANONYMOUS_BODY_LIMIT bytes whose query parses within ANONYMOUS_MAX_TOKENS tokens into query operations
 * that select only `__schema`, `__type` and `__typename` at the root, with at most one `__schema` or
 * `__type` field in all — the standard introspection query fits; thirty aliased copies of it do not.
 * Whatever passes still goes through the normal parsing, validation and limits.
 */
export const ANONYMOUS_BODY_LIMIT = 8 * 1024;
export const ANONYMOUS_MAX_TOKENS = 1000;

/** The hub's authentication: throws UNAUTHENTICATED for a bad token, returns a null actor for none. */
export type Authenticate = (header: unknown) => { actor: Actor | null };

/** True when `query` is a small introspection-only document an anonymous caller may send. */
export function isAnonymousIntrospection(query: unknown): boolean {
  if (typeof query !== 'string' || Buffer.byteLength(query) > ANONYMOUS_BODY_LIMIT) return false;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: ANONYMOUS_MAX_TOKENS, noLocation: true });
  } catch {
    return false;
  }
  let schemaFields = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) continue;
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== OperationTypeNode.QUERY) return false;
    for (const selection of definition.selectionSet.selections) {
      // Fragments at the root could select anything; a plain field's name says what it is.
      if (selection.kind !== Kind.FIELD) return false;
      const name = selection.name.value;
      if (name === '__schema' || name === '__type') schemaFields++;
      else if (name !== '__typename') return false;
    }
  }
  return schemaFields <= 1;
}

/** Answers 401 in GraphQL's shape, with the message of the refusal (a bad token's reason, or sign in). */
export function refuseUnauthenticated(res: ServerResponse, reason: unknown, onRefused: () => void): void {
  onRefused();
  const message = typeof reason === 'string' ? reason : reason instanceof DomainError ? reason.message : SIGN_IN;
  const body = JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
  res.writeHead(401, {
    'www-authenticate': 'Bearer',
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Express middleware for the GraphQL route, mounted before the JSON body parser: a bad token is refused
 * at once; an anonymous request may only be a small introspection query (when `allowIntrospection`),
 * and its body is read with the small limit — a larger one is refused without being read.
 */
export function httpGuard(
  authenticate: Authenticate,
  allowIntrospection: boolean,
  /** Told of each request refused here, so the request log and metrics count it like any other. */
  onRefused: () => void = () => undefined,
): express.RequestHandler {
  const readSmallBody = express.json({ limit: ANONYMOUS_BODY_LIMIT });
  const anonymousRefusal = allowIntrospection ? `${SIGN_IN}; without a token only a small schema introspection query is answered` : SIGN_IN;
  return (req, res, next) => {
    let actor: Actor | null;
    try {
      actor = authenticate(req.headers.authorization).actor;
    } catch (e) {
      return refuseUnauthenticated(res, e, onRefused);
    }
    if (actor) return next();
    if (req.method === 'GET') {
      // Without a query there is nothing to parse (the IDE's landing page, or Apollo's own 400); a
      // persisted-query hash is not an introspection query.
      if (req.query.query === undefined && req.query.extensions === undefined) return next();
      return allowIntrospection && isAnonymousIntrospection(req.query.query)
        ? next()
        : refuseUnauthenticated(res, anonymousRefusal, onRefused);
    }
    if (req.method !== 'POST') return next();
    if (!allowIntrospection) return refuseUnauthenticated(res, anonymousRefusal, onRefused);
    if (Number(req.headers['content-length'] ?? 0) > ANONYMOUS_BODY_LIMIT) return refuseUnauthenticated(res, anonymousRefusal, onRefused);
    readSmallBody(req, res, (err?: unknown) => {
      if (err) return refuseUnauthenticated(res, anonymousRefusal, onRefused);
      const body = req.body as { query?: unknown } | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body) || !isAnonymousIntrospection(body.query)) {
        return refuseUnauthenticated(res, anonymousRefusal, onRefused);
      }
      next();
    });
  };
}
