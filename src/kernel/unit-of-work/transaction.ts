import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Ctx, TxCtx } from './context';
import { appendEvents } from '../events/event-log.service';
import { eventsCommitted } from '../events/commit-signal';
import type { PendingEvent } from '../events/event-types';
import { deferredWriteName, type SqlWrite } from '../db/sql-write';
import { recalledRowChanged } from './recalled-reads';
import { sameRequestOrConflict, type KeyedRecord } from '../common/idempotency';

/** How a use case's work may be run. */
export interface WorkOptions {
  /**
   * The work only reads before it writes, what it reads may be read outside a transaction (reference data
   * the writes' foreign keys still guard, or that its statement checks: `readRecalling`, which may then
   * answer from memory), and it writes only through `record` and `deferWrite`: then its
   * writes are the one statement `appendEvents` sends, and that statement is sent alone. A single statement
   * is atomic, so there is no BEGIN or COMMIT to wait for, and the rows it locks (a balance row every
   * receipt of an item shares: issue 8's P3) are held while it runs only. If the work turns out to have more
   * to write — the ORM has changes to flush, or it calls `beforeWriteNow` — it runs again in a transaction;
   * so it does when a row it recalled has changed, or it refuses on a recalled row (recalled-reads.ts).
   */
  oneStatement?: boolean;
}

/**
 * Runs one use case as one transaction: the work, the flush and the events it recorded commit together
 * or not at all — a failed mutation writes nothing.
 */
export async function inTransaction<T>(ctx: Ctx, work: (tx: TxCtx) => Promise<T>, options: WorkOptions = {}): Promise<T> {
  if (options.oneStatement) {
    const done = await inOneStatement(ctx, work);
    if (done) return done.result;
  }
  // Nested in a transaction of the caller's, this one commits with it, out of our sight: its statement
  // carries the NOTIFY instead of our telling the streams.
  const nested = ctx.em.isInTransaction();
  let appended = false;
  const result = await ctx.em.transactional(async (em) => {
    const tx: TxCtx = { em, actor: ctx.actor, runtime: ctx.runtime, events: [], writes: [], checks: [] };
    const done = await work(tx);
    await em.flush();
    await appendEvents(em, tx.events, ctx.actor, ctx.runtime.deliveryRoutes, tx.writes, tx.checks, nested);
    appended = tx.events.length > 0;
    return done;
  });
  if (appended && !nested) eventsCommitted(ctx.em);
  return result;
}

/** Thrown by `beforeWriteNow` outside a transaction: the one-statement attempt gives up, having written nothing. */
class NeedsTransaction extends Error {}

/** The work outside a transaction, then its writes as one statement; null when they are more than that statement. */
async function inOneStatement<T>(ctx: Ctx, work: (tx: TxCtx) => Promise<T>): Promise<{ result: T } | null> {
  const em = ctx.em.fork();
  const tx: TxCtx = { em, actor: ctx.actor, runtime: ctx.runtime, events: [], writes: [], checks: [], outsideTransaction: true };
  let result: T;
  try {
    result = await work(tx);
  } catch (e) {
    // A refusal may rest on a recalled row that no statement has checked: the transaction reads afresh.
    if (e instanceof NeedsTransaction || tx.checks.length > 0) return null;
    throw e;
  }
  if (!nothingToFlush(em)) return null;
  try {
    await appendEvents(em, tx.events, ctx.actor, ctx.runtime.deliveryRoutes, tx.writes, tx.checks);
  } catch (e) {
    // A row the work recalled had changed: the statement wrote nothing, and the transaction reads afresh.
    if (recalledRowChanged(e)) return null;
    throw e;
  }
  // Sent alone, the statement has committed.
  if (tx.events.length > 0) eventsCommitted(em);
  return { result };
}

/** What `em.flush()` would find to write: nothing at all. */
function nothingToFlush(em: TxCtx['em']): boolean {
  const uow = em.getUnitOfWork();
  uow.computeChangeSets();
  return (
    uow.getChangeSets().length === 0 &&
    uow.getCollectionUpdates().length === 0 &&
    uow.getExtraUpdates().size === 0 &&
    uow.getRemoveStack().size === 0
  );
}

/**
 * Called before a statement that writes at once rather than with the commit statement: a work tried as one
 * statement (`oneStatement`) runs outside a transaction, and starts again inside one from here.
 */
export function beforeWriteNow(tx: TxCtx): void {
  if (tx.outsideTransaction) throw new NeedsTransaction('a write before the one statement needs a transaction');
}

export function record(tx: TxCtx, event: PendingEvent): void {
  tx.events.push(event);
}

/**
 * An insert the use case needs nothing back from (no generated value, no row read later in the same
 * transaction): it is sent as part of the statement that appends the events, after the ORM's flush, so
 * it costs no round trip of its own. A constraint it breaks fails that statement and the transaction.
 * Returns the name of its CTE, which an event's `dataFromSql` may read (what it `returning`s).
 */
export function deferWrite(tx: TxCtx, write: SqlWrite): string {
  return deferredWriteName(tx.writes.push(write) - 1);
}

/** A keyed use case: the key, the fingerprint of this request, and how to find the first result. */
export interface Idempotency<T> {
  /** The input field that carries the key (`idempotencyKey`, `clientEventId`), named in errors. */
  field: string;
  /** No key: the call is not idempotent and simply runs. */
  key: string | undefined;
  /** `requestFingerprint(operation, input)`: stored with the first result, compared on a replay. */
  fingerprint: string;
  /** What a request is called in the error message ("request", "event"). */
  what?: string;
  /** The first result under this key, with its stored fingerprint, or null. */
  earlier: (ctx: Ctx) => Promise<KeyedRecord<T> | null>;
}

/**
 * Idempotent use case (key + fingerprint, see idempotency.ts): a replay of the same request returns the
 * first result; the key reused for another request is CONFLICT and writes nothing. A concurrent
 * duplicate loses on the unique key at commit, and then gets the winner's result (or the CONFLICT),
 * never a second effect. `work` gets `replay` to look again once it holds its locks.
 */
export async function idempotent<T>(
  ctx: Ctx,
  keyed: Idempotency<T>,
  work: (tx: TxCtx, replay: (ctx: Ctx) => Promise<T | null>) => Promise<T>,
  options: WorkOptions = {},
): Promise<T> {
  const replay = async (c: Ctx): Promise<T | null> =>
    keyed.key ? sameRequestOrConflict(await keyed.earlier(c), keyed.fingerprint, keyed.field, keyed.key, keyed.what) : null;
  const earlier = await replay(ctx);
  if (earlier !== null) return earlier;
  try {
    return await inTransaction(ctx, (tx) => work(tx, replay), options);
  } catch (e) {
    if (!(e instanceof UniqueConstraintViolationException) || !keyed.key) throw e;
    ctx.em.clear();
    const winner = await replay(ctx);
    if (winner === null) throw e;
    return winner;
  }
}
