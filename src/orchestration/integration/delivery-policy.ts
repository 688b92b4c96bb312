import type { Adapter, DeliveryLimits } from '../../contract/adapter';
import type { AdapterEntry, IntegrationConfig } from './integration-config';

type Settings = IntegrationConfig['deliveries'];

/** Exponential backoff with jitter: base·2^(n-1), capped, then a random point in its upper half. */
export function backoffMs(attempt: number, s: Pick<Settings, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const ceiling = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What the worker holds to for one adapter: the adapter's declaration, overridden by its config entry. */
export interface AdapterPolicy {
  /** Deliveries at once, all processes together. */
  concurrency: number;
  concurrencyByEvent: Readonly<Record<string, number>>;
  ratePerSecond?: number;
  /** One try's budget; always below the lease. */
  timeoutMs: number;
  maxAgeMs: number;
}

/** The HTTP timeout an adapter gets when it names none: half the lease, at most 10 s. */
export function defaultTimeoutMs(settings: Settings): number {
  return Math.min(10_000, Math.floor(settings.leaseMs / 2));
}

/**
 * Resolves an adapter's policy. A budget the adapter declares is kept inside the lease (at most three
 * quarters of it, leaving time to record the outcome); one set in the config must fit, or start-up stops.
 */
export function policyFor(adapter: Adapter, entry: AdapterEntry | undefined, settings: Settings): AdapterPolicy {
  const declared: DeliveryLimits = adapter.limits ?? {};
  const configured = entry?.limits ?? {};
  const optionTimeout = entry?.options.timeoutMs === undefined ? undefined : Number(entry.options.timeoutMs);
  if (configured.timeoutMs !== undefined && configured.timeoutMs >= settings.leaseMs) {
    throw new Error(
      `HUB_CONFIG: adapter ${adapter.name} has limits.timeoutMs ${configured.timeoutMs}, which must be below deliveries.leaseMs (${settings.leaseMs})`,
    );
  }
  const fitted = Math.floor(settings.leaseMs * 0.75);
  // Without a declared budget, one request's timeout plus a second's grace, so the adapter's own
  // (more telling) timeout error comes first; never below that timeout, never past the lease.
  const requestTimeout = optionTimeout ?? defaultTimeoutMs(settings);
  const timeoutMs =
    configured.timeoutMs ??
    (declared.timeoutMs ? Math.min(declared.timeoutMs, fitted) : Math.max(requestTimeout, Math.min(requestTimeout + 1000, fitted)));
  const concurrency = configured.concurrency ?? declared.concurrency ?? settings.concurrency;
  const ratePerSecond = configured.ratePerSecond ?? declared.ratePerSecond;
  return {
    concurrency,
    concurrencyByEvent: { ...declared.concurrencyByEvent, ...configured.concurrencyByEvent },
    ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
    timeoutMs,
    maxAgeMs: entry?.maxAgeMs ?? settings.maxAgeMs,
  };
}

/** A token bucket: `ratePerSecond` tries a second, bursts of at most one second's worth (and at least one). */
export class RateLimiter {
  private tokens: number;
  private at: number;
  private readonly capacity: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
    this.at = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.at) / 1000) * this.ratePerSecond);
    this.at = t;
  }

  /** Whole tries that may start now. */
  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  take(n: number): void {
    this.tokens -= n;
  }

  /** Milliseconds until the next try may start (0 when one may now). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }
}

export type AdapterState = 'UP' | 'DEGRADED' | 'DOWN';

/** How a try ended, as the circuit sees it. */
export type TryResult = 'answered' | 'unreachable' | 'unknown';

/**
 * One adapter's circuit, in this process. Closed, it lets deliveries through and counts the partner's
 * consecutive failures; at `failures` it opens: nothing is sent but one probe every `probeMs` (the
 * delivery due first, without waiting for its own backoff; per-aggregate order still holds). When a probe is answered the circuit closes and the backlog follows
 * at once, in order. A permanent refusal is an answer: the partner is up. An error that says nothing about
 * the partner (an adapter bug) neither opens nor closes it.
 */
export class Circuit {
  private streak = 0;
  private streakSince?: Date;
  private upSince: Date;
  private open = false;
  private probing = false;
  private probeAt = 0;
  lastError?: string;

  constructor(
    private readonly failures: number,
    private readonly probeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.upSince = now();
  }

  /** How many deliveries may be claimed now: all (Infinity) when closed, 1 when a probe is due, else 0. */
  room(): number {
    if (!this.open) return Infinity;
    if (this.probing || this.now().getTime() < this.probeAt) return 0;
    return 1;
  }

  /** The claimed delivery is the probe (call when room() was 1 and one was claimed). */
  probeStarted(): void {
    if (this.open) this.probing = true;
  }

  /** Milliseconds until the next probe is due, when open and not probing. */
  nextProbeInMs(): number | undefined {
    if (!this.open || this.probing) return undefined;
    return Math.max(0, this.probeAt - this.now().getTime());
  }

  get nextProbeAt(): Date | undefined {
    return this.open ? new Date(this.probeAt) : undefined;
  }

  /** Records a try's result; true when this closed the circuit (the backlog may go now). */
  record(result: TryResult, error?: string): boolean {
    const wasOpen = this.open;
    this.probing = false;
    if (result === 'answered') {
      this.lastError = undefined;
      if (this.streak > 0 || wasOpen) this.upSince = this.now();
      this.streak = 0;
      this.streakSince = undefined;
      this.open = false;
      return wasOpen;
    }
    if (result === 'unknown') {
      this.lastError = error;
      // This one said nothing about the partner; the next probe (another delivery, the one due first) decides.
      if (this.open) this.probeAt = this.now().getTime() + this.probeMs;
      return false;
    }
    this.lastError = error;
    this.streak++;
    this.streakSince ??= this.now();
    if (this.open || this.streak >= this.failures) {
      this.open = true;
      this.probeAt = this.now().getTime() + this.probeMs;
    }
    return false;
  }

  get state(): AdapterState {
    return this.open ? 'DOWN' : this.streak > 0 ? 'DEGRADED' : 'UP';
  }

  /** Since when the adapter is in its state: the first failure of the streak, or when it last came up. */
  get since(): Date {
    return this.streakSince ?? this.upSince;
  }

  get consecutiveFailures(): number {
    return this.streak;
  }
}
