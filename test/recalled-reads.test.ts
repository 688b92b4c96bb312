import { randomUUID } from 'node:crypto';
import { hubWithFactory } from './support/suite';
import { notFeedRead, statementsOf as sentBy } from './support/sent-statements';
import { CreateItemDocument, ReceiveStockDocument } from './generated/graphql';

/**
 * A receipt tried as one statement recalls its item and locations from memory instead of reading them
 * (src/kernel/unit-of-work/recalled-reads.ts), and its commit statement checks that they are still what
 * it recalled. These tests change the rows behind the hub's back — in SQL, as another process or an
 * administrator would, so nothing in the hub is told — and expect every receipt to act on the rows as
 * they are when it commits, to write once, and to be refused exactly as a receipt that read them.
 */
const s = hubWithFactory();

/** The statements the hub's ORM sends while `run` runs, without the event feed's reads. */
async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const { result, sql } = await sentBy(s.t.hub.orm, run);
  return { result, sql: sql.filter(notFeedRead) };
}

const recalling = (q: string) => q.includes('recalled_rows_hold(');
/**
 * A receipt's own statements: its read of the item and locations, and its commit statement. (On PostgreSQL
 * the hub may send others meanwhile: its jobs and reactors wake on other test files' events.)
 */
const receiptStatements = (sql: string[]) => sql.filter((q) => q.includes("'virt-supplier'") || q.includes('insert into stock_move'));
const isBegin = (q: string) => /^(begin|start transaction)\b/.test(q);

async function freshItem(tracking: 'NONE' | 'LOT' = 'NONE') {
  const sku = `RECALL-${randomUUID().slice(0, 8)}`;
  const planner = s.t.client('planner');
  return (await planner.ok(CreateItemDocument, { input: { sku, name: sku, type: 'RAW', tracking, unit: 'pcs', standardCost: '2' } }))
    .createItem.item;
}

const receipt = (itemId: string, qty: string) =>
  s.t.client('planner').exec(ReceiveStockDocument, { input: { itemId, locationId: s.f.stock.id, qty } });

/** What a receipt wrote: its move, journal amount and events. */
async function written(moveId: string) {
  const [row] = await s.t.em().execute<{ moves: string; amount: string | null; memo: string | null; events: string }[]>(
    `select (select count(*) from stock_move where id = ?)::text as moves,
       (select to_char(amount, 'FM999990.00') from journal_entry where stock_move_id = ?) as amount,
       (select memo from journal_entry where stock_move_id = ?) as memo,
       (select count(*) from event_log where type = 'StockMoved' and data->>'moveId' = ?)::text as events`,
    [moveId, moveId, moveId, moveId],
  );
  return row;
}

async function totals() {
  const [row] = await s.t.em().execute<{ moves: string; entries: string; events: string }[]>(
    `select (select count(*) from stock_move)::text as moves, (select count(*) from journal_entry)::text as entries,
       (select count(*) from event_log)::text as events`,
  );
  return row;
}

test('a receipt recalls its item and locations, and its one statement checks them', async () => {
  const item = await freshItem();
  const first = await statementsOf(() => receipt(item.id, '1'));
  expect(receiptStatements(first.sql)).toHaveLength(2);
  expect(first.sql.some(recalling)).toBe(false);
  const second = await statementsOf(() => receipt(item.id, '1'));
  const own = receiptStatements(second.sql);
  expect(own).toHaveLength(1);
  expect(recalling(own[0])).toBe(true);
  const move = second.result.data!.receiveStock.stockMove;
  expect(await written(move.id)).toEqual({ moves: '1', amount: '2.00', memo: expect.stringContaining(item.sku), events: '1' });
});

test('a cost and a SKU changed behind the hub are what the next receipt books, once', async () => {
  const item = await freshItem();
  await receipt(item.id, '1');
  const sku = `${item.sku}-B`;
  await s.t.em().execute(`update item set standard_cost = 3.25, sku = ? where id = ?`, [sku, item.id]);

  const before = await totals();
  const { result, sql } = await statementsOf(() => receipt(item.id, '2'));
  expect(result.errors).toBeUndefined();
  const move = result.data!.receiveStock.stockMove;
  expect(await written(move.id)).toEqual({ moves: '1', amount: '6.50', memo: expect.stringContaining(sku), events: '1' });
  const after = await totals();
  expect(Number(after.moves) - Number(before.moves)).toBe(1);
  expect(Number(after.entries) - Number(before.entries)).toBe(1);

  // The recalled statement failed and wrote nothing; the work ran again in a transaction on a fresh read.
  const commits = sql.filter((q) => q.includes('insert into stock_move'));
  expect(commits).toHaveLength(2);
  expect(commits.map(recalling)).toEqual([true, false]);
  expect(sql.slice(sql.indexOf(commits[0])).some(isBegin)).toBe(true);

  // And the fresh read is recalled from then on.
  const next = await statementsOf(() => receipt(item.id, '1'));
  expect(receiptStatements(next.sql)).toHaveLength(1);
  expect(await written(next.result.data!.receiveStock.stockMove.id)).toMatchObject({ amount: '3.25', memo: expect.stringContaining(sku) });
});

test('an item made lot-tracked behind the hub is refused without a lot, and writes nothing', async () => {
  const item = await freshItem();
  await receipt(item.id, '1');
  await s.t.em().execute(`update item set tracking = 'LOT' where id = ?`, [item.id]);
  const before = await totals();
  const refused = await receipt(item.id, '1');
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lot' });
  expect(await totals()).toEqual(before);
});

test('a refusal that rests on a recalled row is read again: an item no longer lot-tracked is received', async () => {
  const item = await freshItem('LOT');
  const refused = await receipt(item.id, '1');
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lot' });
  await s.t.em().execute(`update item set tracking = 'NONE' where id = ?`, [item.id]);
  const { result } = await statementsOf(() => receipt(item.id, '4'));
  expect(result.errors).toBeUndefined();
  expect(await written(result.data!.receiveStock.stockMove.id)).toMatchObject({ moves: '1', amount: '8.00', events: '1' });
});

test('a location made virtual behind the hub is refused, and writes nothing', async () => {
  const item = await freshItem();
  const planner = s.t.client('planner');
  const location = await s.t.em().execute<{ id: string }[]>(
    `insert into location (id, created_at, updated_at, code, name, type, virtual)
       values (gen_random_uuid(), now(), now(), ?, 'Recalled', 'STORAGE', false) returning id`,
    [`RECALL-${randomUUID().slice(0, 8)}`],
  );
  const input = { itemId: item.id, locationId: location[0].id, qty: '1' };
  expect((await planner.exec(ReceiveStockDocument, { input })).errors).toBeUndefined();
  await s.t.em().execute(`update location set virtual = true where id = ?`, [location[0].id]);
  const before = await totals();
  const refused = await planner.exec(ReceiveStockDocument, { input });
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locationId' });
  expect(await totals()).toEqual(before);
  // Put back, so the stock checks after each test see an ordinary location.
  await s.t.em().execute(`update location set virtual = false where id = ?`, [location[0].id]);
});
