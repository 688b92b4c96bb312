import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { hubWithFactory } from './support/suite';
import { receive } from './support/factory';
import { forkEm } from '../src/kernel/db/orm';
import { readSettled } from '../src/kernel/events/event-log.service';
import { statementsOf } from './support/sent-statements';
import { executeStatement } from '../src/kernel/db/prepared-statements';

/**
 * The commit statement of a one-statement work and the event feed's read are prepared statements
 * (src/kernel/db/prepared-statements.ts): on PostgreSQL named statements of the extended protocol, which
 * each pooled connection parses and plans once; on PGlite `PREPARE`d in its one session.
 */
const s = hubWithFactory();
const onPostgres = Boolean(process.env.DATABASE_URL);

/** The ORM's pool; pg-pool hands out the connection released last, so sequential queries share one. */
const pool = async () => (await s.t.hub.orm.em.getConnection().getNativeClient()) as Pool;

const feedRead = () => readSettled(forkEm(s.t.hub.orm), '0', 10_000);

test('the feed read is prepared on the connection that ran it, and the query log shows it as written', async () => {
  const { sql } = await statementsOf(s.t.hub.orm, feedRead);
  // The hub's own feed may read meanwhile; whatever the log shows is the text as written, never `execute mom_hub_…`.
  expect(sql).toContainEqual(expect.stringMatching(/^select e\.seq, .*from event_log where seq > \?/s));
  expect(sql.filter((q) => /^(prepare|execute) /.test(q))).toEqual([]);
  const preparedFeedReads = `select count(*)::text as n from pg_prepared_statements where name like 'mom_hub_%' and statement like '%event_log_settled_below()%'`;
  // On PostgreSQL the ORM's pool, whose connection released last is the one the read used; PGlite has one session.
  const rows = onPostgres
    ? (await (await pool()).query<{ n: string }>(preparedFeedReads)).rows
    : await s.t.em().execute<{ n: string }[]>(preparedFeedReads);
  expect(rows[0].n).toBe('1');
});

test('a column added to the event log while the hub runs leaves its prepared reads working', async () => {
  const { t, f } = s;
  await receive(t.client('planner'), f, f.plate.id, '1');
  // On every connection of the pool (10 at most), so that whichever a later read gets has it prepared.
  await Promise.all(Array.from({ length: 10 }, () => feedRead()));
  // Another hub's migration, say; a prepared `select *` would now fail with "cached plan must not change result type".
  await t.em().execute('alter table event_log add column probe text');
  try {
    const move = await receive(t.client('planner'), f, f.plate.id, '2');
    const read = async () => (await feedRead()).events.some((e) => e.type === 'StockMoved' && e.data.moveId === move.id);
    // The event is read once it is settled: a transaction still in flight (a reactor's, say) may hold it back
    // a moment. A read that fails fails the test at once.
    const deadline = Date.now() + 30_000;
    while (!(await read())) {
      if (Date.now() > deadline) throw new Error("the receipt's event was never read");
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 3; i++) expect(await read()).toBe(true);
  } finally {
    await t.em().execute('alter table event_log drop column probe');
  }
});

test('a statement first run by many callers at once is prepared once, in and out of transactions', async () => {
  const { t } = s;
  // A shape no one has run yet (a fresh PGlite database, or a new pooled connection, prepares it here).
  const sql = `select ?::int + 1 as n, '${randomUUID()}' as shape`;
  const outside = Array.from({ length: 8 }, (_, i) => executeStatement<{ n: number }>(forkEm(t.hub.orm), sql, [i]));
  const inside = Array.from({ length: 3 }, (_, i) =>
    forkEm(t.hub.orm).transactional((em) => executeStatement<{ n: number }>(em, sql, [100 + i])),
  );
  const answers = await Promise.all([...outside, ...inside]);
  expect(answers.map((rows) => Number(rows[0].n))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 101, 102, 103]);
});
