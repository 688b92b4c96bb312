import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  type Adapter,
  type AdapterFactory,
  type OutboundEvent,
  type PullBatch,
  textOf,
} from '../../src/contract/adapter';
import { KingdeeClient, KingdeeError } from './kingdee-client';
import { pullFromKingdee, readBomParents } from './kingdee-pull';
import { pushCompletion, pushVoucher, type PushPaths } from './kingdee-push';

/**
 * Kingdee Cloud Xingchen (金蝶云·星辰) through its open platform, API version v2 (`/jdy/v2/...`).
 *
 * Pulls materials, BOMs and audited sales orders incrementally on their modification time; pushes each
 * completed work order as an audited production receipt and each journal entry as an audited voucher,
 * both found again by the reference Kingdee stores (bill number, voucher remark).
 *
 * Options: `url` (the gateway, default https://api.kingdee.com), `clientId`, `clientSecretEnv`, `appKey`,
 * `appSecretEnv` (secrets from the environment), `accounts` (hub account code → Kingdee account number),
 * `pageSize` (default 100), `lagMs` (how far behind now a pull window ends, default 60000),
 * `retryableErrcodes` / `tokenErrcodes` (errcodes meaning "try later" / "token expired"), `paths`
 * (overrides of the endpoints: material, bom, salesOrder, productionReceipt, voucher), `timeoutMs`.
 */
const DEFAULT_PATHS = {
  material: '/jdy/v2/bd/material',
  bom: '/jdy/v2/bd/bom',
  salesOrder: '/jdy/v2/scm/sal_order',
  productionReceipt: '/jdy/v2/mfg/prd_in_bound',
  voucher: '/jdy/v2/fi/voucher',
};
/** The gateway's "too many requests" and "system busy"; the token ones mean: fetch a new app-token. */
const DEFAULT_RETRYABLE = ['429', '503', '1000000'];
const DEFAULT_TOKEN = ['1010103', '1010104'];

export const createAdapter: AdapterFactory = ({ name, options, env, http, log, now }) => {
  const url = textOf(options.url, 'https://api.kingdee.com');
  if (!/^https?:\/\//.test(url)) throw new Error(`adapter ${name}: options.url must be an http(s) URL`);
  const secret = (key: string) => {
    const variable = textOf(options[key]);
    const value = variable ? env[variable] : undefined;
    if (!value) throw new Error(`adapter ${name}: set options.${key} and the environment variable it names`);
    return value;
  };
  const clientId = textOf(options.clientId);
  const appKey = textOf(options.appKey);
  if (!clientId || !appKey) throw new Error(`adapter ${name}: set options.clientId and options.appKey`);
  const list = (v: unknown, fallback: string[]) => (Array.isArray(v) ? v.map((x) => textOf(x)) : fallback);
  const client = new KingdeeClient({
    http,
    url,
    clientId,
    clientSecret: secret('clientSecretEnv'),
    appKey,
    appSecret: secret('appSecretEnv'),
    retryableErrcodes: list(options.retryableErrcodes, DEFAULT_RETRYABLE),
    tokenErrcodes: list(options.tokenErrcodes, DEFAULT_TOKEN),
    now,
  });
  const paths = { ...DEFAULT_PATHS, ...((options.paths ?? {}) as Partial<typeof DEFAULT_PATHS>) };
  const pushPaths: PushPaths = { productionReceipt: paths.productionReceipt, voucher: paths.voucher };
  const pageSize = Number(options.pageSize ?? 100);
  const lagMs = Number(options.lagMs ?? 60_000);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new Error(`adapter ${name}: options.pageSize is 1 to 100`);
  const accounts = Object.fromEntries(Object.entries((options.accounts ?? {}) as Record<string, unknown>).map(([k, v]) => [k, textOf(v)]));

  let parents: { to: number; ids: Promise<Set<string>> } | undefined;
  const bomParents = (to: number) => {
    if (parents?.to !== to) parents = { to, ids: readBomParents(client, paths.bom, pageSize) };
    return parents.ids;
  };

  const classify = (e: unknown): never => {
    if (e instanceof PermanentDeliveryError || e instanceof RetryableDeliveryError) throw e;
    if (e instanceof KingdeeError) {
      if (e.retryable) throw new RetryableDeliveryError(`Kingdee unavailable: ${e.message}`, e.retryAfterMs);
      throw new PermanentDeliveryError(`Kingdee refused: ${e.message}`);
    }
    throw new RetryableDeliveryError(`Kingdee call failed: ${(e as Error).message}`);
  };

  const adapter: Adapter = {
    name,
    kind: 'erp',
    events: ['WorkOrderCompleted', 'JournalEntryPosted'],

    async deliver(event: OutboundEvent) {
      try {
        if (event.type === 'WorkOrderCompleted') return { response: await pushCompletion(client, event, pushPaths) };
        if (event.type === 'JournalEntryPosted') return { response: await pushVoucher(client, event, pushPaths, accounts) };
        throw new PermanentDeliveryError(`${name} does not take ${event.type}`);
      } catch (e) {
        return classify(e);
      }
    },

    async pull(cursor: string | null): Promise<PullBatch> {
      try {
        return await pullFromKingdee(client, cursor, { pageSize, lagMs, now, paths }, bomParents);
      } catch (e) {
        return classify(e);
      }
    },

    async health() {
      try {
        await client.get(paths.material, { page: 1, page_size: 1 });
        return { ok: true, detail: `Kingdee Xingchen at ${url}` };
      } catch (e) {
        log.warn({ err: e }, 'Kingdee health check failed');
        return { ok: false, detail: (e as Error).message };
      }
    },
  };
  return adapter;
};
