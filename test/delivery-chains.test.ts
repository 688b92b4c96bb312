import { startTestHub, type TestHub } from './support/hub';
import { eventually } from './support/receiver';
import { buildFactory, receive, uniq, type Factory } from './support/factory';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import { RetryableDeliveryError, type Adapter, type AdapterFactory, type OutboundEvent } from '../src/contract/adapter';
import { CreateItemDocument, DeliveriesDocument } from './generated/graphql';

/**
 * Deep queues per aggregate: the worker claims an aggregate's first delivery with the ones behind it and
 * sends them one after another (src/orchestration/integration/delivery-worker.ts, Chain). Many aggregates,
 * a partner that is down while the backlog builds and then fails some tries once: each aggregate's events
 * still arrive in order, one at a time, once each, and every try is in the attempt log, numbered 1, 2, …
 */
const ITEMS = 8;
const RECEIPTS = 10;
const CONCURRENCY = 5;

class Partner {
  down = false;
  /** Tries refused while down. */
  refusedDown = 0;
  readonly received: OutboundEvent[] = [];
  private readonly failedOnce = new Set<string>();
  private readonly underWay = new Map<string, number>();
  mostPerAggregate = 0;
  mostAtOnce = 0;
  private atOnce = 0;

  readonly factory: AdapterFactory = ({ name }) => {
    const adapter: Adapter = {
      name,
      kind: 'erp',
      events: ['StockMoved'],
      deliver: async (event) => {
        const mine = (this.underWay.get(event.aggregateId) ?? 0) + 1;
        this.underWay.set(event.aggregateId, mine);
        this.mostPerAggregate = Math.max(this.mostPerAggregate, mine);
        this.mostAtOnce = Math.max(this.mostAtOnce, ++this.atOnce);
        try {
          // Long enough for the other aggregates' tries to overlap this one.
          await new Promise((r) => setTimeout(r, 2));
          if (this.down) {
            this.refusedDown++;
            throw new RetryableDeliveryError('partner down');
          }
          // Every third event fails its first try: a chain ends there and gives back what is behind it.
          if (Number(BigInt(event.seq) % 3n) === 0 && !this.failedOnce.has(event.id)) {
            this.failedOnce.add(event.id);
            throw new RetryableDeliveryError('busy, try again');
          }
          this.received.push(event);
          return { response: 'ok' };
        } finally {
          this.underWay.set(event.aggregateId, mine - 1);
          this.atOnce--;
        }
      },
      health: async () => ({ ok: true }),
    };
    return adapter;
  };
}

let t: TestHub;
let f: Factory;
const partner = new Partner();

beforeAll(async () => {
  t = await startTestHub({
    integration: integrationSchema.parse({
      adapters: [{ name: 'erp', module: 'chain-partner' }],
      deliveries: {
        baseDelayMs: 20,
        maxDelayMs: 200,
        leaseMs: 5000,
        pollMs: 50,
        concurrency: CONCURRENCY,
        circuit: { failures: 3, probeMs: 100 },
      },
    }),
    adapterFactories: { 'chain-partner': partner.factory },
  });
  f = await buildFactory(t.client('planner'));
});
afterAll(async () => {
  await t?.close();
});

test('a backlog over many aggregates drains in order per aggregate, one at a time each, every try recorded', async () => {
  const planner = t.client('planner');
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const input = { sku: uniq('CHAIN'), name: `Chain ${i}`, type: 'RAW' as const, standardCost: '1' };
    items.push((await planner.ok(CreateItemDocument, { input })).createItem.item.id);
  }
  partner.down = true;
  // Receipts of all items at once, each item's one after another: deep queues, interleaved in the log.
  await Promise.all(
    items.map(async (item) => {
      for (let r = 0; r < RECEIPTS; r++) await receive(planner, f, item, String(r + 1));
    }),
  );
  // The partner comes back only once the hub has tried it while down (fast receipts can all be in before a first try).
  await eventually(
    () => Promise.resolve(partner.refusedDown),
    (n) => n > 0,
    60_000,
  );
  partner.down = false;

  const open = () =>
    t
      .client('admin')
      .ok(DeliveriesDocument, { filter: { adapter: 'erp', states: ['PENDING', 'IN_FLIGHT'] }, first: 1 })
      .then((r) => r.deliveries.totalCount);
  await eventually(open, (n) => n === 0, 120_000);

  // Once each, and per item in the order of the log.
  const ids = partner.received.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(ITEMS * RECEIPTS);
  for (const item of items) {
    const seqs = partner.received.filter((e) => e.aggregateId === item).map((e) => BigInt(e.seq));
    expect(seqs.length).toBe(RECEIPTS);
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
  }
  expect(partner.mostPerAggregate).toBe(1);
  expect(partner.mostAtOnce).toBeLessThanOrEqual(CONCURRENCY);

  // Every try is in the log, numbered 1, 2, … with no gap: a delivery given back untried counts no attempt.
  const all = (
    await t.client('admin').ok(DeliveriesDocument, { filter: { adapter: 'erp' }, first: ITEMS * RECEIPTS })
  ).deliveries.edges.map((e) => e.node);
  expect(all.length).toBe(ITEMS * RECEIPTS);
  for (const d of all) {
    expect(d.state).toBe('DELIVERED');
    expect(d.attemptLog.map((a) => a.attempt)).toEqual(Array.from({ length: d.attempts }, (_, i) => i + 1));
    expect(d.attemptLog.at(-1)!.outcome).toBe('DELIVERED');
  }
  // The partner was down while the backlog built, and some tries failed once afterwards.
  expect(all.some((d) => d.attemptLog.some((a) => a.error === 'partner down'))).toBe(true);
  expect(all.some((d) => d.attemptLog.some((a) => a.error === 'busy, try again'))).toBe(true);
});
