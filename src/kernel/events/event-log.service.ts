import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../db/orm';
import type { Actor } from '../auth/actor';
import type { LoggedEvent, PendingEvent } from './event-types';
import { deliveriesOf } from '../outbox/delivery-queue';
import { executeStatement } from '../db/prepared-statements';
import { checksHold, deferredWriteName, type SqlCheck, type SqlWrite } from '../db/sql-write';

export const EVENT_CHANNEL = 'mom_hub_events';

/**
 * How events get their place in the log without a global lock (docs/event-log-order.md). An append
 * takes a fresh transaction id from the database (`event_log_next_position()`, a migration) and gives
 * its events the positions `id << 20` + 1, 2, …: unique, and ordered after every transaction whose
 * changes this one saw. Readers read only below `event_log_settled_below()` — the oldest transaction
 * still in flight, shifted alike — where no position can ever be handed out again: what a reader has
 * passed stays complete, and every reader sees the same order.
 */
const MAX_EVENTS_PER_APPEND = 2 ** 20 - 1;

/**
 * Appends events inside the caller's transaction, in one statement with their outbox rows, the writes the
 * use case deferred (`writes`) and the checks it must find true (`checks`, recalled rows). Who commits
 * tells the event streams afterwards (`eventsCommitted`, commit-signal.ts); only with `notify` — a
 * transaction nested in one this code does not commit — does the statement send a NOTIFY, which
 * PostgreSQL delivers on the outer commit, so listeners are woken when the rows become visible and never
 * for a rolled-back change.
 */
export async function appendEvents(
  em: EntityManager,
  events: PendingEvent[],
  actor: Actor | null,
  deliveryRoutes: ReadonlyMap<string, readonly string[]>,
  writes: readonly SqlWrite[] = [],
  checks: readonly SqlCheck[] = [],
  notify = false,
): Promise<void> {
  if (events.length === 0 && writes.length === 0) return;
  if (events.length > MAX_EVENTS_PER_APPEND) throw new Error(`one transaction may append at most ${MAX_EVENTS_PER_APPEND} events`);
  const values: unknown[] = [];
  const ctes: string[] = [];
  writes.forEach((w, i) => {
    ctes.push(`${deferredWriteName(i)} as (${w.sql})`);
    values.push(...w.values);
  });
  if (events.length > 0) {
    const now = new Date();
    const source = actor?.deviceId ?? (actor ? actor.role : null);
    const logged = events.map((e) => ({ ...e, id: randomUUID() }));
    const rows = logged.map((e, i) => {
      values.push(i + 1, e.id, e.type, e.aggregateType, e.aggregateId, JSON.stringify(e.data));
      const computed = Object.entries(e.dataFromSql ?? {});
      computed.forEach(([field]) => values.push(field));
      values.push(actor?.subject ?? null, source, now);
      const data = computed.length
        ? `(?::jsonb || jsonb_build_object(${computed.map(([, sql]) => `?::text, (${sql})`).join(', ')}))`
        : '?::jsonb';
      return `(?::int, ?::uuid, ?, ?, ?::uuid, ${data}, ?, ?, ?::timestamptz)`;
    });
    // After every locking write of the statement: the position is computed from the row of an aggregate
    // over their rows, so they have finished (lock waits included) before it is taken. (A scalar subquery
    // would not do: an InitPlan whose value is not used is never run.)
    const locking = writes.flatMap((w, i) => (w.locks ? [`select 1 from ${deferredWriteName(i)}`] : []));
    ctes.push(
      locking.length
        ? `position as materialized (select event_log_next_position() as base
             from (select count(*) as n from (${locking.join(' union all ')}) as written) as waited where waited.n >= 0)`
        : 'position as materialized (select event_log_next_position() as base)',
      `appended as (insert into event_log (seq, id, type, aggregate_type, aggregate_id, data, actor, source, occurred_at)
        select p.base + e.n, e.id, e.type, e.aggregate_type, e.aggregate_id, e.data, e.actor::varchar, e.source::varchar, e.occurred_at
        from position p, (values ${rows.join(', ')}) as e(n, id, type, aggregate_type, aggregate_id, data, actor, source, occurred_at)
        returning seq, id, type, aggregate_id)`,
    );
    const outbox = deliveriesOf(logged, deliveryRoutes, 'appended');
    if (outbox) {
      ctes.push(`outbox as (${outbox.sql})`);
      values.push(...outbox.values);
    }
  }
  // The checks in the main select: it runs, as every data-modifying CTE does, and a check that fails
  // aborts the whole statement.
  const selected = [events.length > 0 && notify ? `pg_notify('${EVENT_CHANNEL}', '')` : '1'];
  if (checks.length > 0) {
    const hold = checksHold(checks);
    selected.push(hold.sql);
    values.push(...hold.values);
  }
  await executeStatement(em, `with ${ctes.join(',\n')}\nselect ${selected.join(', ')}`, values);
}

/** An event_log row as the driver returns it. */
export interface EventRow {
  seq: string | number;
  id: string;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  data: Record<string, unknown> | string;
  actor: string | null;
  source: string | null;
  occurred_at: Date | string;
}

/** A read of the settled log; `heldBack` when committed events wait behind a transaction still in flight. */
export interface LogRead {
  events: LoggedEvent[];
  heldBack: boolean;
}

/**
 * The settled log after a sequence, oldest first (up to `upToSeq` when given). One statement: the
 * events and whether newer committed ones are held back, so the caller knows to look again soon even
 * when the transaction it waits for appends nothing and so sends no NOTIFY.
 */
export async function readSettled(em: EntityManager, afterSeq: string, limit: number, upToSeq?: string): Promise<LogRead> {
  const rows = await executeStatement<EventRow & { held_back: boolean }>(
    em,
    // The columns by name: a prepared statement's result may not change shape (a column added to the log
    // by another hub's migration would fail `e.*` with "cached plan must not change result type").
    `select e.seq, e.id, e.type, e.aggregate_type, e.aggregate_id, e.data, e.actor, e.source, e.occurred_at,
       (select max(seq) from event_log) >= b.below as held_back
     from (select event_log_settled_below() as below) b
     left join lateral (
       select seq, id, type, aggregate_type, aggregate_id, data, actor, source, occurred_at from event_log where seq > ? and seq < b.below ${upToSeq === undefined ? '' : 'and seq <= ?'} order by seq limit ?
     ) e on true
     order by e.seq`,
    upToSeq === undefined ? [afterSeq, limit] : [afterSeq, upToSeq, limit],
  );
  return {
    events: rows.filter((r) => r.seq !== null).map(toLoggedEvent),
    heldBack: rows[0]?.held_back === true,
  };
}

/** Reads the settled log after a sequence, oldest first. */
export async function readEvents(em: EntityManager, afterSeq: string, limit: number, upToSeq?: string): Promise<LoggedEvent[]> {
  return (await readSettled(em, afterSeq, limit, upToSeq)).events;
}

/** Events by their sequences (the delivery worker sends them), by sequence; a sequence not in the log is absent. */
export async function eventsAt(em: EntityManager, seqs: readonly string[]): Promise<Map<string, LoggedEvent>> {
  if (seqs.length === 0) return new Map();
  const rows = await em.execute<EventRow[]>(`select * from event_log where seq in (${seqs.map(() => '?').join(', ')})`, [...seqs]);
  return new Map(rows.map((r) => [String(r.seq), toLoggedEvent(r)]));
}

/** The newest settled sequence: a reader starting "now" starts after it. */
export async function lastSequence(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ seq: string | number | null }[]>(
    'select max(seq) as seq from event_log where seq < event_log_settled_below()',
  );
  return String(row?.seq ?? '0');
}

/** How many settled events come after a sequence (the dispatch lag of a reader at that sequence). */
export async function eventsAfter(em: EntityManager, seq: string): Promise<number> {
  const [row] = await em.execute<{ n: string | number }[]>(
    'select count(*) as n from event_log where seq > ? and seq < event_log_settled_below()',
    [seq],
  );
  return Number(row?.n ?? 0);
}

export function toLoggedEvent(r: EventRow): LoggedEvent {
  return {
    seq: String(r.seq),
    id: r.id,
    type: r.type,
    aggregateType: r.aggregate_type,
    aggregateId: r.aggregate_id,
    data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
    actor: r.actor,
    source: r.source,
    occurredAt: new Date(r.occurred_at),
  };
}
