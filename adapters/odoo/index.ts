import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  type Adapter,
  type AdapterFactory,
  type OutboundEvent,
  type PullBatch,
  textOf,
} from '../../src/contract/adapter';
import { OdooClient, OdooError, type OdooProtocol } from './odoo-client';
import { pullFromOdoo } from './odoo-pull';
import { pushJournalEntry, pushProduction } from './odoo-push';

const SUPPORTED = [17, 18, 19];

/**
 * Odoo 17, 18 and 19 (Community or Enterprise, with Manufacturing, Sales and Invoicing/Accounting).
 *
 * Pulls products, BOMs and confirmed sale orders incrementally on `write_date`; pushes each completed
 * work order as a manufacturing order marked done and each journal entry as a posted miscellaneous entry,
 * both found again by the reference Odoo stores (`origin`, `ref`) so a re-sent delivery changes nothing.
 *
 * Options: `url`, `database`, `user` (the login, for JSON-RPC), `apiKeyEnv` (the variable holding the
 * user's API key), `protocol` (`json2` | `jsonrpc` | `auto`: JSON-2 from Odoo 19, JSON-RPC before),
 * `accounts` (hub account code → Odoo account code), `journalCode` (default: the first general journal),
 * `pageSize` (records per pull page, default 200), `timeoutMs`.
 */
export const createAdapter: AdapterFactory = ({ name, options, env, http, log }) => {
  const url = textOf(options.url);
  const database = textOf(options.database);
  if (!/^https?:\/\//.test(url) || !database) throw new Error(`adapter ${name}: set options.url and options.database`);
  const apiKeyEnv = textOf(options.apiKeyEnv);
  const apiKey = apiKeyEnv ? env[apiKeyEnv] : undefined;
  if (!apiKey) throw new Error(`adapter ${name}: set options.apiKeyEnv and the environment variable it names`);
  const requested = textOf(options.protocol, 'auto');
  if (!['auto', 'json2', 'jsonrpc'].includes(requested)) throw new Error(`adapter ${name}: options.protocol is auto, json2 or jsonrpc`);
  const user = textOf(options.user, 'admin');
  const pageSize = Number(options.pageSize ?? 200);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new Error(`adapter ${name}: options.pageSize is 1 to 1000`);
  const accounts = Object.fromEntries(Object.entries((options.accounts ?? {}) as Record<string, unknown>).map(([k, v]) => [k, textOf(v)]));
  const journalCode = textOf(options.journalCode) || undefined;

  let connection: Promise<{ odoo: OdooClient; version: number }> | undefined;
  /** Learns the version (no login needed), picks the protocol, and keeps both until a failure. */
  const connect = () => {
    connection ??= (async () => {
      const probe = new OdooClient({ http, url, database, login: user, apiKey, protocol: 'jsonrpc' });
      const [version] = await probe.serverVersion();
      if (!SUPPORTED.includes(version)) {
        throw new OdooError(`Odoo ${version} is not supported (supported: ${SUPPORTED.join(', ')})`, 'Unsupported', false);
      }
      const protocol: OdooProtocol = requested === 'auto' ? (version >= 19 ? 'json2' : 'jsonrpc') : (requested as OdooProtocol);
      if (protocol === 'json2' && version < 19)
        throw new OdooError(`Odoo ${version} has no JSON-2 API (it came in 19)`, 'Unsupported', false);
      return { odoo: new OdooClient({ http, url, database, login: user, apiKey, protocol }), version };
    })().catch((e) => {
      connection = undefined;
      throw e;
    });
    return connection;
  };

  /** Odoo's deliberate refusals are permanent; the network, proxies and concurrency errors are not. */
  const classify = (e: unknown): never => {
    if (e instanceof PermanentDeliveryError || e instanceof RetryableDeliveryError) throw e;
    if (e instanceof OdooError) {
      if (e.retryable) throw new RetryableDeliveryError(`Odoo unavailable: ${e.message}`);
      throw new PermanentDeliveryError(`Odoo refused: ${e.message}`);
    }
    throw new RetryableDeliveryError(`Odoo call failed: ${(e as Error).message}`);
  };

  const adapter: Adapter = {
    name,
    kind: 'erp',
    events: ['WorkOrderCompleted', 'JournalEntryPosted'],

    async deliver(event: OutboundEvent) {
      try {
        const { odoo } = await connect();
        if (event.type === 'WorkOrderCompleted') return { response: await pushProduction(odoo, event) };
        if (event.type === 'JournalEntryPosted') return { response: await pushJournalEntry(odoo, event, { accounts, journalCode }) };
        throw new PermanentDeliveryError(`${name} does not take ${event.type}`);
      } catch (e) {
        return classify(e);
      }
    },

    async pull(cursor: string | null): Promise<PullBatch> {
      try {
        const { odoo, version } = await connect();
        return await pullFromOdoo(odoo, cursor, { pageSize, version });
      } catch (e) {
        return classify(e);
      }
    },

    async health() {
      try {
        const { odoo, version } = await connect();
        await odoo.call('res.users', 'search_count', { domain: [] });
        return { ok: true, detail: `Odoo ${version} at ${url} (${odoo.protocol})` };
      } catch (e) {
        log.warn({ err: e }, 'Odoo health check failed');
        return { ok: false, detail: (e as Error).message };
      }
    },
  };
  return adapter;
};
