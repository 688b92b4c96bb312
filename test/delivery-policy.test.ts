import { backoffMs, Circuit, policyFor, RateLimiter } from '../src/orchestration/integration/delivery-policy';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import type { Adapter } from '../src/contract/adapter';

// The delivery policy's parts on a clock of the test's own (the worker around them is tested end to end
// in deliveries.test.ts and tryton-outage.test.ts).
const settings = integrationSchema.parse({}).deliveries;

test('backoff doubles from the base and stops at the cap (5 minutes by default)', () => {
  const top = () => 1;
  expect([1, 2, 3].map((n) => backoffMs(n, settings, top))).toEqual([1000, 2000, 4000]);
  expect(backoffMs(50, settings, top)).toBe(300_000);
  expect(backoffMs(50, settings, () => 0)).toBe(150_000);
});

test('the circuit opens after repeated failures, probes one at a time, and closes when the partner answers', () => {
  let now = 0;
  const c = new Circuit(3, 1000, () => new Date(now));
  c.record('unreachable', 'ECONNREFUSED');
  c.record('unreachable', 'ECONNREFUSED');
  expect([c.state, c.room()]).toEqual(['DEGRADED', Infinity]);
  // An adapter's own bug says nothing about the partner.
  c.record('unknown', 'TypeError');
  expect(c.state).toBe('DEGRADED');
  now = 10;
  c.record('unreachable', 'ECONNREFUSED');
  expect([c.state, c.room(), c.since.getTime()]).toEqual(['DOWN', 0, 0]);
  now = 1010;
  expect(c.room()).toBe(1);
  c.probeStarted();
  expect(c.room()).toBe(0);
  expect(c.record('unreachable', 'still down')).toBe(false);
  expect([c.state, c.room()]).toEqual(['DOWN', 0]);
  now = 2010;
  c.probeStarted();
  expect(c.record('answered')).toBe(true);
  expect([c.state, c.room(), c.consecutiveFailures, c.since.getTime()]).toEqual(['UP', Infinity, 0, 2010]);
});

test('a rate of 2 a second lets two tries start, then one every half second', () => {
  let now = 0;
  const r = new RateLimiter(2, () => now);
  expect(r.available()).toBe(2);
  r.take(2);
  expect([r.available(), r.waitMs()]).toEqual([0, 500]);
  now = 500;
  expect(r.available()).toBe(1);
});

test("an adapter's declared limits are overridden by its config entry and kept inside the lease", () => {
  const adapter = {
    name: 'erp',
    kind: 'erp',
    events: [],
    health: async () => ({ ok: true }),
    limits: { concurrency: 2, timeoutMs: 90_000 },
  };
  const entry = integrationSchema.parse({ adapters: [{ name: 'erp', module: 'x', limits: { concurrencyByEvent: { A: 1 } } }] }).adapters[0];
  expect(policyFor(adapter as Adapter, entry, settings)).toEqual({
    concurrency: 2,
    concurrencyByEvent: { A: 1 },
    timeoutMs: 45_000, // three quarters of the 60 s lease
    maxAgeMs: 72 * 3_600_000,
  });
  const tooLong = integrationSchema.parse({ adapters: [{ name: 'erp', module: 'x', limits: { timeoutMs: 60_000 } }] }).adapters[0];
  expect(() => policyFor(adapter as Adapter, tooLong, settings)).toThrow(/must be below deliveries.leaseMs/);
  expect(() => integrationSchema.parse({ deliveries: { maxAttempts: 10 } })).toThrow(/replaced by maxAgeMs/);
});
