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
