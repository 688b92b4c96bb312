import type { EntityManager } from '../../src/kernel/db/orm';

/**
 * Stock is conserved: for every item the balances over all locations (virtual ones included) sum to
 * zero, and every balance equals what the ledger says it should be. Returns what is wrong, if anything.
 */
export async function stockConservationViolations(em: EntityManager): Promise<string[]> {
  const unbalanced = await em.execute<{ item_id: string; total: string }[]>(
    'select item_id, sum(qty)::text as total from stock_balance group by item_id having sum(qty) <> 0',
  );
  const drifted = await em.execute<{ item_id: string; location_id: string; qty: string; ledger: string }[]>(
    `with ledger as (
       select item_id, location_id, coalesce(lot_id::text, '') as lot_key, sum(delta) as qty from (
         select item_id, to_location_id as location_id, lot_id, qty as delta from stock_move
         union all
         select item_id, from_location_id, lot_id, -qty from stock_move
       ) d group by 1, 2, 3
     )
     select b.item_id, b.location_id, b.qty::text, coalesce(l.qty, 0)::text as ledger
     from stock_balance b left join ledger l
       on l.item_id = b.item_id and l.location_id = b.location_id and l.lot_key = b.lot_key
     where b.qty <> coalesce(l.qty, 0)`,
  );
  const negative = await em.execute<{ item_id: string; code: string; qty: string }[]>(
    `select b.item_id, l.code, b.qty::text from stock_balance b join location l on l.id = b.location_id
     where not l.virtual and b.qty < 0`,
  );
  return [
    ...unbalanced.map((r) => `item ${r.item_id}: balances sum to ${r.total}, not 0`),
    ...drifted.map((r) => `item ${r.item_id} at ${r.location_id}: balance ${r.qty} but ledger ${r.ledger}`),
    ...negative.map((r) => `item ${r.item_id} at ${r.code}: negative balance ${r.qty}`),
  ];
}

/** Row counts of every table and the last event: equal snapshots mean nothing was written. */
export async function databaseSnapshot(em: EntityManager, ignore: string[] = []): Promise<Record<string, string>> {
  const tables = await em.execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const snapshot: Record<string, string> = {};
  for (const { table_name } of tables.filter((t) => !ignore.includes(t.table_name))) {
    const [row] = await em.execute<{ n: string }[]>(`select count(*)::text as n from "${table_name}"`);
    snapshot[table_name] = row.n;
  }
  const [fingerprint] = await em.execute<{ f: string }[]>(
    `select md5(coalesce(string_agg(b.id::text || b.qty::text, ',' order by b.id), '')) ||
            md5(coalesce((select string_agg(id::text || state || qty_good::text || qty_scrap::text, ',' order by id) from work_order_operation), '')) ||
            md5(coalesce((select string_agg(id::text || state || qty_completed::text, ',' order by id) from work_order), '')) as f
     from stock_balance b`,
  );
  snapshot['#fingerprint'] = fingerprint.f;
  return snapshot;
}

/**
 * The books hold: every journal entry balances (its debits equal its credits and its amount), and the
 * work-in-progress account sums to zero over every closed work order (closing posts the variances).
 * `wip` is the hub's WIP account code (1410 unless the test configures another). Returns what is wrong.
 */
export async function journalViolations(em: EntityManager, wip = '1410'): Promise<string[]> {
  const unbalanced = await em.execute<{ code: string; debit: string; credit: string; amount: string }[]>(
    `select e.code, coalesce(sum(l.debit), 0)::text as debit, coalesce(sum(l.credit), 0)::text as credit, e.amount::text as amount
     from journal_entry e left join journal_line l on l.entry_id = e.id
     group by e.id, e.code, e.amount
     having coalesce(sum(l.debit), 0) <> coalesce(sum(l.credit), 0) or coalesce(sum(l.debit), 0) <> e.amount`,
  );
  const uncleared = await em.execute<{ code: string; wip: string }[]>(
    `select w.code, sum(l.debit - l.credit)::text as wip
     from work_order w join journal_entry e on e.work_order_id = w.id join journal_line l on l.entry_id = e.id and l.account = ?
     where w.state = 'CLOSED'
     group by w.id, w.code having sum(l.debit - l.credit) <> 0`,
    [wip],
  );
  return [
    ...unbalanced.map((r) => `journal entry ${r.code}: debits ${r.debit}, credits ${r.credit}, amount ${r.amount}`),
    ...uncleared.map((r) => `closed work order ${r.code}: WIP ${r.wip}, not 0`),
  ];
}
