import type { AxiosInstance } from 'axios';
import type { Logger } from 'pino';

/**
 * The adapter contract. The core never imports an adapter: adapters live in adapters/<module>/, import
 * this file, and are loaded by name from the hub's configuration. An adapter is an interface with a
 * lifecycle, given its infrastructure in one options object.
 */
export type AdapterKind = 'erp' | 'finance' | 'supplier' | 'customer';

/** An event as an adapter receives it: the state after the change, and the key to deduplicate on. */
export interface OutboundEvent {
  id: string;
  seq: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  /** 1 for the first try; the numbering goes on across replays. */
  attempt: number;
  /** Send this along; the receiver deduplicates on it. It is the event id, the same on every retry. */
  idempotencyKey: string;
  /**
   * Aborted when this try's time budget (`DeliveryLimits.timeoutMs`) is spent: stop sending and let the
   * hub retry. Set by the hub; optional so that adapters and their tests may call `deliver` directly.
   */
  signal?: AbortSignal;
  /** When the budget runs out if the hub is not held up meanwhile (`signal` aborts then, or a little later). */
  deadline?: Date;
}

/**
 * What the partner can take, declared by the adapter; an adapter entry's `limits` in the hub's
 * configuration overrides each value. All optional: without them the hub's `deliveries` settings apply.
 */
export interface DeliveryLimits {
  /** At most this many deliveries to this adapter at once (all hub processes together). */
  concurrency?: number;
  /** Per event type, at most this many at once, e.g. `{ JournalEntryPosted: 1 }` for a partner that numbers posts. */
  concurrencyByEvent?: Readonly<Record<string, number>>;
  /** At most this many tries started per second (each hub process), e.g. 0.5 for one every two seconds. */
  ratePerSecond?: number;
  /**
   * How long one delivery may take, all its calls together. The hub aborts `Delivery.signal` then and
   * keeps the budget inside its delivery lease, so a slow try is never sent twice at once.
   */
  timeoutMs?: number;
}

export interface DeliveryOutcome {
  /** A short excerpt of what the other side answered, kept with the attempt. */
  response?: string;
}

/**
 * The other side may accept it later (unreachable, timed out, overloaded, 5xx, 429): the delivery is
 * retried with backoff, and repeated ones open the adapter's circuit (the hub pauses and probes). Any
 * other error that is not permanent (an adapter bug, say) is retried too, but does not count against the
 * partner.
 */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The other side will never accept it as it is: the delivery is parked as dead at once. */
export class PermanentDeliveryError extends Error {}

/** What a pull found, record by record; the hub imports each (idempotent upserts on external refs). */
export interface PullBatch {
  items?: ImportedItem[];
  boms?: ImportedBom[];
  salesOrders?: ImportedSalesOrder[];
  /** Where the next pull starts; stored only after this batch was imported. */
  cursor: string | null;
  /** More is waiting: pull again at once. */
  more?: boolean;
}

export interface ImportedPartner {
  externalId: string;
  code: string;
  name: string;
  email?: string;
}

export interface ImportedItem {
  externalId: string;
  sku: string;
  name: string;
  type: 'RAW' | 'SEMI' | 'FINISHED';
  unit?: string;
  tracking?: 'NONE' | 'LOT' | 'SERIAL';
  standardCost?: string;
  leadTimeDays?: number;
}

export interface ImportedBom {
  externalId: string;
  /** The parent item, by its external id in the same system. */
  itemExternalId: string;
  lines: { componentExternalId: string; qtyPer: string; scrapPct?: string }[];
}

export interface ImportedSalesOrder {
  externalId: string;
  customer: ImportedPartner;
  customerReference?: string;
  lines: { itemExternalId: string; qty: string; dueDate: string }[];
}

export interface AdapterHealth {
  ok: boolean;
  detail?: string;
}

export interface AdapterInfrastructure {
  /** The adapter's name in the configuration (one module may serve several, e.g. two webhooks). */
  name: string;
  /** The adapter's own options from the configuration; secrets are read from the environment. */
  options: Record<string, unknown>;
  log: Logger;
  /** An HTTP client with the hub's defaults: a timeout and no redirects followed. */
  http: AxiosInstance;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

export interface Adapter {
  readonly name: string;
  readonly kind: AdapterKind;
  /** The event types it wants delivered. */
  readonly events: readonly string[];
  /** What the partner can take (concurrency, rate, time per delivery); see DeliveryLimits. */
  readonly limits?: DeliveryLimits;
  // Operations are plain functions (adapters are object literals), so the hub may pass them around.
  init?: () => Promise<void>;
  destroy?: () => Promise<void>;
  deliver?: (event: OutboundEvent, delivery: Delivery) => Promise<DeliveryOutcome>;
  /** Scheduled imports: what changed since `cursor`. */
  pull?: (cursor: string | null) => Promise<PullBatch>;
  /** The secret that signs what this system pushes to POST /hooks/<name>, if it pushes. */
  inboundSecret?: () => string | undefined;
  health: () => Promise<AdapterHealth>;
}

/** What an adapter module under adapters/<module>/ exports. */
export type AdapterFactory = (infra: AdapterInfrastructure) => Adapter;

/** A value from options or an event payload as text: strings and numbers as written, anything else the fallback. */
export function textOf(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return fallback;
}
