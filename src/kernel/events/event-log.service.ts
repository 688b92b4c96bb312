import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../db/orm';
import type { Actor } from '../auth/actor';
import type { LoggedEvent, PendingEvent } from './event-types';
import { enqueueDeliveries } from '../outbox/delivery-queue';

export const EVENT_CHANNEL = 'mom_hub_events';
// Any constant will do; it only has to be the same in every hub process sharing the database.
const APPEND_LOCK = 726_001;

/**
 * Appends events inside the caller's transaction. The transaction-scoped advisory lock makes appends,
 * and so commits, happen in `seq` order; NOTIFY inside the transaction is delivered only on commit,
 * so listeners are woken exactly when the rows become visible, and never for a rolled-back change.
 */
export async function appendEvents(
  em: EntityManager,
  events: PendingEvent[],
  actor: Actor | null,
  deliveryRoutes: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  if (events.length === 0) return;
  await em.execute('select pg_advisory_xact_lock(?)', [APPEND_LOCK]);
  const now = new Date();
  const values: unknown[] = [];
  const rows = events.map((e) => {
    values.push(
      randomUUID(),
      e.type,
      e.aggregateType,
      e.aggregateId,
      JSON.stringify(e.data),
      actor?.subject ?? null,
      actor?.deviceId ?? (actor ? actor.role : null),
      now,
    );
    return '(?, ?, ?, ?, ?::jsonb, ?, ?, ?)';
  });
  const inserted = await em.execute<{ seq: string | number; id: string; type: string; aggregate_id: string }[]>(
    `insert into event_log (id, type, aggregate_type, aggregate_id, data, actor, source, occurred_at) values ${rows.join(', ')}
     returning seq, id, type, aggregate_id`,
    values,
  );
  await enqueueDeliveries(em, inserted, deliveryRoutes);
  await em.execute(`select pg_notify('${EVENT_CHANNEL}', '')`);
}

interface EventRow {
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

/** Reads the log after a sequence, oldest first. */
export async function readEvents(em: EntityManager, afterSeq: string, limit: number, upToSeq?: string): Promise<LoggedEvent[]> {
  const rows: EventRow[] = await em.execute(
    upToSeq === undefined
      ? 'select * from event_log where seq > ? order by seq limit ?'
      : 'select * from event_log where seq > ? and seq <= ? order by seq limit ?',
    upToSeq === undefined ? [afterSeq, limit] : [afterSeq, upToSeq, limit],
  );
  return rows.map(toLoggedEvent);
}

/** One event by its sequence (the delivery worker sends it), or null if there is none. */
export async function eventAt(em: EntityManager, seq: string): Promise<LoggedEvent | null> {
  const [row] = await em.execute<EventRow[]>('select * from event_log where seq = ?', [seq]);
  return row ? toLoggedEvent(row) : null;
}

export async function lastSequence(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ seq: string | number | null }[]>('select max(seq) as seq from event_log');
  return String(row?.seq ?? '0');
}

function toLoggedEvent(r: EventRow): LoggedEvent {
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
