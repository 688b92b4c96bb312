import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, type DocumentNode, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { Actor } from '../../kernel/auth/actor';
import type { GqlContext } from '../../kernel/graphql/context';
import type { HubMetrics, Transport } from './metrics';

/** Codes that mean the hub failed: logged at error level. Anything else (a caller's mistake, or a retryable
 * SERVICE_UNAVAILABLE such as a subscription ended by a shutdown) is a warning. */
const SERVER_CODES = new Set(['INTERNAL_SERVER_ERROR']);

export interface OperationRecord {
  operation: string | null;
  type: string;
  transport: Transport;
  actor: Actor | null | undefined;
  durationMs?: number;
  /** The formatted errors' codes, in order; empty when the operation succeeded. */
  codes: string[];
}

const codesOf = (errors: readonly GraphQLFormattedError[] | undefined): string[] =>
  (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));

/**
 * One log line per GraphQL operation, over HTTP and WebSocket alike: name, type, role, subject, duration
 * and outcome (OK or the first error's code). OK is info, a caller's mistake (FORBIDDEN, BAD_USER_INPUT,
 * NOT_FOUND, …) warn, a failure of the hub error. The same record feeds the request metrics.
 */
export class RequestLog {
  constructor(
    private readonly log: Logger,
    private readonly metrics?: HubMetrics,
  ) {}

  record(r: OperationRecord): void {
    const outcome = r.codes[0] ?? 'OK';
    const level = outcome === 'OK' ? 'info' : SERVER_CODES.has(outcome) ? 'error' : 'warn';
    const line: Record<string, unknown> = {
      operation: r.operation ?? null,
      type: r.type,
      transport: r.transport,
      role: r.actor?.role ?? 'anonymous',
      subject: r.actor?.subject ?? null,
      durationMs: r.durationMs === undefined ? null : Math.round(r.durationMs * 10) / 10,
      outcome,
    };
    if (r.actor?.partnerId) line.partnerId = r.actor.partnerId;
    if (r.actor?.deviceId) line.deviceId = r.actor.deviceId;
    if (r.codes.length > 1) line.errors = r.codes.length;
    this.log[level](line, 'graphql operation');
    this.metrics?.recordOperation({
      operation: r.operation ?? '(anonymous)',
      type: r.type,
      transport: r.transport,
      seconds: r.durationMs === undefined ? undefined : r.durationMs / 1000,
      codes: r.codes,
    });
  }

  /** The Apollo Server side: every HTTP request that reaches GraphQL, including ones that do not parse. */
  apolloPlugin(): ApolloServerPlugin<GqlContext> {
    return {
      requestDidStart: () => {
        const started = performance.now();
        return Promise.resolve({
          willSendResponse: (rc) => {
            const body = rc.response.body;
            const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
            this.record({
              operation: rc.operationName ?? null,
              type: rc.operation?.operation ?? 'unknown',
              transport: 'http',
              actor: rc.contextValue?.actor,
              durationMs: performance.now() - started,
              codes: codesOf(errors),
            });
            return Promise.resolve();
          },
        });
      },
      // A bad token fails before any request hook runs; it is an operation refused all the same.
      contextCreationDidFail: ({ error }) => {
        const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
        this.record({
          operation: null,
          type: 'unknown',
          transport: 'http',
          actor: null,
          codes: [typeof code === 'string' ? code : 'UNAUTHENTICATED'],
        });
        return Promise.resolve();
      },
    };
  }

  /**
   * Wraps graphql-ws server options so each operation on a socket is logged when it ends (a subscription
   * when it completes or fails, with how long it lived), and the connections gauge follows the sockets.
   */
  instrumentWs<P extends Record<string, unknown>, E extends { auth?: { actor: Actor | null } }>(
    options: ServerOptions<P, E>,
  ): ServerOptions<P, E> {
    interface Pending {
      started: number;
      operation: string | null;
      type: string;
      codes: string[];
    }
    type Ctx = Parameters<NonNullable<ServerOptions<P, E>['onComplete']>>[0];
    const pending = new WeakMap<object, Map<string, Pending>>();
    const counted = new WeakSet<object>();
    const ops = (ctx: Ctx) => {
      let m = pending.get(ctx);
      if (!m) pending.set(ctx, (m = new Map<string, Pending>()));
      return m;
    };
    const finish = (ctx: Ctx, id: string) => {
      const p = ops(ctx).get(id);
      if (!p) return;
      ops(ctx).delete(id);
      this.record({
        operation: p.operation,
        type: p.type,
        transport: 'ws',
        actor: ctx.extra.auth?.actor,
        durationMs: performance.now() - p.started,
        codes: p.codes,
      });
    };
    /** The socket is gone: the gauge goes down, and what ran on it is logged as it stood. */
    const closed = (ctx: Ctx) => {
      if (counted.delete(ctx)) this.metrics?.connectionClosed();
      for (const id of [...ops(ctx).keys()]) finish(ctx, id);
    };
    const operationOf = (document: DocumentNode, name?: string | null) => {
      const ast = getOperationAST(document, name);
      return { operation: name ?? ast?.name?.value ?? null, type: ast?.operation ?? 'unknown' };
    };

    return {
      ...options,
      onConnect: async (ctx) => {
        const ok = await options.onConnect?.(ctx);
        if (ok !== false) {
          counted.add(ctx);
          this.metrics?.connectionOpened();
          // graphql-ws calls onClose only once the socket's subscriptions have returned, and a subscription
          // waiting for its next event returns late; the socket's own close event is on time.
          const socket = (ctx.extra as { socket?: { once(event: 'close', listener: () => void): void } }).socket;
          socket?.once('close', () => closed(ctx));
        }
        return ok;
      },
      onClose: async (ctx, code, reason) => {
        closed(ctx);
        await options.onClose?.(ctx, code, reason);
      },
      onSubscribe: async (ctx, id, payload) => {
        const started = performance.now();
        const result = await options.onSubscribe?.(ctx, id, payload);
        if (Array.isArray(result)) {
          // Refused before it ran (expired token, a parse or validation error, a limit): no onComplete follows.
          const errors = result as readonly { extensions?: Record<string, unknown> }[];
          ops(ctx).set(id, {
            started,
            operation: payload.operationName ?? null,
            type: 'unknown',
            codes: codesOf(errors as GraphQLFormattedError[]),
          });
          finish(ctx, id);
          return result as readonly GraphQLError[];
        }
        const args = result as { document?: DocumentNode } | void;
        const named = args?.document
          ? operationOf(args.document, payload.operationName)
          : { operation: payload.operationName ?? null, type: 'unknown' };
        ops(ctx).set(id, { started, ...named, codes: [] });
        return result;
      },
      // Not async: every event goes through here once per socket, and an answer without errors has nothing to wait for.
      onNext: (ctx, id, payload, args, result) => {
        const noted = (formatted: { errors?: readonly (GraphQLFormattedError | GraphQLError)[] }) => {
          const p = ops(ctx).get(id);
          if (p && p.codes.length === 0 && formatted.errors?.length) p.codes = codesOf(formatted.errors);
          return formatted === result ? undefined : formatted;
        };
        const formatted = options.onNext?.(ctx, id, payload, args, result);
        return formatted instanceof Promise ? formatted.then((f) => noted(f ?? result)) : noted(formatted ?? result);
      },
      onError: async (ctx, id, payload, errors) => {
        const formatted = (await options.onError?.(ctx, id, payload, errors)) ?? errors.map((e) => e.toJSON());
        const p = ops(ctx).get(id);
        if (p && p.codes.length === 0) p.codes = codesOf(formatted);
        // A subscription that fails once running is followed by onComplete; one that fails to start is not.
        if (p && p.type === 'unknown') finish(ctx, id);
        return formatted;
      },
      onComplete: async (ctx, id, payload) => {
        await options.onComplete?.(ctx, id, payload);
        finish(ctx, id);
      },
    };
  }
}
