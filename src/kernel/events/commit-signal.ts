import type { EntityManager } from '../db/orm';

/**
 * Who in this process hears that a commit appended events: each event stream on that database, which
 * then reads the log at once and tells other hub processes (its notifier's `announce`). Keyed by the
 * ORM's configuration, which every EntityManager forked from it shares.
 *
 * This replaces a NOTIFY inside the writing transaction. PostgreSQL serialises every committing
 * transaction that has notified behind one server-wide lock, held until its commit is flushed: with a
 * NOTIFY in each, writers of unrelated rows committed one at a time, as they did with the advisory lock
 * that once ordered the event log (docs/event-log-order.md), and every commit woke every listener.
 * Measured alternating in one process on PostgreSQL (issue 8's P3, receipts of one item, which its
 * balance rows serialise anyway): the server's CPU per receipt fell by about a tenth.
 */
const hearers = new WeakMap<object, Set<() => void>>();

/** Calls `hear` after every commit through an EntityManager of `orm` that appended events; returns how to stop. */
export function hearCommits(orm: { config: object }, hear: () => void): () => void {
  let set = hearers.get(orm.config);
  if (!set) hearers.set(orm.config, (set = new Set()));
  set.add(hear);
  return () => set.delete(hear);
}

/** Called once a commit that appended events has finished: its events are visible now. */
export function eventsCommitted(em: EntityManager): void {
  for (const hear of hearers.get(em.config) ?? []) hear();
}
