import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const limits = z.object({
  concurrency: z.number().int().min(1).max(64).optional(),
  concurrencyByEvent: z.record(z.string(), z.number().int().min(1).max(64)).optional(),
  ratePerSecond: z.number().positive().max(10_000).optional(),
  timeoutMs: z.number().int().min(100).optional(),
});

const HOUR = 3_600_000;

const adapterEntry = z.object({
  /** Unique name: deliveries, sync runs and /hooks/<name> use it. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'lower-case letters, digits and dashes'),
  /** The folder under adapters/ that implements it. */
  module: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
  enabled: z.boolean().default(true),
  /** Overrides the event types the adapter asks for. */
  events: z.array(z.string()).optional(),
  /** A cron expression for scheduled pulls (node-cron syntax), if the adapter pulls. */
  schedule: z.string().optional(),
  options: z.record(z.string(), z.unknown()).default({}),
  /** How long this adapter's deliveries keep being retried; overrides deliveries.maxAgeMs. */
  maxAgeMs: z.number().int().min(1000).optional(),
  /** Overrides what the adapter declares the partner can take (src/contract/adapter.ts DeliveryLimits). */
  limits: limits.optional(),
});

const accounts = z.object({
  inventory: z.string().default('1400'),
  wip: z.string().default('1410'),
  grni: z.string().default('2100'),
  scrap: z.string().default('5900'),
  cogs: z.string().default('5000'),
  /** Labour absorbed into work in progress (credited as operators' time is costed to work orders). */
  labour: z.string().default('5710'),
  /** Machine time absorbed into work in progress. */
  machine: z.string().default('5720'),
  /** Production variances: what is left in a work order's WIP when it closes. */
  variance: z.string().default('5800'),
  /** Inventory adjustments: stock found or lost at a count or a correction. */
  adjustment: z.string().default('5910'),
  /** Maintenance expense: spare parts used on maintenance orders. */
  maintenance: z.string().default('5730'),
});

export const integrationSchema = z.object({
  adapters: z.array(adapterEntry).default([]),
  deliveries: z
    .object({
      // Retries are measured in time, not tries: an ERP down for a night must not lose its deliveries.
      maxAttempts: z
        .unknown()
        .refine((v) => v === undefined, 'was replaced by maxAgeMs (deliveries are retried for a time, not a number of tries)')
        .optional(),
      baseDelayMs: z.number().int().min(10).default(1000),
      /** The backoff's cap: a waiting delivery is tried again at least this often (while the circuit is closed). */
      maxDelayMs: z
        .number()
        .int()
        .min(100)
        .default(5 * 60_000),
      /** A delivery not delivered this long after it was written (or replayed) is dead. */
      maxAgeMs: z
        .number()
        .int()
        .min(1000)
        .default(72 * HOUR),
      circuit: z
        .object({
          /** Consecutive failures of a partner (unreachable, timeouts, 5xx) that pause its deliveries. */
          failures: z.number().int().min(1).max(1000).default(5),
          /** While paused, one delivery is tried this often; when it goes through, the rest follow in order. */
          probeMs: z.number().int().min(50).default(30_000),
        })
        .prefault({}),
      leaseMs: z.number().int().min(500).default(60_000),
      pollMs: z.number().int().min(50).default(1000),
      concurrency: z.number().int().min(1).max(64).default(4),
    })
    .prefault({}),
  finance: z
    .object({
      currency: z.string().length(3).default('EUR'),
      /** Account codes the journal entries book to; map them to your chart. */
      accounts: accounts.prefault({}),
    })
    .prefault({}),
});

export type IntegrationConfig = z.infer<typeof integrationSchema>;
export type AdapterEntry = z.infer<typeof adapterEntry>;
export type FinanceAccounts = z.infer<typeof accounts>;

/** Reads HUB_CONFIG (a JSON file); without one, the hub runs with no adapters and default accounts. */
export function loadIntegrationConfig(path: string | undefined): IntegrationConfig {
  if (!path) return integrationSchema.parse({});
  if (!existsSync(path)) throw new Error(`HUB_CONFIG: ${path} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`HUB_CONFIG: ${path} is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const parsed = integrationSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`HUB_CONFIG: ${path} has invalid settings:\n${lines.join('\n')}`);
  }
  const names = parsed.data.adapters.map((a) => a.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`HUB_CONFIG: the adapter name ${twice} is used twice`);
  return parsed.data;
}
