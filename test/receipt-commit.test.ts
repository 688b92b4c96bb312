import { hubWithFactory } from './support/suite';
import { receive } from './support/factory';

/**
 * A receipt writes its balances and its journal entry's code with the commit statement (P3 of issue 8):
 * its events take both from what that statement wrote, and must say exactly what the tables hold.
 */
const s = hubWithFactory();

test("a receipt's events carry the balances and the journal code the database wrote", async () => {
  const { t, f } = s;
  await receive(t.client('planner'), f, f.plate.id, '2.5');
  const move = await receive(t.client('planner'), f, f.plate.id, '4');
  const em = t.em();
  const [moved] = await em.execute<{ data: { balances: { locationId: string; qty: string }[] } }[]>(
    `select data from event_log where type = 'StockMoved' and data->>'moveId' = ?`,
    [move.id],
  );
  const balances = await em.execute<{ location_id: string; qty: string }[]>(
    `select location_id, trim_scale(qty)::text as qty from stock_balance where item_id = ? order by location_id`,
    [f.plate.id],
  );
  expect(moved.data.balances).toEqual(balances.map((b) => ({ locationId: b.location_id, qty: b.qty })));
  expect(moved.data.balances.map((b) => b.qty).sort()).toEqual(['-6.5', '6.5']);

  const [posted] = await em.execute<{ code: string; written: string }[]>(
    `select e.data->>'code' as code, j.code as written from event_log e join journal_entry j on j.id = (e.data->>'journalEntryId')::uuid
     where e.type = 'JournalEntryPosted' and j.stock_move_id = ?`,
    [move.id],
  );
  expect(posted.code).toMatch(/^JE-\d{6,}$/);
  expect(posted.code).toBe(posted.written);
});
