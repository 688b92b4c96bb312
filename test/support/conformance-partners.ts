import { randomUUID } from 'node:crypto';
import { sign } from '../../src/contract/signature';
import type { ImportedBom, ImportedItem, ImportedSalesOrder } from '../../src/contract/adapter';
import type { TestHub } from './hub';
import { inDays } from './factory';
import { TcpProxy } from './tcp-proxy';
import { Receiver, type Mode } from './receiver';
import { OdooServer, type OdooFault, type OdooVersion } from './odoo-server';
import { KingdeeServer, type KingdeeFault } from './kingdee-server';
import { seedTrytonFactory, startTryton, type TrytonFactory, type TrytonServer } from './tryton-server';
import { RunSyncDocument } from '../generated/graphql';

/**
 * The partners the adapter conformance suite runs against, each behind one interface: how to start it,
 * what the hub's configuration names, what it holds (seeded the same way everywhere: a component, a
 * finished good made of 2 components, and a confirmed sale of 5 finished goods), how to change a record
 * there, and how to read back what the hub pushed. Every partner sits behind a TCP proxy, so "the
 * partner is unreachable" means the same for all of them.
 */
export interface Seeded {
  component: { sku: string; name: string; unit: string };
  finished: { sku: string };
  saleQty: string;
}

export interface AtPartner {
  qty: number;
  done: boolean;
}

export type Outcome = 'retryable' | 'permanent' | 'recovers';

export interface Fault {
  name: string;
  inject(): void | Promise<void>;
  clear(): void | Promise<void>;
  expect: Outcome;
}

export interface Partner {
  label: string;
  /** The adapter's name in the hub (its external refs' system). */
  name: string;
  /** Pulls on its schedule / runSync (true), or pushes to POST /hooks/<name> (false). */
  pulls: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  adapterEntry(): Record<string, unknown>;
  seed(): Promise<Seeded>;
  /** One import through the hub, as an operator or the partner would start it. */
  sync(t: TestHub): Promise<{ imported: number; failed: number; cursorBefore?: string | null; cursorAfter?: string | null }>;
  renameComponent(name: string): Promise<void>;
  completions(workOrderCode: string): Promise<AtPartner[]>;
  /** Journal entries booked at the partner for the hub's entry code, and whether each is posted. */
  journal(entryCode: string): Promise<{ posted: boolean }[]>;
  /** Makes the partner refuse what is sent (when refusing an unbalanced entry is not its own rule). */
  refuse?: Fault;
  /** Faults of this partner's own protocol, and how its adapter must classify them. */
  faults: Fault[];
  proxy: TcpProxy;
}

const proxied = (url: string, proxy: TcpProxy) => url.replace(/:\d+/, `:${proxy.port}`);

async function proxyTo(url: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(url);
  return new TcpProxy(hostname, Number(port)).start();
}

/** The finance accounts of the hub (1400 inventory, 1410 WIP, 2100 GRNI, 5900 scrap) in each partner's chart. */
export const HUB_ACCOUNTS = ['1400', '1410', '2100', '5900'] as const;

export function trytonPartner(): Partner {
  let tryton: TrytonServer;
  let seed: TrytonFactory;
  const p: Partner = {
    label: 'Tryton 6.0 (live trytond)',
    name: 'tryton',
    pulls: true,
    faults: [],
    proxy: undefined as unknown as TcpProxy,
    async start() {
      tryton = await startTryton();
      seed = await seedTrytonFactory(tryton.rpc);
      p.proxy = await proxyTo(tryton.url);
      process.env.CONFORMANCE_TRYTON_PASSWORD = tryton.adminPassword;
    },
    async stop() {
      await p.proxy?.close();
      await tryton?.stop();
    },
    adapterEntry: () => ({
      name: 'tryton',
      module: 'tryton',
      options: {
        url: proxied(tryton.url, p.proxy),
        database: tryton.database,
        user: 'admin',
        passwordEnv: 'CONFORMANCE_TRYTON_PASSWORD',
        accounts: { 1400: seed.accounts.cash, 1410: seed.accounts.expense, 2100: seed.accounts.revenue, 5900: seed.accounts.expense },
      },
    }),
    seed: () =>
      Promise.resolve({
        component: { sku: seed.products.component.code, name: 'Component', unit: 'u' },
        finished: { sku: seed.products.finishedGood.code },
        saleQty: '5',
      }),
    sync: async (t) => (await t.client('admin').ok(RunSyncDocument, { adapter: 'tryton' })).runSync,
    async renameComponent(name) {
      await tryton.rpc.write('product.template', [seed.products.component.templateId], { name });
    },
    async completions(code) {
      const rows = await tryton.rpc.searchRead<{ state: string; quantity: number }>(
        'production',
        [['reference', '=', code]],
        ['state', 'quantity'],
      );
      return rows.map((r) => ({ qty: Number(r.quantity), done: r.state === 'done' }));
    },
    async journal(code) {
      const rows = await tryton.rpc.searchRead<{ state: string }>('account.move', [['description', 'like', `${code} %`]], ['state']);
      return rows.map((r) => ({ posted: r.state === 'posted' }));
    },
  };
  return p;
}

export function odooPartner(version: OdooVersion): Partner {
  const odoo = new OdooServer(version);
  const ids = { component: 0 };
  const setFault =
    (fault: OdooFault): Fault['inject'] =>
    () =>
      void (odoo.fault = fault);
  const fault = (name: OdooFault & string, expect: Outcome): Fault => ({ name, inject: setFault(name), clear: setFault(null), expect });
  const envKey = `CONFORMANCE_ODOO_${version}_KEY`;
  const p: Partner = {
    label: `Odoo ${version} (${version >= 19 ? 'JSON-2' : 'JSON-RPC execute_kw'}, test server)`,
    name: `odoo-${version}`,
    pulls: true,
    faults: [
      fault('down', 'retryable'),
      fault('serialization', 'retryable'),
      fault('access', 'permanent'),
      fault('validation', 'permanent'),
    ],
    proxy: undefined as unknown as TcpProxy,
    async start() {
      await odoo.start();
      p.proxy = await proxyTo(odoo.url);
      process.env[envKey] = odoo.apiKey;
    },
    async stop() {
      await p.proxy?.close();
      await odoo.stop();
    },
    adapterEntry: () => ({
      name: p.name,
      module: 'odoo',
      options: {
        url: proxied(odoo.url, p.proxy),
        database: odoo.database,
        user: odoo.login,
        apiKeyEnv: envKey,
        pageSize: 2,
        accounts: { 1400: '110400', 1410: '110410', 2100: '210000', 5900: '590000' },
      },
    }),
    seed() {
      const units = odoo.create('uom.uom', { name: 'Units' });
      const kg = odoo.create('uom.uom', { name: 'kg' });
      const kind = (k: 'goods' | 'service') =>
        version >= 18
          ? { type: k === 'goods' ? 'consu' : 'service', is_storable: k === 'goods' }
          : { detailed_type: k === 'goods' ? 'product' : 'service' };
      const product = (name: string, code: string | false, uom: number, price: number, k: 'goods' | 'service' = 'goods') => {
        const tmpl = odoo.create('product.template', { name });
        return {
          tmpl,
          id: odoo.create('product.product', {
            name,
            default_code: code,
            uom_id: uom,
            standard_price: price,
            product_tmpl_id: tmpl,
            ...kind(k),
          }),
        };
      };
      const component = product('Steel plate', 'PLATE-10', kg, 1.5);
      ids.component = component.id;
      const finished = product('Widget', 'WIDGET-20', units, 10);
      product('Assembly service', 'SRV-1', units, 0, 'service');
      // A BOM for 2 widgets of 4 plates: 2 plates per widget.
      odoo.create('mrp.bom', {
        product_tmpl_id: finished.tmpl,
        product_qty: 2,
        bom_line_ids: [[0, 0, { product_id: component.id, product_qty: 4 }]],
      });
      const customer = odoo.create('res.partner', { name: 'Acme Corp', ref: 'ACME', email: 'buyer@acme.example' });
      const order = (name: string, state: string) =>
        odoo.write(
          'sale.order',
          [
            odoo.create('sale.order', {
              name,
              partner_id: customer,
              client_order_ref: `PO-${name}`,
              commitment_date: `${inDays(10)} 10:00:00`,
              order_line: [[0, 0, { product_id: finished.id, product_uom_qty: 5 }]],
            }),
          ],
          { state },
        );
      order('S00001', 'sale');
      order('S00002', 'draft');
      for (const [code, name] of [
        ['110400', 'Stock valuation'],
        ['110410', 'Work in progress'],
        ['210000', 'Goods received not invoiced'],
        ['590000', 'Scrap'],
      ]) {
        odoo.create('account.account', { code, name });
      }
      odoo.create('account.journal', { code: 'MISC', name: 'Miscellaneous Operations', type: 'general' });
      return Promise.resolve({
        component: { sku: 'PLATE-10', name: 'Steel plate', unit: 'kg' },
        finished: { sku: 'WIDGET-20' },
        saleQty: '5',
      });
    },
    sync: async (t) => (await t.client('admin').ok(RunSyncDocument, { adapter: p.name })).runSync,
    renameComponent: (name) => Promise.resolve(odoo.write('product.product', [ids.component], { name })),
    completions: (code) =>
      Promise.resolve(
        odoo
          .rows('mrp.production')
          .filter((r) => r.origin === code)
          .map((r) => ({ qty: Number(r.product_qty), done: r.state === 'done' })),
      ),
    journal: (code) =>
      Promise.resolve(
        odoo
          .rows('account.move')
          .filter((r) => r.ref === code)
          .map((r) => ({ posted: r.state === 'posted' })),
      ),
  };
  return p;
}

export function kingdeePartner(): Partner {
  const kd = new KingdeeServer();
  const fault = (name: KingdeeFault & string, expect: Outcome): Fault => ({
    name,
    inject: () => void (kd.fault = name),
    clear: () => void (kd.fault = null),
    expect,
  });
  const ids = { component: '' };
  const p: Partner = {
    label: 'Kingdee Cloud Xingchen v2 (signed REST, test server)',
    name: 'kingdee',
    pulls: true,
    faults: [fault('down', 'retryable'), fault('throttle', 'retryable'), fault('reject', 'permanent'), fault('expire-token', 'recovers')],
    proxy: undefined as unknown as TcpProxy,
    async start() {
      await kd.start();
      p.proxy = await proxyTo(kd.url);
      process.env.CONFORMANCE_KD_CLIENT_SECRET = kd.clientSecret;
      process.env.CONFORMANCE_KD_APP_SECRET = kd.appSecret;
    },
    async stop() {
      await p.proxy?.close();
      await kd.stop();
    },
    adapterEntry: () => ({
      name: 'kingdee',
      module: 'kingdee',
      options: {
        url: proxied(kd.url, p.proxy),
        clientId: kd.clientId,
        clientSecretEnv: 'CONFORMANCE_KD_CLIENT_SECRET',
        appKey: kd.appKey,
        appSecretEnv: 'CONFORMANCE_KD_APP_SECRET',
        pageSize: 2,
        lagMs: 0,
        accounts: { 1400: '1403', 1410: '5001', 2100: '2202', 5900: '6711' },
      },
    }),
    seed() {
      const material = (number: string, name: string, unit: string, cost: string) => {
        const row = {
          id: kd.id(),
          number,
          name,
          base_unit_name: unit,
          is_batch: false,
          is_serial: false,
          cost_price: cost,
          modify_time: kd.touch(),
        };
        kd.materials.push(row);
        return row;
      };
      const component = material('GB-PLATE', '钢板 Steel plate', 'kg', '1.5');
      ids.component = component.id;
      const finished = material('CP-WIDGET', '成品 Widget', '个', '10');
      kd.boms.push({
        id: kd.id(),
        number: 'BOM000001',
        material_id: finished.id,
        material_number: finished.number,
        qty: '1',
        modify_time: kd.touch(),
        entry: [{ material_id: component.id, material_number: component.number, qty: '2', loss_rate: '0' }],
      });
      const order = (bill_no: string, bill_status: 'Z' | 'C') =>
        kd.salesOrders.push({
          id: kd.id(),
          bill_no,
          bill_date: inDays(0),
          bill_status,
          customer_id: '700001',
          customer_number: 'CUST-001',
          customer_name: '华东客户',
          delivery_date: inDays(10),
          modify_time: kd.touch(),
          material_entity: [{ material_id: finished.id, material_number: finished.number, qty: '5', delivery_date: inDays(10) }],
        });
      order('XSDD-0001', 'C');
      order('XSDD-0002', 'Z');
      return Promise.resolve({
        component: { sku: component.number, name: component.name, unit: 'kg' },
        finished: { sku: finished.number },
        saleQty: '5',
      });
    },
    sync: async (t) => (await t.client('admin').ok(RunSyncDocument, { adapter: 'kingdee' })).runSync,
    renameComponent(name) {
      const m = kd.materials.find((x) => x.id === ids.component)!;
      Object.assign(m, { name, modify_time: kd.touch() });
      return Promise.resolve();
    },
    completions: (code) =>
      Promise.resolve(
        kd.receipts
          .filter((r) => r.bill_no === code)
          .map((r) => ({ qty: Number((r.material_entity as { qty: string }[])[0].qty), done: r.bill_status === 'C' })),
      ),
    journal: (code) =>
      Promise.resolve(kd.vouchers.filter((v) => String(v.remark).startsWith(`${code} `)).map((v) => ({ posted: v.bill_status === 'C' }))),
  };
  return p;
}

/**
 * An ERP that is not one of ours: it pushes signed batches of what changed to POST /hooks/<name> (it
 * keeps its own cursor: what it sent last), and takes the hub's completions and entries on a signed
 * webhook (test/support/receiver.ts), deduplicating on the idempotency key.
 */
export function webhookPartner(): Partner {
  const secret = 'conformance-webhook-secret-0123456789';
  const inbound = 'conformance-inbound-secret-0123456789';
  const receiver = new Receiver(secret);
  const items = new Map<string, ImportedItem>();
  const boms = new Map<string, ImportedBom>();
  const sales = new Map<string, ImportedSalesOrder>();
  const changed = new Set<string>();
  const mode =
    (m: Mode): Fault['inject'] =>
    () =>
      void (receiver.mode = m);
  const p: Partner = {
    label: 'signed webhook (receiver)',
    name: 'erp-webhook',
    pulls: false,
    faults: [
      { name: 'down (503)', inject: mode('down'), clear: mode('ok'), expect: 'retryable' },
      { name: 'throttle (429)', inject: mode('throttle'), clear: mode('ok'), expect: 'retryable' },
    ],
    refuse: { name: 'reject (422)', inject: mode('reject'), clear: mode('ok'), expect: 'permanent' },
    proxy: undefined as unknown as TcpProxy,
    async start() {
      await receiver.start();
      p.proxy = await proxyTo(receiver.url);
      process.env.CONFORMANCE_WEBHOOK_SECRET = secret;
      process.env.CONFORMANCE_WEBHOOK_INBOUND = inbound;
    },
    async stop() {
      await p.proxy?.close();
      await receiver.stop();
    },
    adapterEntry: () => ({
      name: 'erp-webhook',
      module: 'webhook',
      options: {
        url: proxied(receiver.url, p.proxy),
        kind: 'erp',
        events: ['WorkOrderCompleted', 'JournalEntryPosted'],
        secretEnv: 'CONFORMANCE_WEBHOOK_SECRET',
        inboundSecretEnv: 'CONFORMANCE_WEBHOOK_INBOUND',
      },
    }),
    seed() {
      const put = <T extends { externalId: string }>(m: Map<string, T>, kind: string, r: T) => {
        m.set(r.externalId, r);
        changed.add(`${kind}:${r.externalId}`);
      };
      put(items, 'item', { externalId: 'i-1', sku: 'WH-PLATE', name: 'Plate', type: 'RAW', unit: 'kg', standardCost: '1.5' });
      put(items, 'item', { externalId: 'i-2', sku: 'WH-WIDGET', name: 'Widget', type: 'FINISHED', unit: 'pcs', standardCost: '10' });
      put(boms, 'bom', { externalId: 'b-1', itemExternalId: 'i-2', lines: [{ componentExternalId: 'i-1', qtyPer: '2' }] });
      put(sales, 'sale', {
        externalId: 's-1',
        customer: { externalId: 'c-1', code: 'WH-CUST', name: 'Webhook customer' },
        lines: [{ itemExternalId: 'i-2', qty: '5', dueDate: inDays(10) }],
      });
      return Promise.resolve({ component: { sku: 'WH-PLATE', name: 'Plate', unit: 'kg' }, finished: { sku: 'WH-WIDGET' }, saleQty: '5' });
    },
    async sync(t) {
      const pick = <T>(m: Map<string, T>, kind: string) =>
        [...m.entries()].filter(([id]) => changed.has(`${kind}:${id}`)).map(([, r]) => r);
      const body = JSON.stringify({ items: pick(items, 'item'), boms: pick(boms, 'bom'), salesOrders: pick(sales, 'sale') });
      const key = randomUUID();
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(t.hub.url.replace('/graphql', '/hooks/erp-webhook'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          'x-mom-timestamp': String(ts),
          'x-mom-signature': sign(inbound, ts, key, body),
        },
        body,
      });
      if (res.status !== 200) throw new Error(`the hub refused the push: ${res.status} ${await res.text()}`);
      changed.clear();
      return (await res.json()) as { imported: number; failed: number };
    },
    renameComponent(name) {
      items.set('i-1', { ...items.get('i-1')!, name });
      changed.add('item:i-1');
      return Promise.resolve();
    },
    completions: (code) =>
      Promise.resolve(
        receiver.accepted
          .filter((a) => a.type === 'WorkOrderCompleted' && a.body.data.code === code)
          .map((a) => ({ qty: Number(a.body.data.qtyCompleted), done: true })),
      ),
    journal: (code) =>
      Promise.resolve(
        receiver.accepted.filter((a) => a.type === 'JournalEntryPosted' && a.body.data.code === code).map(() => ({ posted: true })),
      ),
  };
  return p;
}
