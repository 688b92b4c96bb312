import type { EntityManager } from '../db/orm';
import type { Actor } from '../auth/actor';
import type { PendingEvent } from '../events/event-types';
import type { SqlCheck, SqlWrite } from '../db/sql-write';
import type { HubRuntime } from './runtime';

/**
 * The request context every service, job and adapter method takes first (Vendure's habit): who is
 * calling and the request's own forked EntityManager. Never MikroORM's global one.
 */
export interface Ctx {
  em: EntityManager;
  actor: Actor | null;
  runtime: HubRuntime;
}

/** Inside a transaction: the transaction's EntityManager, and the events to append before commit. */
export interface TxCtx extends Ctx {
  events: PendingEvent[];
  /** Inserts that need nothing back, sent with the events in the one statement before commit (see `deferWrite`). */
  writes: SqlWrite[];
  /** What the commit statement must find still true, or fail having written nothing (recalled rows, see recalled-reads.ts). */
  checks: SqlCheck[];
  /**
   * The work runs ahead of its one statement, outside a transaction (`oneStatement`, see inTransaction):
   * it may read, and write only through `record` and `deferWrite`.
   */
  outsideTransaction?: boolean;
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new Error('service called without an actor');
  return ctx.actor;
}
