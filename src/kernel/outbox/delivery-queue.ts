import type { SqlWrite } from '../db/sql-write';

/**
 * One delivery row per (event, interested adapter), written by the statement that appends the events:
 * the outbox. If the change commits, its deliveries exist; if it rolls back, none do. `appended` names
 * the statement's CTE that returns the new events' seq, id, type and aggregate_id; null when no adapter
 * wants any of them.
 */
export function deliveriesOf(
  events: readonly { id: string; type: string }[],
  routes: ReadonlyMap<string, readonly string[]>,
  appended: string,
): SqlWrite | null {
  const values: unknown[] = [];
  const rows: string[] = [];
  for (const e of events) {
    for (const adapter of routes.get(e.type) ?? []) {
      values.push(e.id, adapter);
      rows.push('(?::uuid, ?)');
    }
  }
  if (rows.length === 0) return null;
  return {
    sql: `insert into delivery (id, created_at, updated_at, adapter, event_seq, event_id, event_type, aggregate_id, state, attempts, next_attempt_at)
      select gen_random_uuid(), now(), now(), r.adapter, a.seq, a.id, a.type, a.aggregate_id, 'PENDING', 0, now()
      from ${appended} a join (values ${rows.join(', ')}) as r(event_id, adapter) on r.event_id = a.id`,
    values,
  };
}
