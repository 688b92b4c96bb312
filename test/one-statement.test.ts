import { randomUUID } from 'node:crypto';
import { hubWithFactory } from './support/suite';
import { notFeedRead, statementsOf as sentBy } from './support/sent-statements';
import { receive } from './support/factory';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';
import { beforeWriteNow, inTransaction, record } from '../src/kernel/unit-of-work/transaction';
import type { Ctx } from '../src/kernel/unit-of-work/context';
import { Item } from '../src/modules/catalog/item.entity';
import { ReceiveStockDocument, StockBalancesDocument } from './generated/graphql';

/**
 * A use case that only reads before it writes, and defers every write, runs as one statement sent alone
 * (`oneStatement`, src/kernel/unit-of-work/transaction.ts): no BEGIN, no COMMIT, and the hot balance row of
 * issue 8's P3 locked while that statement runs only. A receipt without a lot is one. The statements are
 * those the hub's ORM sends (its query log), while nothing else runs.
 */
const s = hubWithFactory();

/** The statements the hub's ORM sends while `run` runs. */
const statementsOf = <T>(run: () => Promise<T>) => sentBy(s.t.hub.orm, run);

const isTransactionControl = (q: string) => /^(begin|start transaction|commit|rollback|savepoint|release)\b/.test(q);
const writesStockMove = (q: string) => q.includes('insert into stock_move');

/** After the events a change wrote have been read by the hub's feed, so the log of the next change is its own. */
const settle = () => new Promise((r) => setTimeout(r, 300));

const ctx = (): Ctx => ({ em: s.t.em(), actor: SYSTEM_ACTOR, runtime: s.t.hub.runtime });

test('a receipt without a lot is one statement outside any transaction, once its item and location have been read', async () => {
  const { t, f } = s;
  await receive(t.client('planner'), f, f.plate.id, '1');
  await settle();
  // The item and locations are recalled (src/kernel/unit-of-work/recalled-reads.ts) and checked by that statement.
  const { result: move, sql } = await statementsOf(() => receive(t.client('planner'), f, f.plate.id, '2'));
  const own = sql.filter(notFeedRead);
  expect(own.filter(isTransactionControl)).toEqual([]);
  expect(own).toHaveLength(1);
  expect(writesStockMove(own[0])).toBe(true);
  expect(own[0]).toContain('recalled_rows_hold(');

  const [row] = await t.em().execute<{ qty: string; moved: string }[]>(
    `select trim_scale(m.qty)::text as qty, (select count(*) from event_log where type = 'StockMoved' and data->>'moveId' = ?)::text as moved
       from stock_move m where m.id = ?`,
    [move.id, move.id],
  );
  expect(row).toEqual({ qty: '2', moved: '1' });
});

test('a receipt into a lot creates the lot first, and so takes a transaction', async () => {
  const { t, f } = s;
  const lot = `L-${randomUUID().slice(0, 8)}`;
  const { result: move, sql } = await statementsOf(() => receive(t.client('planner'), f, f.resin.id, '3', lot));
  expect(move.lot?.code).toBe(lot);
  const own = sql.filter(notFeedRead);
  expect(own[0]).toMatch(/^begin/);
  expect(own.at(-1)).toMatch(/^commit/);
});

test('a duplicate key answers the first result, concurrently and later; reused for another receipt it is a conflict that writes nothing', async () => {
  const { t, f } = s;
  const planner = t.client('planner');
  const key = randomUUID();
  const input = { itemId: f.plate.id, locationId: f.stock.id, qty: '5', idempotencyKey: key };
  const before = await onHand(f.plate.id, f.stock.code);
  const both = await Promise.all([1, 2, 3].map(() => planner.ok(ReceiveStockDocument, { input })));
  const ids = new Set(both.map((r) => r.receiveStock.stockMove.id));
  expect(ids.size).toBe(1);
  const again = await planner.ok(ReceiveStockDocument, { input });
  expect(again.receiveStock.stockMove.id).toBe(both[0].receiveStock.stockMove.id);

  const other = await planner.exec(ReceiveStockDocument, { input: { ...input, qty: '6' } });
  expect(other.errors?.[0].extensions?.code).toBe('CONFLICT');

  expect(await onHand(f.plate.id, f.stock.code)).toBe(before + 5);
  const [n] = await t.em().execute<{ n: string }[]>(`select count(*)::text as n from stock_move where idempotency_key = ?`, [key]);
  expect(n.n).toBe('1');
});

test('a receipt refused writes nothing', async () => {
  const { t, f } = s;
  const planner = t.client('planner');
  const [virtual] = await t.em().execute<{ id: string }[]>(`select id from location where code = 'VIRT-CUSTOMER'`);
  const written = async () =>
    t.em().execute(
      `select (select count(*) from stock_move)::text as moves, (select count(*) from journal_entry)::text as entries,
           (select count(*) from event_log)::text as events`,
    );
  const before = await written();
  const refused = [
    { itemId: f.plate.id, locationId: virtual.id, qty: '1' },
    { itemId: randomUUID(), locationId: f.stock.id, qty: '1' },
    { itemId: f.plate.id, locationId: f.stock.id, qty: '-1' },
    { itemId: f.plate.id, locationId: f.stock.id, qty: '1', lotExpiresOn: '2030-01-01' },
    // Refused by the database: the value overflows its column in the one statement, which writes nothing.
    { itemId: f.plate.id, locationId: f.stock.id, qty: '999999999999' },
  ];
  const codes: unknown[] = [];
  for (const input of refused) codes.push((await planner.exec(ReceiveStockDocument, { input })).errors?.[0].extensions?.code);
  expect(codes).toEqual(['BAD_USER_INPUT', 'NOT_FOUND', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
  expect(await written()).toEqual(before);
});

test('work asked to be one statement that has something to flush runs again in a transaction, and commits all of it', async () => {
  const { t, f } = s;
  const name = `Plate ${randomUUID().slice(0, 8)}`;
  let runs = 0;
  const { sql } = await statementsOf(() =>
    inTransaction(
      ctx(),
      async (tx) => {
        runs++;
        const item = await tx.em.findOneOrFail(Item, f.plate.id);
        item.name = name;
        record(tx, { type: 'ItemRenamedForTest', aggregateType: 'Item', aggregateId: item.id, data: { name } });
      },
      { oneStatement: true },
    ),
  );
  expect(runs).toBe(2);
  const inTx = sql.slice(sql.findIndex((q) => q.startsWith('begin')));
  expect(inTx[0]).toMatch(/^begin/);
  expect(inTx.some((q) => q.startsWith('update') && q.includes('item'))).toBe(true);
  expect(inTx.at(-1)).toMatch(/^commit/);
  const [row] = await t
    .em()
    .execute<{ name: string; logged: string }[]>(
      `select name, (select count(*) from event_log where type = 'ItemRenamedForTest' and aggregate_id = i.id)::text as logged from item i where id = ?`,
      [f.plate.id],
    );
  expect(row).toEqual({ name, logged: '1' });
});

test('work asked to be one statement that writes at once starts again in a transaction before that write', async () => {
  const marks: boolean[] = [];
  const { sql } = await statementsOf(() =>
    inTransaction(
      ctx(),
      async (tx) => {
        marks.push(tx.outsideTransaction === true);
        beforeWriteNow(tx);
        await tx.em.execute(`select 1`);
      },
      { oneStatement: true },
    ),
  );
  expect(marks).toEqual([true, false]);
  expect(sql.filter(notFeedRead)).toEqual([expect.stringMatching(/^begin/), 'select 1', expect.stringMatching(/^commit/)]);
});

async function onHand(itemId: string, locationCode: string): Promise<number> {
  const edges = (await s.t.client('planner').ok(StockBalancesDocument, { filter: { itemId, includeZero: true } })).stockBalances.edges;
  return Number(edges.find((e) => e.node.location.code === locationCode)?.node.qty ?? 0);
}
