import type { Logger } from 'pino';
import { CoalescingTask } from '../../kernel/common/coalescing-task';
import { forkEm, type EntityManager, type Orm } from '../../kernel/db/orm';
import type { IntegrationConfig } from './integration-config';
import { PermanentDeliveryError, RetryableDeliveryError, type Adapter, type OutboundEvent } from '../../contract/adapter';
import { toLoggedEvent, type EventRow } from '../../kernel/events/event-log.service';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { backoffMs, Circuit, policyFor, RateLimiter, type AdapterPolicy, type TryResult } from './delivery-policy';
import { TryBudget } from './try-budget';

export { backoffMs } from './delivery-policy';

interface Claimed {
  id: string;
  adapter: string;
  aggregate_id: string;
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

/**
 * Deliveries of one aggregate claimed together, in their order: one worker sends them one after another,
 * so the aggregate's order holds without a claim per delivery. `claimedAt` is taken before the claim's
 * transaction began, so every lease in it ends no earlier than claimedAt + leaseMs.
 */
interface Chain {
  adapter: string;
  rows: { c: Claimed; event?: LoggedEvent }[];
  probe: boolean;
  claimedAt: number;
}

/**
 * A chain goes on for at most this long and this many deliveries, then gives the rest back: the next claim
 * takes the heads of all aggregates in the order of the log again, so a deep queue does not hold its slot
 * while others wait. Each chain's end waits for its outcomes to be written and for a claim, so long chains
 * drain faster (P5: 64 against 16 was 1.2–1.4× the drain); the time bound keeps it fair.
 */
const CHAIN_MS = 1000;
const CHAIN_MAX = 64;

/**
 * A try's outcome waiting to be written with the others that finished meanwhile; RELEASE gives an untried
 * delivery of a chain back to the queue, taking back the attempt its claim counted.
 */
interface Settlement {
  c: Claimed;
  outcome: Outcome | 'RELEASE';
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
 * completion never overtakes its start. A claim takes the first delivery of an aggregate with the ones
 * due behind it (a chain, see Chain): they go one after another without another claim, and outcomes are
 * written in batches, so a deep queue per aggregate costs a fraction of a statement per delivery.
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
  /** Chains under way in this process: each sends one delivery at a time. */
  private inFlight = 0;
  private stopping = false;
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
    this.stopping = false;
    if (this.idle) return;
    this.timer = setInterval(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    // Chains give back what they have not sent yet; what is under way finishes and is recorded.
    this.stopping = true;
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

  /** Claims as many due deliveries as the partners can take and sends them, a chain per aggregate. */
  private async fill(): Promise<void> {
    await this.expireOld();
    const room = this.settings.concurrency - this.inFlight;
    if (room <= 0 || this.stopping) return;
    for (const chain of await this.claim(room)) {
      this.inFlight++;
      void this.run(chain)
        .catch((err) =>
          this.log.error({ err, adapter: chain.adapter }, 'a chain of deliveries failed; their leases expire and they are sent again'),
        )
        .finally(() => {
          this.inFlight--;
          this.wake();
        });
    }
  }

  private async claim(processRoom: number): Promise<Chain[]> {
    const names = [...this.lanes.keys()];
    // A hub without adapters has nothing to deliver (and `in ()` is not SQL).
    if (names.length === 0) return [];
    const claimedAt = Date.now();
    const em = forkEm(this.orm);
    return em.transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
      // What is under way, all processes together: a chain sends one delivery at a time, so it is its aggregate that counts.
      const busy = await tx.execute<{ adapter: string; event_type: string; n: string | number }[]>(
        `select adapter, event_type, count(distinct aggregate_id) as n from delivery
         where state = 'IN_FLIGHT' and lease_until >= now() and adapter in (${names.map(() => '?').join(', ')})
         group by adapter, event_type`,
        names,
      );
      const claimed: Chain[] = [];
      for (const [name, lane] of this.lanes) {
        const left = processRoom - claimed.length;
        if (left <= 0) break;
        claimed.push(...(await this.claimFor(tx, name, lane, left, busy, claimedAt)));
      }
      return claimed;
    });
  }

  /**
   * One adapter's share of a claim: within its circuit, rate, and concurrency per adapter and per event type,
   * the first deliveries of as many aggregates, each with the deliveries due behind it.
   */
  private async claimFor(
    tx: EntityManager,
    name: string,
    lane: Lane,
    processRoom: number,
    busy: { adapter: string; event_type: string; n: string | number }[],
    claimedAt: number,
  ): Promise<Chain[]> {
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
    // A probe is one try; a rate is counted per try, so a rate-limited partner gets no chains.
    const chainMax = probing || lane.limiter ? 1 : CHAIN_MAX;
    const candidates = await tx.execute<{ head: string; id: string; event_type: string; claimable: boolean }[]>(
      `with heads as materialized (
         select d.id, d.aggregate_id, d.event_seq, d.next_attempt_at from delivery d
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
         limit ?)
       -- Each first delivery with the ones behind it, in order (delivery_open_by_aggregate again).
       select h.id as head, f.id, f.event_type, f.claimable
       from heads h cross join lateral (
         select f.id, f.event_type, f.event_seq,
           (f.state = 'PENDING' and f.next_attempt_at <= now()) or (f.state = 'IN_FLIGHT' and f.lease_until < now()) as claimable
         from delivery f
         where f.adapter = ? and f.aggregate_id = h.aggregate_id and f.state in ('PENDING', 'IN_FLIGHT')
           and f.event_seq >= h.event_seq and f.event_seq < event_log_settled_below()
         order by f.event_seq
         limit ?) f
       order by ${probing ? 'h.next_attempt_at, ' : ''}h.event_seq, f.event_seq`,
      // With concurrencies per event type some heads may be skipped, so more are read than there is room for.
      [name, ...full, typeRoom.size ? room * 4 + full.length + 4 : room, name, chainMax],
    );
    const chosen: { type: string; ids: string[]; open: boolean }[] = [];
    for (const c of candidates) {
      if (c.id === c.head) {
        if (chosen.length >= room) break;
        const r = typeRoom.get(c.event_type);
        if (r !== undefined) {
          if (r <= 0) continue;
          typeRoom.set(c.event_type, r - 1);
        }
        chosen.push({ type: c.event_type, ids: [c.id], open: true });
        continue;
      }
      const chain = chosen.at(-1);
      if (!chain?.open || chain.ids[0] !== c.head) continue;
      // A chain stops at the first delivery not due (it waits out its backoff) and before another event type
      // with a concurrency of its own (a chain counts against its first delivery's type only).
      if (!c.claimable || (c.event_type !== chain.type && lane.policy.concurrencyByEvent[c.event_type] !== undefined)) chain.open = false;
      else chain.ids.push(c.id);
    }
    if (!chosen.length) return [];
    const ids = chosen.flatMap((c) => c.ids);
    const rows = await tx.execute<
      (EventRow & { d_id: string; d_attempts: number; d_replays: number; d_pending_since: Date | string } & Record<string, unknown>)[]
    >(
      `with claimed as (
         update delivery set state = 'IN_FLIGHT', attempts = delivery.attempts + 1, updated_at = now(),
           lease_until = now() + (? * interval '1 millisecond')
         where id in (${ids.map(() => '?').join(', ')})
           and (state = 'PENDING' or (state = 'IN_FLIGHT' and lease_until < now()))
         returning id, adapter, aggregate_id, event_seq, event_type, attempts, replays, pending_since)
       -- The events they carry, read in the same statement: they go out as they are in the log.
       select c.id as d_id, c.adapter as d_adapter, c.aggregate_id as d_aggregate_id, c.event_seq as d_event_seq,
         c.event_type as d_event_type, c.attempts as d_attempts, c.replays as d_replays, c.pending_since as d_pending_since, e.*
       from claimed c left join event_log e on e.seq = c.event_seq`,
      [this.settings.leaseMs, ...ids],
    );
    const byId = new Map(
      rows.map((r) => [
        r.d_id,
        {
          c: {
            id: r.d_id,
            adapter: String(r.d_adapter),
            aggregate_id: String(r.d_aggregate_id),
            event_seq: r.d_event_seq as string | number,
            event_type: String(r.d_event_type),
            attempts: Number(r.d_attempts),
            replays: Number(r.d_replays),
            pending_since: r.d_pending_since,
          },
          event: r.seq === null ? undefined : toLoggedEvent(r),
        },
      ]),
    );
    const chains: Chain[] = [];
    const stray: Claimed[] = [];
    for (const { ids } of chosen) {
      // Under the claim lock every chosen delivery is taken; should one not be, the chain ends before it.
      const gap = ids.findIndex((id) => !byId.has(id));
      const kept = gap === -1 ? ids : ids.slice(0, gap);
      for (const id of gap === -1 ? [] : ids.slice(gap)) if (byId.has(id)) stray.push(byId.get(id)!.c);
      if (kept.length) chains.push({ adapter: name, rows: kept.map((id) => byId.get(id)!), probe: probing, claimedAt });
    }
    if (stray.length) void this.release(stray).catch(() => undefined);
    lane.limiter?.take(chains.length);
    if (probing && chains.length) lane.circuit.probeStarted();
    return chains;
  }

  /** Whether a chain may send its next delivery: in time for its lease and its turn, and the partner still up. */
  private mayGoOn(lane: Lane, chain: Chain, startedAt: number): boolean {
    if (this.stopping) return false;
    // Opened meanwhile (by this chain's or another's failures): from now on one probe at a time.
    if (lane.circuit.room() !== Infinity) return false;
    const now = Date.now();
    return now - startedAt < CHAIN_MS && now - chain.claimedAt + lane.policy.timeoutMs <= this.settings.leaseMs * 0.75;
  }

  /**
   * Sends a chain's deliveries one after another. The next goes once the previous one's outcome is known,
   * not once it is written (a crash before the write re-sends both, in order, with their keys). A retry
   * ends the chain: what is behind it waits for it. The rest is given back when the chain ends early.
   */
  private async run(chain: Chain): Promise<void> {
    const lane = this.lanes.get(chain.adapter)!;
    const writes: Promise<void>[] = [];
    const started = Date.now();
    let unwritten = false;
    let next = 0;
    try {
      while (next < chain.rows.length) {
        if (next > 0 && (unwritten || !this.mayGoOn(lane, chain, started))) break;
        const { c, event } = chain.rows[next];
        const probe = chain.probe && next === 0;
        if (!event) {
          if (probe) lane.circuit.record('unknown', `event ${c.event_seq} is not in the log`);
          next++;
          throw new Error(`event ${c.event_seq} of delivery ${c.id} is not in the log`);
        }
        next++;
        const { outcome, written } = await this.send(c, probe, event, chain.claimedAt);
        writes.push(
          written.catch((err: unknown) => {
            unwritten = true;
            this.log.error({ err, delivery: c.id }, 'recording a delivery outcome failed; the lease will expire and it is sent again');
          }),
        );
        if (outcome === 'RETRY') break;
      }
    } finally {
      const rest = chain.rows.slice(next).map((r) => r.c);
      if (rest.length) writes.push(this.release(rest).catch(() => undefined));
      await Promise.all(writes);
    }
  }

  /** Gives untried deliveries back to the queue (their lease would otherwise hold the aggregate until it runs out). */
  private release(rows: Claimed[]): Promise<void> {
    return Promise.all(rows.map((c) => this.settle({ c, outcome: 'RELEASE', durationMs: 0, delayMs: 0 }))).then(() => undefined);
  }

  /** One try and its outcome; `written` resolves once the outcome is committed. */
  private async send(
    c: Claimed,
    probe: boolean,
    logged: LoggedEvent,
    claimedAt: number,
  ): Promise<{ outcome: Outcome; written: Promise<void> }> {
    const lane = this.lanes.get(c.adapter)!;
    const event: OutboundEvent = { ...logged, occurredAt: logged.occurredAt.toISOString() };
    const started = Date.now();
    // However long the hub itself is held up, a try ends in time to record its outcome within the lease.
    const hardMs = claimedAt + this.settings.leaseMs * 0.9 - started;
    const { result, response, error, retryAfterMs } = await this.attempt(lane, event, c, hardMs);
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
    const written = this.settle({ c, outcome, durationMs, lastError, response, delayMs: delay });
    written.catch(() => undefined); // the chain handles it
    if (outcome !== 'DELIVERED')
      this.log.warn({ adapter: c.adapter, delivery: c.id, attempt: c.attempts, outcome, error: lastError }, 'delivery failed');
    await this.judge(lane, c.adapter, result === 'RETRYABLE' ? 'unreachable' : result === 'FAILED' ? 'unknown' : 'answered', error, probe);
    return { outcome, written };
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
   * each send in it and ends their chains; their leases run out and they are sent again, as when a worker dies.
   */
  private async flushSettlements(): Promise<void> {
    while (this.unsettled.length) {
      const batch = this.unsettled.splice(0);
      const tried = batch.filter((s) => s.outcome !== 'RELEASE');
      try {
        await forkEm(this.orm).transactional(async (tx) => {
          if (tried.length)
            await tx.execute(
              `insert into delivery_attempt (id, created_at, updated_at, delivery_id, attempt, replay, outcome, duration_ms, error, response)
             select gen_random_uuid(), now(), now(), x.delivery_id, x.attempt, x.replay, x.outcome, x.duration_ms, x.error, x.response
             from json_to_recordset(?::json) as x(delivery_id uuid, attempt int, replay int, outcome text, duration_ms int, error text, response text)`,
              [
                JSON.stringify(
                  tried.map(({ c, outcome, durationMs, lastError, response }) => ({
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
               attempts = case when x.outcome = 'RELEASE' then d.attempts - 1 else d.attempts end,
               delivered_at = case when x.outcome = 'DELIVERED' then now() else d.delivered_at end,
               lease_until = null, updated_at = now(),
               last_error = case when x.outcome = 'RELEASE' then d.last_error else x.last_error end,
               next_attempt_at = case when x.outcome = 'RETRY' then now() + (x.delay_ms * interval '1 millisecond') else d.next_attempt_at end
             from json_to_recordset(?::json) as x(id uuid, attempts int, outcome text, last_error text, delay_ms int)
             where d.id = x.id and d.attempts = x.attempts
               -- A claim whose lease ran out may be another worker's by now: only a claim still held is given back.
               and (x.outcome <> 'RELEASE' or (d.state = 'IN_FLIGHT' and d.lease_until > now()))`,
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

  /**
   * One try within the adapter's budget: the signal aborts when it is spent, and the try counts as timed out.
   * The budget is the partner's time, not the hub's (see TryBudget): an answer that came while the hub was
   * held up is read, not taken for a timeout and sent again.
   */
  private async attempt(
    lane: Lane,
    event: OutboundEvent,
    c: Claimed,
    hardMs: number,
  ): Promise<{ result: 'DELIVERED' | 'PERMANENT' | 'RETRYABLE' | 'FAILED'; response?: string; error?: string; retryAfterMs?: number }> {
    const budget = lane.policy.timeoutMs;
    const controller = new AbortController();
    let timer: TryBudget | undefined;
    const spent = new Promise<never>((_, reject) => {
      timer = new TryBudget(budget, hardMs, () => {
        const e = new BudgetSpent(`timed out: no answer within the ${budget} ms budget of a try`);
        controller.abort(e);
        reject(e);
      });
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
      timer?.cancel();
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
      try {
        const waiting = await forkEm(this.orm).execute<{ id: string }[]>(
          `update delivery set next_attempt_at = now(), updated_at = now()
           where adapter = ? and state = 'PENDING' and next_attempt_at > now() returning id`,
          [name],
        );
        this.log.info({ adapter: name, waiting: waiting.length, probe }, 'adapter answers again: its waiting deliveries follow in order');
      } catch (err) {
        // Then each waits out its own backoff (at most maxDelayMs); nothing is lost.
        this.log.error({ err, adapter: name }, 'adapter answers again, but its waiting deliveries could not be brought forward');
      }
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
