import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

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
});

const accounts = z.object({
  inventory: z.string().default('1400'),
  wip: z.string().default('1410'),
  grni: z.string().default('2100'),
  scrap: z.string().default('5900'),
});

export const integrationSchema = z.object({
  adapters: z.array(adapterEntry).default([]),
  deliveries: z
    .object({
      maxAttempts: z.number().int().min(1).max(100).default(10),
      baseDelayMs: z.number().int().min(10).default(1000),
      maxDelayMs: z
        .number()
        .int()
        .min(100)
        .default(15 * 60_000),
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
