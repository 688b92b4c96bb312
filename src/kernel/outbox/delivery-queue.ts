import type { EntityManager } from '../db/orm';

/**
 * Writes one delivery row per (event, interested adapter) inside the event's transaction: the outbox.
 * If the change commits, its deliveries exist; if it rolls back, none do.
 */
export async function enqueueDeliveries(
  em: EntityManager,
  events: { seq: string | number; id: string; type: string; aggregate_id: string }[],
  routes: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  if (routes.size === 0) return;
  const values: unknown[] = [];
  const rows: string[] = [];
  for (const e of events) {
    for (const adapter of routes.get(e.type) ?? []) {
      values.push(adapter, String(e.seq), e.id, e.type, e.aggregate_id);
      rows.push(`(gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, 'PENDING', 0, now())`);
    }
  }
  if (rows.length === 0) return;
  await em.execute(
    `insert into delivery (id, created_at, updated_at, adapter, event_seq, event_id, event_type, aggregate_id, state, attempts, next_attempt_at)
     values ${rows.join(', ')}`,
    values,
  );
}
