import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { hubWithFactory } from './support/suite';
import { Collector } from './support/client';
import { uniq } from './support/factory';
import { CreateItemDocument, CreateLocationDocument, ReceiveStockDocument, StockChangedDocument } from './generated/graphql';
import type { StockChangedSubscription } from './generated/graphql';

/**
 * The event log is ordered without a global lock (docs/event-log-order.md): writers commit in any order,
 * and readers read only below the oldest transaction still in flight. Here many writers commit at once
 * (on PostgreSQL over several pool connections, plus a transaction of another writer that stays open
 * across many of their commits; on PGlite as concurrent as one connection allows) while subscribers
 * listen live, resume from a sequence mid-stream, and drop and come back: each sees every event once,
 * in the one order of the log, with no gap.
 */
const s = hubWithFactory();

type Change = StockChangedSubscription['stockChanged'];

const WRITERS = 8;
const RECEIPTS_PER_WRITER = 20;
const ITEMS = 4;

test('concurrent writers, live and resuming subscribers: every event once, in one order, with no gap', async () => {
  const planner = s.t.client('planner');
  // A location and items of this test only, so the subscriptions see exactly what the test writes.
  const location = (await planner.ok(CreateLocationDocument, { input: { code: uniq('ORDER'), name: 'Order test', type: 'STORAGE' } }))
    .createLocation.location;
  const items: { id: string }[] = [];
  for (let i = 0; i < ITEMS; i++) {
    items.push(
      (await planner.ok(CreateItemDocument, { input: { sku: uniq('ORD'), name: `Order ${i}`, type: 'RAW', standardCost: '2' } })).createItem
        .item,
    );
  }
  const receipt = (writer: number, n: number) =>
    planner.ok(ReceiveStockDocument, {
      input: { itemId: items[(writer + n) % ITEMS].id, locationId: location.id, qty: String(1 + ((writer * 7 + n) % 5)) },
    });
  const subscribe = (fromSeq?: string) =>
    Collector.start(s.t.ws('viewer'), StockChangedDocument, { locationId: location.id, ...(fromSeq ? { fromSeq } : {}) });
  const moves = (cs: { stockChanged: Change }[]) => cs.map((c) => c.stockChanged.moveId);

  // Live subscribers start "now": once one receipt reaches them, they are in the stream.
  const live = [subscribe(), subscribe()];
  const written: string[] = [];
  while (!live.every((l) => l.items.length > 0)) {
    written.push((await receipt(0, written.length)).receiveStock.stockMove.id);
    await Promise.race(live.map((l) => l.count(1, 2000).catch(() => undefined)));
  }
  const from0 = subscribe('0');

  // On PostgreSQL another writer takes its place in the log and stays in flight while the hub commits.
  const slow = s.t.db.databaseUrl ? await openSlowWriter(s.t.db.databaseUrl, items[0].id, location.id) : undefined;

  let done = 0;
  const resumed: { from: string; c: Collector<{ stockChanged: Change }> }[] = [];
  const dropped = subscribe('0');
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    for (let n = 0; n < RECEIPTS_PER_WRITER; n++) {
      written.push((await receipt(w, n)).receiveStock.stockMove.id);
      done++;
      // Mid-stream, resume after what a live subscriber has seen so far.
      if (w === 0 && n === RECEIPTS_PER_WRITER / 2) {
        const seen = live[0].items.at(-1)!.stockChanged.seq;
        resumed.push({ from: seen, c: subscribe(seen) });
      }
    }
  });

  if (slow) {
    // Nothing after the open writer's position may reach anyone while it is in flight.
    while (done < WRITERS * 4) await new Promise((r) => setTimeout(r, 20));
    for (const c of [...live, from0, dropped]) {
      expect(c.items.filter((e) => BigInt(e.stockChanged.seq) > BigInt(slow.seq))).toEqual([]);
    }
    written.push(await slow.commit());
  }

  // One subscriber drops mid-stream and resumes after the last sequence it saw.
  await dropped.until((es) => es.length >= 10, 60_000);
  dropped.stop();
  const droppedSeen = [...dropped.items];
  const back = subscribe(droppedSeen.at(-1)!.stockChanged.seq);

  await Promise.all(writers);
  const total = written.length;
  const reference = await from0.count(total, 60_000);
  expect(reference).toHaveLength(total);
  expect(new Set(moves(reference))).toEqual(new Set(written));
  const seqs = reference.map((e) => BigInt(e.stockChanged.seq));
  expect(seqs.every((q, i) => i === 0 || q > seqs[i - 1])).toBe(true);

  /** The reference order after `seq`: what a subscriber resuming from it must see, exactly. */
  const after = (seq: string) => moves(reference.filter((e) => BigInt(e.stockChanged.seq) > BigInt(seq)));
  for (const l of live) {
    const first = l.items[0].stockChanged.seq;
    await l.until((es) => es.length >= after(first).length + 1, 60_000);
    expect(moves(l.items)).toEqual([l.items[0].stockChanged.moveId, ...after(first)]);
  }
  for (const r of resumed) {
    await r.c.until((es) => es.length >= after(r.from).length, 60_000);
    expect(moves(r.c.items)).toEqual(after(r.from));
  }
  const droppedFrom = droppedSeen.at(-1)!.stockChanged.seq;
  await back.until((es) => es.length >= after(droppedFrom).length, 60_000);
  expect([...moves(droppedSeen), ...moves(back.items)]).toEqual(moves(reference));

  // The log's order is the order the balances changed in: each receipt's balance is the one before plus it.
  const last = new Map<string, number>();
  for (const { stockChanged: e } of reference) {
    const balance = e.balances.find((b) => b.locationId === location.id);
    if (!balance) continue; // the other writer's event carries no balance
    expect(Number(balance.qty)).toBe((last.get(e.itemId) ?? 0) + Number(e.qty));
    last.set(e.itemId, Number(balance.qty));
  }

  // A little later still nothing more arrives: nobody saw anything twice.
  await new Promise((r) => setTimeout(r, 300));
  for (const c of [...live, from0, back, ...resumed.map((r) => r.c)]) {
    expect(new Set(moves(c.items)).size).toBe(c.items.length);
    c.stop();
  }
});

/**
 * Another writer (as another hub process would be) whose transaction has appended an event and then
 * waits: its position is taken, its commit comes long after the hub's. The event has the shape of a
 * StockMoved event; there is no ledger line behind it (stock invariants look at the ledger only).
 */
async function openSlowWriter(databaseUrl: string, itemId: string, locationId: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('begin');
  const moveId = randomUUID();
  const data = { moveId, itemId, sku: 'SLOW', lotId: null, lotCode: null, fromLocationId: locationId, toLocationId: locationId };
  const { rows } = await client.query<{ seq: string }>(
    `insert into event_log (id, type, aggregate_type, aggregate_id, data, occurred_at)
     values ($1, 'StockMoved', 'Item', $2, $3, now()) returning seq`,
    [randomUUID(), itemId, JSON.stringify({ ...data, qty: '1', reason: 'RECEIPT', workOrderId: null, balances: [] })],
  );
  return {
    seq: rows[0].seq,
    async commit() {
      // No NOTIFY, as a writer that is not a hub sends none: readers find the event when they look again.
      await client.query('commit');
      await client.end();
      return moveId;
    },
  };
}
