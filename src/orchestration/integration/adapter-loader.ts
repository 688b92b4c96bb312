import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axios from 'axios';
import type { Logger } from 'pino';
import type { Adapter, AdapterFactory } from '../../contract/adapter';
import type { IntegrationConfig } from './integration-config';
import { defaultTimeoutMs, policyFor } from './delivery-policy';

/** adapters/ next to src/ — the compiled tree (dist/adapters) or the sources (ts-jest). */
const ADAPTERS_DIR = resolve(__dirname, '..', '..', '..', 'adapters');

/**
 * Loads each enabled adapter from adapters/<module>/ by name. The core knows only the contract; which
 * adapters exist is the configuration's business. `factories` lets tests put fixture twins in place.
 */
export async function loadAdapters(
  config: IntegrationConfig,
  log: Logger,
  factories: Record<string, AdapterFactory> = {},
): Promise<Map<string, Adapter>> {
  const adapters = new Map<string, Adapter>();
  for (const entry of config.adapters.filter((a) => a.enabled)) {
    const factory = factories[entry.module] ?? requireFactory(entry.module);
    // A send that can outlast its lease would be taken by a second worker while still under way.
    const timeout = Number(entry.options.timeoutMs ?? defaultTimeoutMs(config.deliveries));
    if (timeout >= config.deliveries.leaseMs) {
      throw new Error(
        `HUB_CONFIG: adapter ${entry.name} has timeoutMs ${timeout}, which must be below deliveries.leaseMs (${config.deliveries.leaseMs})`,
      );
    }
    const adapter = factory({
      name: entry.name,
      options: entry.options,
      log: log.child({ adapter: entry.name }),
      http: axios.create({ timeout, maxRedirects: 0, validateStatus: () => true }),
      env: process.env,
      now: () => new Date(),
    });
    // What the partner can take is checked now, before the database opens (the worker applies it).
    policyFor(adapter, entry, config.deliveries);
    await adapter.init?.();
    adapters.set(entry.name, entry.events ? Object.assign(Object.create(adapter) as Adapter, { events: entry.events }) : adapter);
  }
  return adapters;
}

function requireFactory(module: string): AdapterFactory {
  const path = join(ADAPTERS_DIR, module);
  if (!existsSync(path)) throw new Error(`HUB_CONFIG: there is no adapter module adapters/${module}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path) as { createAdapter?: AdapterFactory };
  if (typeof loaded.createAdapter !== 'function') throw new Error(`adapters/${module} does not export createAdapter`);
  return loaded.createAdapter;
}

/** Event type → the names of the enabled adapters that want it: where the outbox writes deliveries. */
export function deliveryRoutesFor(adapters: ReadonlyMap<string, Adapter>): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  for (const adapter of adapters.values()) {
    if (!adapter.deliver) continue;
    for (const type of adapter.events) routes.set(type, [...(routes.get(type) ?? []), adapter.name]);
  }
  return routes;
}
