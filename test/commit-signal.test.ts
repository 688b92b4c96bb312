import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hubWithFactory } from './support/suite';
import { receive } from './support/factory';
import { statementsOf } from './support/sent-statements';
import { forkEm } from '../src/kernel/db/orm';
import { hearCommits } from '../src/kernel/events/commit-signal';
import { EVENT_CHANNEL } from '../src/kernel/events/event-log.service';
import { inTransaction, record } from '../src/kernel/unit-of-work/transaction';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';

/**
 * A commit that appended events tells this process's event streams itself (src/kernel/events/commit-signal.ts),
 * and other processes by a NOTIFY sent after it rather than inside it: PostgreSQL makes every commit that
 * has notified wait for the one before. Only a transaction nested in one the hub does not commit keeps the
 * NOTIFY in its statement.
 */
const s = hubWithFactory();

/** A listener on the hub's channel, as another hub process is (PostgreSQL only: NOTIFY is per database). */
async function anotherProcess(): Promise<{ notified: () => number; end: () => Promise<void> } | undefined> {
  const url = s.t.config.databaseUrl;
  if (!url) return undefined;
  const client = new Client({ connectionString: url });
  let notified = 0;
  client.on('notification', () => notified++);
  await client.connect();
  await client.query(`LISTEN ${EVENT_CHANNEL}`);
  return { notified: () => notified, end: () => client.end() };
}

async function eventually(check: () => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("a receipt's commit sends no NOTIFY; the hub's streams hear of it before the answer, other processes after", async () => {
  const { t, f } = s;
  const other = await anotherProcess();
  let heard = 0;
  const stopHearing = hearCommits(t.hub.orm, () => heard++);
  try {
    const { sql } = await statementsOf(t.hub.orm, () => receive(t.client('planner'), f, f.plate.id, '1'));
    expect(sql.filter((q) => q.includes('pg_notify'))).toEqual([]);
    // Told as soon as the commit returned, before the mutation answered.
    expect(heard).toBeGreaterThanOrEqual(1);
    if (other) await eventually(() => other.notified() > 0, 'another process is notified');
  } finally {
    stopHearing();
    await other?.end();
  }
});

test('a transaction nested in one the hub does not commit keeps the NOTIFY in its statement, delivered on the outer commit', async () => {
  const { t } = s;
  const other = await anotherProcess();
  let heard = 0;
  const stopHearing = hearCommits(t.hub.orm, () => heard++);
  try {
    const em = forkEm(t.hub.orm);
    const { sql } = await statementsOf(t.hub.orm, () =>
      em.transactional(async (outer) => {
        await inTransaction({ em: outer, actor: SYSTEM_ACTOR, runtime: t.hub.runtime }, async (tx) => {
          record(tx, { type: 'CommitSignalProbe', aggregateType: 'Probe', aggregateId: randomUUID(), data: {} });
        });
        // Not committed yet: nobody may be told.
        expect(heard).toBe(0);
      }),
    );
    expect(sql.filter((q) => q.includes('pg_notify'))).toHaveLength(1);
    if (other) await eventually(() => other.notified() > 0, 'another process is notified');
  } finally {
    stopHearing();
    await other?.end();
  }
});
