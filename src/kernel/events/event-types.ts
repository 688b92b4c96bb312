/**
 * What a service records; the payload is the state after the change (never a copy read before it),
 * so subscribers and adapters need not read the database to act on it.
 */
export interface PendingEvent {
  /** One of the names a module declares in its `*.events.ts`. */
  type: string;
  aggregateType: string;
  aggregateId: string;
  data: Record<string, unknown>;
  /**
   * Fields of `data` the commit statement computes: each a scalar subquery giving jsonb, which may read
   * what a deferred write returns (by the name `deferWrite` gave it). For values known only once that
   * write has run, such as balances written with the commit.
   */
  dataFromSql?: Record<string, string>;
}

/** An event as read back from the log. */
export interface LoggedEvent extends PendingEvent {
  seq: string;
  id: string;
  actor: string | null;
  source: string | null;
  occurredAt: Date;
}

/** A field of an event's payload as text, or null when the event does not carry it. */
export function textOrNull(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
