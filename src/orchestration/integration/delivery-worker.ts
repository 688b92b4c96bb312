import type { Logger } from 'pino';
import { CoalescingTask } from '../../kernel/common/coalescing-task';
import { forkEm, type Orm } from '../../kernel/db/orm';
import type { IntegrationConfig } from './integration-config';
import { PermanentDeliveryError, RetryableDeliveryError, type Adapter, type OutboundEvent } from '../../contract/adapter';
import { eventAt } from '../../kernel/events/event-log.service';

interface Claimed {
  id: string;
  adapter: string;
  event_seq: string | number;
  attempts: number;
}

type Settings = IntegrationConfig['deliveries'];

/** Exponential backoff with jitter: base·2^(n-1), capped, then a random point in its upper half. */
export function backoffMs(attempt: number, s: Pick<Settings, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const ceiling = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const excerpt = (s: string | undefined, n = 500) => (s && s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * The outbox consumer. Workers in any number of hub processes claim due deliveries with
 * FOR UPDATE SKIP LOCKED, so each is taken by one worker at a time; a claim is a lease, and a delivery
 * whose worker died (say, SIGKILL mid-send) is taken again when the lease runs out — re-sent with the
 * same idempotency key. A delivery waits while an earlier one for the same aggregate and adapter is still
 * on its way, so a work order's completion never overtakes its start. Dead deliveries do not hold up the
 * ones after them: they are parked for an operator to replay.
 */
export class DeliveryWorker {
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private readonly claimer = new CoalescingTask(
    () => this.fill(),
    (err) => this.log.error({ err }, 'claiming deliveries failed; will retry'),
  );

  constructor(
    private readonly orm: Orm,
    private readonly adapters: ReadonlyMap<string, Adapter>,
    private readonly settings: Settings,
    private readonly log: Logger,
  ) {}

  /** running; idle when no adapter delivers (nothing to do); stopped before start and after stop. */
  get state(): 'running' | 'idle' | 'stopped' {
    return this.timer ? 'running' : this.idle ? 'idle' : 'stopped';
  }
  private idle = false;

  start(): void {
    this.idle = ![...this.adapters.values()].some((a) => a.deliver);
    if (this.idle) return;
    this.timer = setInterval(() => this.wake(), this.settings.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.idle = false;
    await this.claimer.stop();
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  }

  wake(): void {
    this.claimer.wake();
  }

  /** Claims as many due deliveries as there is room for and sends them, each on its own. */
  private async fill(): Promise<void> {
    const room = this.settings.concurrency - this.inFlight;
    if (room <= 0) return;
    const names = [...this.adapters.values()].filter((a) => a.deliver).map((a) => a.name);
    const claimed = await this.claim(names, room);
    for (const c of claimed) {
      this.inFlight++;
      void this.send(c)
        .catch((err) =>
          this.log.error({ err, delivery: c.id }, 'recording a delivery outcome failed; the lease will expire and it is sent again'),
        )
        .finally(() => {
          this.inFlight--;
          this.wake();
        });
    }
  }

  private async claim(adapters: string[], limit: number): Promise<Claimed[]> {
    if (adapters.length === 0) return [];
    const em = forkEm(this.orm);
    return em.transactional((tx) =>
      tx.execute<Claimed[]>(
        `with due as (
           select d.id from delivery d
           where d.adapter in (${adapters.map(() => '?').join(', ')})
             -- Only settled events: an earlier one for the same aggregate may still be committing.
             and d.event_seq < event_log_settled_below()
             and ((d.state = 'PENDING' and d.next_attempt_at <= now())
               or (d.state = 'IN_FLIGHT' and d.lease_until < now()))
             and not exists (
               select 1 from delivery e
               where e.adapter = d.adapter and e.aggregate_id = d.aggregate_id and e.event_seq < d.event_seq
                 and e.state in ('PENDING', 'IN_FLIGHT'))
           order by d.event_seq
           limit ?
           for update skip locked
         )
         update delivery set state = 'IN_FLIGHT', attempts = delivery.attempts + 1, updated_at = now(),
           lease_until = now() + (? * interval '1 millisecond')
         from due where delivery.id = due.id
         returning delivery.id, delivery.adapter, delivery.event_seq, delivery.attempts`,
        [...adapters, limit, this.settings.leaseMs],
      ),
    );
  }

  private async send(c: Claimed): Promise<void> {
    const adapter = this.adapters.get(c.adapter)!;
    const em = forkEm(this.orm);
    const logged = await eventAt(em, String(c.event_seq));
    if (!logged) throw new Error(`event ${c.event_seq} of delivery ${c.id} is not in the log`);
    const event: OutboundEvent = { ...logged, occurredAt: logged.occurredAt.toISOString() };
    const started = Date.now();
    let outcome: 'DELIVERED' | 'RETRY' | 'DEAD';
    let error: string | undefined;
    let response: string | undefined;
    let retryAfterMs: number | undefined;
    try {
      response = (await adapter.deliver!(event, { id: c.id, attempt: c.attempts, idempotencyKey: event.id })).response;
      outcome = 'DELIVERED';
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      if (e instanceof PermanentDeliveryError) outcome = 'DEAD';
      else {
        // Anything that is not known to be permanent is retried: an adapter bug must not lose an entry.
        retryAfterMs = e instanceof RetryableDeliveryError ? e.retryAfterMs : undefined;
        outcome = c.attempts >= this.settings.maxAttempts ? 'DEAD' : 'RETRY';
      }
    }
    const durationMs = Date.now() - started;
    const delay = Math.min(this.settings.maxDelayMs, retryAfterMs ?? backoffMs(c.attempts, this.settings));
    await em.transactional(async (tx) => {
      await tx.execute(
        `insert into delivery_attempt (id, created_at, updated_at, delivery_id, attempt, outcome, duration_ms, error, response)
         values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?)`,
        [c.id, c.attempts, outcome, durationMs, excerpt(error, 2000) ?? null, excerpt(response) ?? null],
      );
      // Only the claim that is still current may settle the delivery (attempts identifies it).
      await tx.execute(
        outcome === 'DELIVERED'
          ? `update delivery set state = 'DELIVERED', delivered_at = now(), lease_until = null, last_error = null, updated_at = now()
             where id = ? and attempts = ?`
          : outcome === 'DEAD'
            ? `update delivery set state = 'DEAD', lease_until = null, last_error = ?, updated_at = now() where id = ? and attempts = ?`
            : `update delivery set state = 'PENDING', lease_until = null, last_error = ?, updated_at = now(),
                 next_attempt_at = now() + (? * interval '1 millisecond') where id = ? and attempts = ?`,
        outcome === 'DELIVERED' ? [c.id, c.attempts] : outcome === 'DEAD' ? [error, c.id, c.attempts] : [error, delay, c.id, c.attempts],
      );
    });
    if (outcome !== 'DELIVERED')
      this.log.warn({ adapter: c.adapter, delivery: c.id, attempt: c.attempts, outcome, error }, 'delivery failed');
  }
}
