import type { Logger } from 'pino';
import { CoalescingTask } from '../../kernel/common/coalescing-task';
import { forkEm, type EntityManager, type Orm } from '../../kernel/db/orm';
import type { IntegrationConfig } from './integration-config';
import { PermanentDeliveryError, RetryableDeliveryError, type Adapter, type OutboundEvent } from '../../contract/adapter';
import { eventsAt } from '../../kernel/events/event-log.service';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { backoffMs, Circuit, policyFor, RateLimiter, type AdapterPolicy, type TryResult } from './delivery-policy';

export { backoffMs } from './delivery-policy';

interface Claimed {
  id: string;
  adapter: string;
  event_seq: string | number;
  event_type: string;
  attempts: number;
  replays: number;
  pending_since: Date | string;
}

/** One adapter as the worker drives it: its policy, its circuit, its rate, its sends in this process. */
interface Lane {
  adapter: Adapter;
  policy: AdapterPolicy;
  circuit: Circuit;
  limiter?: RateLimiter;
}

type Outcome = 'DELIVERED' | 'RETRY' | 'DEAD';

/** A try's outcome waiting to be written with the others that finished meanwhile. */
interface Settlement {
  c: Claimed;
  outcome: Outcome;
  durationMs: number;
  lastError?: string;
  response?: string;
  delayMs: number;
  done: (err?: unknown) => void;
}

/** Every process claims under this transaction lock, so the partner's concurrency holds across processes. */
const CLAIM_LOCK = 474_200_113;

const excerpt = (s: string | undefined, n = 500) => (s && s.length > n ? `${s.slice(0, n)}…` : s);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

class BudgetSpent extends Error {}

/**
 * The outbox consumer. Workers in any number of hub processes claim due deliveries (one claim at a time,
 * under a transaction lock) and hold each with a lease; a delivery whose worker died (say, SIGKILL
 * mid-send) is taken again when the lease runs out — re-sent with the same idempotency key. A delivery
 * waits while an earlier one for the same aggregate and adapter is still on its way, so a work order's
 * completion never overtakes its start.
 *
 * What each partner can take is its adapter's policy: deliveries at once (per adapter and per event
 * type), tries per second, and a time budget per try that fits inside the lease. Failures are retried
 * with capped backoff for `maxAgeMs` (days by default); repeated failures open the adapter's circuit
 * (see Circuit), so an ERP that is down for hours is probed, not hammered, and its backlog goes out in
 * order when it answers again. A delivery is dead only when refused for good or past its maximum age.
 */
export class DeliveryWorker {
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private inFlight = 0;
  private nextSweepAt = 0;
  private readonly lanes = new Map<string, Lane>();
  private readonly claimer = new CoalescingTask(
    () => this.fill(),
    (err) => this.log.error({ err }, 'claiming deliveries failed; will retry'),
  );
  private readonly settings: IntegrationConfig['deliveries'];
  private readonly unsettled: Settlement[] = [];
  private readonly settler = new CoalescingTask(
    () => this.flushSettlements(),
    (err) => this.log.error({ err }, 'recording delivery outcomes failed'),
  );

  constructor(
    private readonly orm: Orm,
    adapters: ReadonlyMap<string, Adapter>,
    config: IntegrationConfig,
    private readonly log: Logger,
  ) {
    this.settings = config.deliveries;
    for (const adapter of adapters.values()) {
      if (!adapter.deliver) continue;
      const policy = policyFor(
        adapter,
        config.adapters.find((a) => a.name === adapter.name),
        this.settings,
      );
      this.lanes.set(adapter.name, {
        adapter,
        policy,
        circuit: new Circuit(this.settings.circuit.failures, this.settings.circuit.probeMs),
        ...(policy.ratePerSecond ? { limiter: new RateLimiter(policy.ratePerSecond) } : {}),
      });
    }
  }

  /** running; idle when no adapter delivers (nothing to do); stopped before start and after stop. */
  get state(): 'running' | 'idle' | 'stopped' {
    return this.timer ? 'running' : this.idle ? 'idle' : 'stopped';
  }
  private idle = false;

  /** Each delivering adapter's policy and circuit, as this process sees them. */
  get adapters(): ReadonlyMap<string, Readonly<Lane>> {
    return this.lanes;
  }

  start(): void {
    this.idle = this.lanes.size === 0;
    if (this.idle) return;
    this.timer = setInterval(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = undefined;
    this.idle = false;
    await this.claimer.stop();
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
    await this.settler.stop();
  }

  wake(): void {
    this.claimer.wake();
  }

  /** Wakes before the next poll when a probe or a rate-limited try is due sooner. */
  private wakeIn(ms: number | undefined): void {
    if (ms === undefined || ms >= this.settings.pollMs || !this.timer || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.wake();
    }, ms);
    this.soon.unref();
  }

  /** Claims as many due deliveries as the partners can take and sends them, each on its own. */
  private async fill(): Promise<void> {
    await this.expireOld();
    const room = this.settings.concurrency - this.inFlight;
    if (room <= 0) return;
    const claimed = await this.claim(room);
    // One read for the whole claim: the events go out as they are in the log.
    const events = await eventsAt(
      forkEm(this.orm),
      claimed.map(({ row }) => String(row.event_seq)),
    );
    for (const { row, probe } of claimed) {
      this.inFlight++;
      void this.send(row, probe, events.get(String(row.event_seq)))
        .catch((err) => {
          this.log.error({ err, delivery: row.id }, 'recording a delivery outcome failed; the lease will expire and it is sent again');
          if (probe) this.lanes.get(row.adapter)?.circuit.record('unknown', message(err));
        })
        .finally(() => {
          this.inFlight--;
          this.wake();
        });
    }
  }

  private async claim(processRoom: number): Promise<{ row: Claimed; probe: boolean }[]> {
    const names = [...this.lanes.keys()];
    // A hub without adapters has nothing to deliver (and `in ()` is not SQL).
    if (names.length === 0) return [];
    const em = forkEm(this.orm);
    return em.transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
      const busy = await tx.execute<{ adapter: string; event_type: string; n: string | number }[]>(
        `select adapter, event_type, count(*) as n from delivery
         where state = 'IN_FLIGHT' and lease_until >= now() and adapter in (${names.map(() => '?').join(', ')})
         group by adapter, event_type`,
        names,
      );
      const claimed: { row: Claimed; probe: boolean }[] = [];
      for (const [name, lane] of this.lanes) {
        const left = processRoom - claimed.length;
        if (left <= 0) break;
        const rows = await this.claimFor(tx, name, lane, left, busy);
        claimed.push(...rows);
      }
      return claimed;
    });
  }

  /** One adapter's share of a claim: within its circuit, rate, and concurrency per adapter and per event type. */
  private async claimFor(
    tx: EntityManager,
    name: string,
    lane: Lane,
    processRoom: number,
    busy: { adapter: string; event_type: string; n: string | number }[],
  ): Promise<{ row: Claimed; probe: boolean }[]> {
    const circuitRoom = lane.circuit.room();
    if (circuitRoom === 0) {
      this.wakeIn(lane.circuit.nextProbeInMs());
      return [];
    }
    const mine = busy.filter((b) => b.adapter === name);
    const inFlight = (type?: string) => mine.filter((b) => !type || b.event_type === type).reduce((n, b) => n + Number(b.n), 0);
    let room = Math.min(processRoom, circuitRoom, lane.policy.concurrency - inFlight());
    if (lane.limiter) {
      room = Math.min(room, lane.limiter.available());
      if (room <= 0) this.wakeIn(lane.limiter.waitMs());
    }
    if (room <= 0) return [];
    const typeRoom = new Map(Object.entries(lane.policy.concurrencyByEvent).map(([type, max]) => [type, max - inFlight(type)]));
    const full = [...typeRoom].filter(([, r]) => r <= 0).map(([type]) => type);
    // A probe does not wait for a delivery's own backoff (up to maxDelayMs): it takes the one due first.
    const probing = circuitRoom === 1;
    const candidates = await tx.execute<{ id: string; event_type: string }[]>(
      `select d.id, d.event_type from delivery d
       where d.adapter = ? and d.state in ('PENDING', 'IN_FLIGHT')
         -- Only settled events: an earlier one for the same aggregate may still be committing.
         and d.event_seq < event_log_settled_below()
         and ((d.state = 'PENDING' ${probing ? '' : 'and d.next_attempt_at <= now()'}) or (d.state = 'IN_FLIGHT' and d.lease_until < now()))
         ${full.length ? `and d.event_type not in (${full.map(() => '?').join(', ')})` : ''}
         -- The first delivery of its aggregate still on its way. A scalar subquery, so it is one probe of
         -- delivery_open_by_aggregate per candidate whatever the statistics say (an anti-join planned on stale
         -- statistics after a burst of writes scanned the whole backlog per candidate: seconds per claim).
         and d.event_seq = (
           select min(e.event_seq) from delivery e
           where e.adapter = d.adapter and e.aggregate_id = d.aggregate_id and e.state in ('PENDING', 'IN_FLIGHT'))
       order by ${probing ? 'd.next_attempt_at, ' : ''}d.event_seq
       limit ?`,
      [name, ...full, room * 4 + full.length + 4],
    );
    const chosen: string[] = [];
    for (const c of candidates) {
      if (chosen.length >= room) break;
      const r = typeRoom.get(c.event_type);
      if (r !== undefined) {
        if (r <= 0) continue;
        typeRoom.set(c.event_type, r - 1);
      }
      chosen.push(c.id);
    }
    if (!chosen.length) return [];
    const rows = await tx.execute<Claimed[]>(
      `update delivery set state = 'IN_FLIGHT', attempts = delivery.attempts + 1, updated_at = now(),
         lease_until = now() + (? * interval '1 millisecond')
       where id in (${chosen.map(() => '?').join(', ')})
         and (state = 'PENDING' or (state = 'IN_FLIGHT' and lease_until < now()))
       returning id, adapter, event_seq, event_type, attempts, replays, pending_since`,
      [this.settings.leaseMs, ...chosen],
    );
    lane.limiter?.take(rows.length);
    if (probing && rows.length) lane.circuit.probeStarted();
    return rows.map((row) => ({ row, probe: probing }));
  }

  private async send(c: Claimed, probe: boolean, logged: LoggedEvent | undefined): Promise<void> {
    const lane = this.lanes.get(c.adapter)!;
    if (!logged) throw new Error(`event ${c.event_seq} of delivery ${c.id} is not in the log`);
    const event: OutboundEvent = { ...logged, occurredAt: logged.occurredAt.toISOString() };
    const started = Date.now();
    const { result, response, error, retryAfterMs } = await this.attempt(lane, event, c);
    const durationMs = Date.now() - started;
    const age = Date.now() - new Date(c.pending_since).getTime();
    let outcome: Outcome;
    let lastError = error;
    if (result === 'DELIVERED') outcome = 'DELIVERED';
    else if (result === 'PERMANENT') outcome = 'DEAD';
    else if (age >= lane.policy.maxAgeMs) {
      outcome = 'DEAD';
      lastError = `${error} (not delivered within maxAgeMs ${lane.policy.maxAgeMs}: given up)`;
    } else outcome = 'RETRY';
    const delay = Math.min(this.settings.maxDelayMs, retryAfterMs ?? backoffMs(c.attempts, this.settings));
    await this.settle({ c, outcome, durationMs, lastError, response, delayMs: delay });
    if (outcome !== 'DELIVERED')
      this.log.warn({ adapter: c.adapter, delivery: c.id, attempt: c.attempts, outcome, error: lastError }, 'delivery failed');
    await this.judge(lane, c.adapter, result === 'RETRYABLE' ? 'unreachable' : result === 'FAILED' ? 'unknown' : 'answered', error, probe);
  }

  /** Records a try's outcome; resolves once it is committed (batched with the others that finished meanwhile). */
  private settle(s: Omit<Settlement, 'done'>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.unsettled.push({
        ...s,
        done: (err) => (err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(message(err)))),
      });
      this.settler.wake();
    });
  }

  /**
   * Writes every outcome waiting, in one transaction of two statements: the tries, then the deliveries. Only
   * the claim that is still current may settle a delivery (attempts identifies it). A flush that fails fails
   * each send in it; their leases run out and they are sent again, as when a worker dies.
   */
  private async flushSettlements(): Promise<void> {
    while (this.unsettled.length) {
      const batch = this.unsettled.splice(0);
      try {
        await forkEm(this.orm).transactional(async (tx) => {
          await tx.execute(
            `insert into delivery_attempt (id, created_at, updated_at, delivery_id, attempt, replay, outcome, duration_ms, error, response)
             select gen_random_uuid(), now(), now(), x.delivery_id, x.attempt, x.replay, x.outcome, x.duration_ms, x.error, x.response
             from json_to_recordset(?::json) as x(delivery_id uuid, attempt int, replay int, outcome text, duration_ms int, error text, response text)`,
            [
              JSON.stringify(
                batch.map(({ c, outcome, durationMs, lastError, response }) => ({
                  delivery_id: c.id,
                  attempt: c.attempts,
                  replay: c.replays,
                  outcome,
                  duration_ms: durationMs,
                  error: excerpt(lastError, 2000) ?? null,
                  response: excerpt(response) ?? null,
                })),
              ),
            ],
          );
          await tx.execute(
            `update delivery d set
               state = case x.outcome when 'DELIVERED' then 'DELIVERED' when 'DEAD' then 'DEAD' else 'PENDING' end,
               delivered_at = case when x.outcome = 'DELIVERED' then now() else d.delivered_at end,
               lease_until = null, last_error = x.last_error, updated_at = now(),
               next_attempt_at = case when x.outcome = 'RETRY' then now() + (x.delay_ms * interval '1 millisecond') else d.next_attempt_at end
             from json_to_recordset(?::json) as x(id uuid, attempts int, outcome text, last_error text, delay_ms int)
             where d.id = x.id and d.attempts = x.attempts`,
            [
              JSON.stringify(
                batch.map(({ c, outcome, lastError, delayMs }) => ({
                  id: c.id,
                  attempts: c.attempts,
                  outcome,
                  last_error: outcome === 'DELIVERED' ? null : (lastError ?? null),
                  delay_ms: delayMs,
                })),
              ),
            ],
          );
        });
        for (const s of batch) s.done();
      } catch (err) {
        for (const s of batch) s.done(err);
      }
    }
  }

  /** One try within the adapter's budget: the signal aborts when it is spent, and the try counts as timed out. */
  private async attempt(
    lane: Lane,
    event: OutboundEvent,
    c: Claimed,
  ): Promise<{ result: 'DELIVERED' | 'PERMANENT' | 'RETRYABLE' | 'FAILED'; response?: string; error?: string; retryAfterMs?: number }> {
    const budget = lane.policy.timeoutMs;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const spent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new BudgetSpent(`timed out: no answer within the ${budget} ms budget of a try`);
        controller.abort(e);
        reject(e);
      }, budget);
    });
    try {
      const sent = lane.adapter.deliver!(event, {
        id: c.id,
        attempt: c.attempts,
        idempotencyKey: event.id,
        signal: controller.signal,
        deadline: new Date(Date.now() + budget),
      });
      sent.catch(() => undefined); // settled by the race below; a late rejection is not unhandled
      const { response } = await Promise.race([sent, spent]);
      return { result: 'DELIVERED', response };
    } catch (e) {
      if (e instanceof PermanentDeliveryError) return { result: 'PERMANENT', error: e.message };
      if (e instanceof RetryableDeliveryError) return { result: 'RETRYABLE', error: e.message, retryAfterMs: e.retryAfterMs };
      if (e instanceof BudgetSpent || controller.signal.aborted) return { result: 'RETRYABLE', error: message(e) };
      // Anything that is not known to be permanent is retried: an adapter bug must not lose an entry.
      return { result: 'FAILED', error: message(e) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Feeds a try's result to the adapter's circuit; says so when the partner goes down or comes back. */
  private async judge(lane: Lane, name: string, result: TryResult, error: string | undefined, probe: boolean): Promise<void> {
    const before = lane.circuit.state;
    const closed = lane.circuit.record(result, error);
    if (before !== 'DOWN' && lane.circuit.state === 'DOWN') {
      this.log.warn(
        { adapter: name, failures: lane.circuit.consecutiveFailures, error, probeMs: this.settings.circuit.probeMs },
        'adapter is down: its deliveries wait, one is tried every probeMs until it answers',
      );
    }
    if (closed) {
      // The backlog goes now and in order, instead of each delivery waiting out its own backoff.
      const waiting = await forkEm(this.orm).execute<{ id: string }[]>(
        `update delivery set next_attempt_at = now(), updated_at = now()
         where adapter = ? and state = 'PENDING' and next_attempt_at > now() returning id`,
        [name],
      );
      this.log.info({ adapter: name, waiting: waiting.length, probe }, 'adapter answers again: its waiting deliveries follow in order');
      this.wake();
    }
  }

  /** Deliveries still waiting past their adapter's maximum age are dead (an operator may replay them). */
  private async expireOld(): Promise<void> {
    const now = Date.now();
    if (now < this.nextSweepAt) return;
    const ages = [...this.lanes.values()].map((l) => l.policy.maxAgeMs);
    this.nextSweepAt = now + Math.max(100, Math.min(60_000, Math.floor(Math.min(...ages) / 20)));
    const em = forkEm(this.orm);
    for (const [name, lane] of this.lanes) {
      const expired = await em.execute<{ id: string }[]>(
        `update delivery set state = 'DEAD', lease_until = null, updated_at = now(),
           last_error = coalesce(last_error || ' ', '') || ?
         where adapter = ? and state = 'PENDING' and pending_since < now() - (? * interval '1 millisecond')
         returning id`,
        [`(not delivered within maxAgeMs ${lane.policy.maxAgeMs}: given up)`, name, lane.policy.maxAgeMs],
      );
      if (expired.length) this.log.warn({ adapter: name, deliveries: expired.length }, 'deliveries past their maximum age are dead');
    }
  }
}
