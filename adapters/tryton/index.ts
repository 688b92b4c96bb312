import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  type Adapter,
  type AdapterFactory,
  type Delivery,
  type ImportedBom,
  type ImportedItem,
  type ImportedSalesOrder,
  type OutboundEvent,
  type PullBatch,
  textOf,
} from '../../src/contract/adapter';
import Decimal from 'decimal.js';
import { TrytonError, TrytonRpc, type TrytonSession } from './tryton-rpc';
import { originAcceptsSaleLines, pushJournalEntry, pushProduction } from './tryton-push';
import { pushShipment } from './tryton-shipment';

/** The Tryton sale a completed work order serves, from the sales order's reference in this adapter's system. */
function saleOf(event: OutboundEvent, system: string): number | undefined {
  const refs = Array.isArray(event.data.salesOrderRefs) ? (event.data.salesOrderRefs as { system?: unknown; externalId?: unknown }[]) : [];
  const id = Number(refs.find((r) => r.system === system)?.externalId);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/**
 * Tryton 6.0 over JSON-RPC (tested against a real trytond).
 *
 * Pulls confirmed sale orders, products and BOMs into the hub; pushes each completed work order back as
 * a production done in Tryton (inputs and outputs as stock moves), each shipment as the sale's customer
 * shipment done, and each journal entry as a posted account move. Options: `url`, `database`, `user`,
 * `passwordEnv` (the variable holding the password), `accounts` (hub account code → Tryton account id or
 * code), `timeoutMs` (one JSON-RPC call).
 *
 * What Tryton can take: numbers come from its sequences, which a SQLite-backed trytond hands out twice
 * when two transactions post at once; so account moves, productions and customer shipments go one at a
 * time each (two deliveries at once in all; shipments of one sale also in order), and one delivery —
 * some ten calls — has 45 s.
 */
export const createAdapter: AdapterFactory = ({ name, options, env, log }) => {
  const url = textOf(options.url);
  const database = textOf(options.database);
  if (!/^https?:\/\//.test(url) || !database) throw new Error(`adapter ${name}: set options.url and options.database`);
  const passwordEnv = textOf(options.passwordEnv);
  const password = passwordEnv ? env[passwordEnv] : undefined;
  if (!password) throw new Error(`adapter ${name}: set options.passwordEnv and the environment variable it names`);
  const user = textOf(options.user, 'admin');
  const accounts = (options.accounts ?? {}) as Record<string, string | number>;
  const rpc = new TrytonRpc({ url, database, timeoutMs: Number(options.timeoutMs ?? 15000) });
  /** Whether `production.origin` may point at a sale line (module sale_supply_production is activated). */
  let saleOrigin: Promise<boolean> | undefined;
  let session: Promise<TrytonSession> | undefined;

  /** Logs in once and learns the company to work in; a lost session logs in again. */
  const connect = (): Promise<TrytonSession> => {
    session ??= (async () => {
      await rpc.login(user, password);
      const prefs = await rpc.call<{ company?: number }>('model.res.user.get_preferences', [true, {}]);
      if (!prefs.company) throw new PermanentDeliveryError(`the Tryton user ${user} has no company`);
      return { rpc, context: { company: prefs.company } };
    })().catch((e) => {
      session = undefined;
      throw e;
    });
    return session;
  };

  /**
   * Tryton's own refusals are permanent; the network, timeouts, 5xx and a locked database are not (and
   * count as Tryton being unreachable). Anything else is our bug: rethrown as it is, retried by the hub.
   */
  const classify = (e: unknown): never => {
    session = e instanceof TrytonError && e.retryable ? undefined : session;
    if (e instanceof PermanentDeliveryError || e instanceof RetryableDeliveryError) throw e;
    if (e instanceof TrytonError && !e.retryable) throw new PermanentDeliveryError(`Tryton refused: ${e.message}`);
    if (e instanceof TrytonError) throw new RetryableDeliveryError(`Tryton unreachable: ${e.message}`);
    throw e;
  };

  const adapter: Adapter = {
    name,
    kind: 'erp',
    events: ['WorkOrderCompleted', 'JournalEntryPosted', 'ShipmentPosted'],
    limits: {
      concurrency: 2,
      concurrencyByEvent: { WorkOrderCompleted: 1, JournalEntryPosted: 1, ShipmentPosted: 1 },
      timeoutMs: 45_000,
    },

    async deliver(event: OutboundEvent, delivery: Delivery) {
      try {
        const signed = await connect();
        const s = { ...signed, rpc: signed.rpc.withSignal(delivery.signal) };
        if (event.type === 'WorkOrderCompleted') {
          saleOrigin ??= originAcceptsSaleLines(s).catch((e) => {
            saleOrigin = undefined;
            throw e;
          });
          const sale = (await saleOrigin) ? saleOf(event, name) : undefined;
          return { response: await pushProduction(s, event, sale) };
        }
        if (event.type === 'JournalEntryPosted') return { response: await pushJournalEntry(s, event, accounts) };
        if (event.type === 'ShipmentPosted') return { response: await pushShipment(s, event, saleOf(event, name)) };
        throw new PermanentDeliveryError(`${name} does not take ${event.type}`);
      } catch (e) {
        return classify(e);
      }
    },

    async pull(cursor: string | null): Promise<PullBatch> {
      const s = await connect().catch(classify);
      return pullFromTryton(s, cursor);
    },

    async health() {
      try {
        await connect();
        return { ok: true, detail: `${url} database ${database}` };
      } catch (e) {
        log.warn({ err: e }, 'Tryton health check failed');
        return { ok: false, detail: (e as Error).message };
      }
    },
  };
  return adapter;
};

interface Product {
  id: number;
  code: string | null;
  rec_name: string;
  producible?: boolean;
  purchasable?: boolean;
  cost_price?: string | null;
  /** Tryton 6.0 answers a dotted field as a nested record: `{ 'default_uom.': { symbol: 'u', id: 1 } }`. */
  'default_uom.'?: { symbol?: string | null } | null;
  /** …and some versions as the flat key. */
  'default_uom.symbol'?: string | null;
}

/**
 * Everything the hub needs, in one pass: products, BOMs and every confirmed or processing sale. All are
 * read each time: the hub's imports are upserts on external refs (a known sale is skipped), and a sale
 * confirmed late with a low id would be missed by an id cursor. The cursor records when the pull ran.
 */
async function pullFromTryton({ rpc, context }: TrytonSession, cursor: string | null): Promise<PullBatch> {
  const products = await rpc.searchRead<Product>(
    'product.product',
    [],
    ['code', 'rec_name', 'producible', 'purchasable', 'cost_price', 'default_uom.symbol'],
    { context },
  );
  const items: ImportedItem[] = products
    .filter((p) => p.code)
    .map((p) => ({
      externalId: String(p.id),
      sku: p.code!,
      name: p.rec_name.replace(/^\[[^\]]*\]\s*/, ''),
      type: p.producible ? 'FINISHED' : 'RAW',
      unit: p['default_uom.']?.symbol ?? p['default_uom.symbol'] ?? undefined,
      standardCost: p.cost_price ?? undefined,
    }));

  const bomRows = await rpc.searchRead<{ id: number; inputs: number[]; outputs: number[] }>('production.bom', [], ['inputs', 'outputs'], {
    context,
  });
  const lineIds = bomRows.flatMap((b) => [...b.inputs, ...b.outputs]);
  const inputs = lineIds.length
    ? await rpc.searchRead<{ id: number; bom: number; product: number; quantity: string }>(
        'production.bom.input',
        [['bom', 'in', bomRows.map((b) => b.id)]],
        ['bom', 'product', 'quantity'],
        { context },
      )
    : [];
  const outputs = lineIds.length
    ? await rpc.searchRead<{ id: number; bom: number; product: number; quantity: string }>(
        'production.bom.output',
        [['bom', 'in', bomRows.map((b) => b.id)]],
        ['bom', 'product', 'quantity'],
        { context },
      )
    : [];
  const boms: ImportedBom[] = bomRows.flatMap((b) => {
    const out = outputs.find((o) => o.bom === b.id);
    if (!out) return [];
    return [
      {
        externalId: String(b.id),
        itemExternalId: String(out.product),
        lines: inputs
          .filter((i) => i.bom === b.id)
          .map((i) => ({
            componentExternalId: String(i.product),
            qtyPer: new Decimal(i.quantity).div(out.quantity).toDecimalPlaces(6).toFixed(),
          })),
      },
    ];
  });

  void cursor;
  const sales = await rpc.searchRead<{
    id: number;
    number: string | null;
    reference: string | null;
    party: number;
    sale_date: string | null;
    lines: number[];
  }>('sale.sale', [['state', 'in', ['confirmed', 'processing']]], ['number', 'reference', 'party', 'sale_date', 'lines'], {
    context,
    order: [['id', 'ASC']],
  });
  const partyIds = [...new Set(sales.map((s) => s.party))];
  const parties = partyIds.length
    ? await rpc.searchRead<{ id: number; code: string | null; name: string }>('party.party', [['id', 'in', partyIds]], ['code', 'name'], {
        context,
      })
    : [];
  const saleLines = sales.length
    ? await rpc.searchRead<{ id: number; sale: number; product: number | null; quantity: string; shipping_date?: string | null }>(
        'sale.line',
        [
          ['sale', 'in', sales.map((s) => s.id)],
          ['type', '=', 'line'],
        ],
        ['sale', 'product', 'quantity', 'shipping_date'],
        { context },
      )
    : [];
  const salesOrders: ImportedSalesOrder[] = sales.map((s) => {
    const party = parties.find((p) => p.id === s.party);
    const due = (l: { shipping_date?: string | null }) => l.shipping_date ?? s.sale_date ?? new Date().toISOString().slice(0, 10);
    return {
      externalId: String(s.id),
      customer: { externalId: String(s.party), code: party?.code ?? `TRYTON-${s.party}`, name: party?.name ?? `Party ${s.party}` },
      customerReference: s.reference ?? s.number ?? undefined,
      lines: saleLines
        .filter((l) => l.sale === s.id && l.product !== null)
        .map((l) => ({ itemExternalId: String(l.product), qty: String(l.quantity), dueDate: due(l) })),
    };
  });
  return { items, boms, salesOrders, cursor: new Date().toISOString() };
}
