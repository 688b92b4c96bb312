import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { textOf } from '../../src/contract/adapter';

/**
 * An Odoo 17, 18 or 19 on loopback, in process, speaking Odoo's external protocols as documented:
 *
 * - JSON-RPC `POST /jsonrpc` (`common.version`, `common.login`, `object.execute_kw`), errors as HTTP 200
 *   with `error: {code: 200, message: "Odoo Server Error", data: {name, message, arguments, debug}}`
 *   (odoo/odoo `odoo/http.py`, `odoo/service/common.py`; odoo/documentation external_api.rst up to 18.0).
 * - JSON-2 `POST /json/2/<model>/<method>` on 19 only: `Authorization: bearer <key>`, named arguments,
 *   200 with the return value or 4xx/5xx with `{name, message, arguments, context, debug}`: 401 for a
 *   bad key, 403 AccessError, 404 MissingError or unknown model/method, 422 UserError / ValidationError /
 *   bad arguments, 500 anything else (odoo/documentation content/developer/reference/external_api.rst 19.0,
 *   odoo/odoo#197801).
 *
 * Its ORM is a small in-memory one with the fields the adapter touches and their names per version: 17
 * has `product.product.detailed_type`, 18+ `type` (consu / service / combo) with `is_storable`; from 17
 * stock moves and move lines carry `quantity` + `picked` (`quantity_done` / `qty_done` are unknown
 * fields and refused as Odoo refuses them). Domains are Odoo's prefix notation. `write_date` is UTC to
 * the second ("YYYY-MM-DD HH:MM:SS"), as Odoo serialises it.
 *
 * Faults for tests: `fault` makes every call fail one way (`unreachable` resets the connection, `down`
 * answers 503 from a proxy, `serialization` raises a concurrency error, `validation` a ValidationError on
 * writes, `access` an AccessError).
 */
export type OdooVersion = 17 | 18 | 19;
export type OdooFault = 'unreachable' | 'down' | 'serialization' | 'validation' | 'access' | null;

type Value = unknown;
export type OdooRecord = Record<string, Value> & { id: number };
interface FieldDef {
  type: 'char' | 'int' | 'float' | 'bool' | 'date' | 'datetime' | 'm2o' | 'o2m' | 'sel';
  /** The comodel of a relation; for o2m, the inverse field. */
  relation?: string;
  inverse?: string;
  compute?: (r: OdooRecord, s: OdooServer) => Value;
}

class OdooException extends Error {
  constructor(
    readonly odooName: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
const userError = (m: string) => new OdooException('odoo.exceptions.UserError', m, 422);
const validationError = (m: string) => new OdooException('odoo.exceptions.ValidationError', m, 422);
const missing = (m: string) => new OdooException('odoo.exceptions.MissingError', m, 404);

const f = (type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ type, ...extra });

function schema(version: OdooVersion): Record<string, Record<string, FieldDef>> {
  const productKind: Record<string, FieldDef> =
    version >= 18 ? { type: f('sel'), is_storable: f('bool') } : { detailed_type: f('sel'), type: f('sel') };
  return {
    'res.users': { login: f('char'), name: f('char') },
    'res.partner': { name: f('char'), ref: f('char'), email: f('char') },
    'uom.uom': { name: f('char') },
    'product.template': { name: f('char') },
    'product.product': {
      name: f('char'),
      default_code: f('char'),
      barcode: f('char'),
      tracking: f('sel'),
      uom_id: f('m2o', { relation: 'uom.uom' }),
      standard_price: f('float'),
      product_tmpl_id: f('m2o', { relation: 'product.template' }),
      active: f('bool'),
      bom_count: f('int', {
        compute: (r, s) =>
          s.rows('mrp.bom').filter((b) => b.product_id === r.id || (!b.product_id && b.product_tmpl_id === r.product_tmpl_id)).length,
      }),
      ...productKind,
    },
    'mrp.bom': {
      product_tmpl_id: f('m2o', { relation: 'product.template' }),
      product_id: f('m2o', { relation: 'product.product' }),
      product_qty: f('float'),
      type: f('sel'),
      sequence: f('int'),
      bom_line_ids: f('o2m', { relation: 'mrp.bom.line', inverse: 'bom_id' }),
    },
    'mrp.bom.line': {
      bom_id: f('m2o', { relation: 'mrp.bom' }),
      product_id: f('m2o', { relation: 'product.product' }),
      product_qty: f('float'),
    },
    'sale.order': {
      name: f('char'),
      partner_id: f('m2o', { relation: 'res.partner' }),
      state: f('sel'),
      client_order_ref: f('char'),
      commitment_date: f('datetime'),
      date_order: f('datetime'),
      order_line: f('o2m', { relation: 'sale.order.line', inverse: 'order_id' }),
    },
    'sale.order.line': {
      order_id: f('m2o', { relation: 'sale.order' }),
      product_id: f('m2o', { relation: 'product.product' }),
      product_uom_qty: f('float'),
      display_type: f('sel'),
    },
    'mrp.production': {
      name: f('char'),
      product_id: f('m2o', { relation: 'product.product' }),
      product_qty: f('float'),
      product_uom_id: f('m2o', { relation: 'uom.uom' }),
      bom_id: f('m2o', { relation: 'mrp.bom' }),
      origin: f('char'),
      qty_producing: f('float'),
      state: f('sel'),
      move_raw_ids: f('o2m', { relation: 'stock.move', inverse: 'raw_material_production_id' }),
      move_finished_ids: f('o2m', { relation: 'stock.move', inverse: 'production_id' }),
    },
    'stock.move': {
      product_id: f('m2o', { relation: 'product.product' }),
      product_uom_qty: f('float'),
      quantity: f('float'),
      picked: f('bool'),
      state: f('sel'),
      raw_material_production_id: f('m2o', { relation: 'mrp.production' }),
      production_id: f('m2o', { relation: 'mrp.production' }),
    },
    'stock.move.line': { move_id: f('m2o', { relation: 'stock.move' }), quantity: f('float'), picked: f('bool') },
    'account.account': { code: f('char'), name: f('char') },
    'account.journal': { code: f('char'), name: f('char'), type: f('sel') },
    'account.move': {
      name: f('char'),
      ref: f('char'),
      date: f('date'),
      move_type: f('sel'),
      state: f('sel'),
      journal_id: f('m2o', { relation: 'account.journal' }),
      line_ids: f('o2m', { relation: 'account.move.line', inverse: 'move_id' }),
    },
    'account.move.line': {
      move_id: f('m2o', { relation: 'account.move' }),
      account_id: f('m2o', { relation: 'account.account' }),
      name: f('char'),
      debit: f('float'),
      credit: f('float'),
    },
  };
}

/** Parameter names of the methods served, in positional order (JSON-RPC passes some positionally). */
const MODEL_METHODS: Record<string, string[]> = {
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search: ['domain', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  create: ['vals_list'],
};
const RECORD_METHODS: Record<string, string[]> = {
  read: ['fields'],
  write: ['vals'],
  action_confirm: [],
  button_mark_done: [],
  action_post: [],
};

const utcSecond = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export class OdooServer {
  readonly database = 'odoo';
  readonly login = 'mom-hub-bot';
  readonly apiKey = 'b7e3c0d4a1f2e5d6c7b8a9f0e1d2c3b4a5f6e7d8';
  fault: OdooFault = null;
  /** Every ORM call served, as `model.method`, for tests that count what an adapter asked. */
  readonly calls: string[] = [];
  /** Ids served by each `search_read`, per model, since the last `served.clear()`. */
  readonly served = new Map<string, number[]>();
  url = '';
  private server?: Server;
  private readonly fields: Record<string, Record<string, FieldDef>>;
  private readonly tables = new Map<string, Map<number, OdooRecord>>();
  private nextId = 1;
  private sequence = 0;

  constructor(readonly version: OdooVersion) {
    this.fields = schema(version);
    for (const model of Object.keys(this.fields)) this.tables.set(model, new Map());
    this.create('res.users', { login: this.login, name: 'MOM Hub bot' });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  // ---- the ORM, also used directly by tests to seed and inspect ----

  rows(model: string): OdooRecord[] {
    return [...this.table(model).values()];
  }

  create(model: string, vals: Record<string, Value>): number {
    const id = this.nextId++;
    const rec: OdooRecord = { id, create_date: utcSecond(new Date()), write_date: utcSecond(new Date()), ...this.defaults(model) };
    this.table(model).set(id, rec);
    this.assign(model, rec, vals);
    this.onCreate(model, rec);
    return id;
  }

  write(model: string, ids: number[], vals: Record<string, Value>): void {
    for (const id of ids) {
      const rec = this.table(model).get(id);
      if (!rec) throw missing(`Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: 2)`);
      this.assign(model, rec, vals);
      rec.write_date = utcSecond(new Date());
    }
  }

  private table(model: string): Map<number, OdooRecord> {
    const t = this.tables.get(model);
    if (!t) throw new OdooException('builtins.KeyError', model, 404);
    return t;
  }

  private defaults(model: string): Record<string, Value> {
    switch (model) {
      case 'product.product':
        return {
          active: true,
          tracking: 'none',
          standard_price: 0,
          barcode: false,
          ...(this.version >= 18 ? { type: 'consu', is_storable: true } : { detailed_type: 'product', type: 'product' }),
        };
      case 'mrp.bom':
        return { type: 'normal', product_qty: 1, product_id: false, sequence: 0 };
      case 'sale.order':
        return { state: 'draft', client_order_ref: false, commitment_date: false, date_order: utcSecond(new Date()) };
      case 'sale.order.line':
        return { display_type: false };
      case 'mrp.production':
        return { state: 'draft', qty_producing: 0, origin: false, bom_id: false };
      case 'stock.move':
        return { quantity: 0, picked: false, state: 'draft', raw_material_production_id: false, production_id: false };
      case 'account.move':
        return { state: 'draft', name: '/', move_type: 'entry', ref: false };
      default:
        return {};
    }
  }

  /** Field values as Odoo's `write` takes them: unknown fields refused, one2many through commands. */
  private assign(model: string, rec: OdooRecord, vals: Record<string, Value>): void {
    const defs = this.fields[model];
    for (const [name, value] of Object.entries(vals)) {
      const def = defs[name];
      if (!def || def.compute) throw new OdooException('builtins.ValueError', `Invalid field '${name}' on model '${model}'`, 422);
      if (def.type === 'o2m') {
        for (const command of value as unknown[][]) {
          if (command[0] !== 0) throw userError(`only Command.create is supported here, got ${JSON.stringify(command)}`);
          this.create(def.relation!, { ...(command[2] as Record<string, Value>), [def.inverse!]: rec.id });
        }
        continue;
      }
      if (def.type === 'm2o' && value !== false && !(typeof value === 'number' && this.table(def.relation!).has(value))) {
        throw missing(`Record does not exist or has been deleted.\n(Record: ${def.relation}(${String(value)},), User: 2)`);
      }
      if (def.type === 'float' && typeof value !== 'number')
        throw new OdooException('builtins.TypeError', `${name}: a number is required`, 422);
      rec[name] = value;
    }
  }

  private onCreate(model: string, rec: OdooRecord): void {
    if (model === 'mrp.production') {
      // Odoo computes the moves from the BOM when the order is created.
      const bom = rec.bom_id ? this.table('mrp.bom').get(rec.bom_id as number) : undefined;
      const factor = bom ? (rec.product_qty as number) / (bom.product_qty as number) : 0;
      for (const line of this.rows('mrp.bom.line').filter((l) => l.bom_id === bom?.id)) {
        this.create('stock.move', {
          product_id: line.product_id,
          product_uom_qty: (line.product_qty as number) * factor,
          raw_material_production_id: rec.id,
        });
      }
      this.create('stock.move', { product_id: rec.product_id, product_uom_qty: rec.product_qty, production_id: rec.id });
      rec.name = `WH/MO/${String(rec.id).padStart(5, '0')}`;
    }
  }

  private call(model: string, method: string, ids: number[], kw: Record<string, Value>): Value {
    const defs = this.fields[model];
    if (!defs) throw new OdooException('builtins.KeyError', `Object ${model} doesn't exist`, 404);
    const ctx = (kw.context ?? {}) as Record<string, Value>;
    if (this.fault === 'serialization') {
      throw new OdooException('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update', 500);
    }
    if (this.fault === 'access') {
      throw new OdooException('odoo.exceptions.AccessError', `You are not allowed to access '${model}' records.`, 403);
    }
    if (this.fault === 'validation' && ['create', 'write', 'action_post', 'button_mark_done', 'action_confirm'].includes(method)) {
      throw validationError('The operation cannot be completed: the record is locked by an accounting lock date.');
    }
    switch (method) {
      case 'search_read':
      case 'search':
      case 'search_count': {
        const domain = (kw.domain ?? []) as unknown[];
        const activeTest = ctx.active_test !== false && 'active' in defs;
        let found = this.rows(model).filter((r) => (!activeTest || r.active !== false) && this.matches(model, r, domain));
        found = sortBy(found, textOf(kw.order, 'id asc'));
        if (method === 'search_count') return found.length;
        found = found.slice(Number(kw.offset ?? 0), kw.limit ? Number(kw.offset ?? 0) + Number(kw.limit) : undefined);
        if (method === 'search') return found.map((r) => r.id);
        this.served.set(model, [...(this.served.get(model) ?? []), ...found.map((r) => r.id)]);
        return found.map((r) => this.readOne(model, r, kw.fields as string[] | undefined));
      }
      case 'read':
        return ids.map((id) => {
          const r = this.table(model).get(id);
          if (!r) throw missing(`Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: 2)`);
          return this.readOne(model, r, kw.fields as string[] | undefined);
        });
      case 'create': {
        const list = kw.vals_list;
        if (Array.isArray(list)) return list.map((v) => this.create(model, v as Record<string, Value>));
        return this.create(model, list as Record<string, Value>);
      }
      case 'write':
        this.write(model, ids, kw.vals as Record<string, Value>);
        return true;
      case 'action_confirm':
        return this.confirm(model, ids);
      case 'button_mark_done':
        return this.markDone(ids, ctx);
      case 'action_post':
        return this.post(ids);
      default:
        throw new OdooException('builtins.AttributeError', `The method '${model}.${method}' does not exist`, 404);
    }
  }

  private confirm(model: string, ids: number[]): boolean {
    for (const id of ids) {
      const r = this.table(model).get(id)!;
      if (model === 'sale.order') this.write(model, [id], { state: 'sale' });
      else if (model === 'mrp.production') {
        if (r.state !== 'draft') throw userError('Only draft manufacturing orders can be confirmed.');
        this.write(model, [id], { state: 'confirmed' });
      } else throw new OdooException('builtins.AttributeError', `The method '${model}.action_confirm' does not exist`, 404);
    }
    return true;
  }

  /** Mark as done: a wizard action unless every quantity is set or the context says to skip it. */
  private markDone(ids: number[], ctx: Record<string, Value>): Value {
    for (const id of ids) {
      const mo = this.table('mrp.production').get(id)!;
      if (mo.state === 'done') throw userError('The manufacturing order is already done.');
      if (mo.state === 'draft') throw userError('You must confirm the manufacturing order first.');
      const qtyProducing = mo.qty_producing as number;
      if (!(qtyProducing > 0)) throw userError('The quantity to produce must be positive!');
      if (qtyProducing < (mo.product_qty as number) && !ctx.skip_backorder) {
        return {
          type: 'ir.actions.act_window',
          res_model: 'mrp.production.backorder',
          target: 'new',
          context: { default_mrp_production_ids: [id] },
        };
      }
      const raw = this.rows('stock.move').filter((m) => m.raw_material_production_id === id);
      if (raw.some((m) => !m.picked || m.quantity !== m.product_uom_qty) && !ctx.skip_consumption) {
        return {
          type: 'ir.actions.act_window',
          res_model: 'mrp.consumption.warning',
          target: 'new',
          context: { default_mrp_production_ids: [id] },
        };
      }
      for (const m of [...raw, ...this.rows('stock.move').filter((x) => x.production_id === id)]) {
        this.write('stock.move', [m.id], { state: 'done', quantity: m.production_id ? qtyProducing : m.quantity, picked: true });
      }
      this.write('mrp.production', [id], { state: 'done', product_qty: qtyProducing });
    }
    return true;
  }

  private post(ids: number[]): boolean {
    for (const id of ids) {
      const move = this.table('account.move').get(id)!;
      if (move.state === 'posted') throw userError('The entry is already posted.');
      const lines = this.rows('account.move.line').filter((l) => l.move_id === id);
      const debit = lines.reduce((s, l) => s + (l.debit as number), 0);
      const credit = lines.reduce((s, l) => s + (l.credit as number), 0);
      if (!lines.length || Math.abs(debit - credit) > 0.005) throw userError('The entry is not balanced.');
      this.write('account.move', [id], {
        state: 'posted',
        name: `MISC/${String(move.date).slice(0, 4)}/${String(++this.sequence).padStart(5, '0')}`,
      });
    }
    return true;
  }

  private readOne(model: string, r: OdooRecord, fields?: string[]): OdooRecord {
    const defs = this.fields[model];
    const names = fields?.length ? fields : Object.keys(defs);
    const out: OdooRecord = { id: r.id };
    for (const name of names) {
      if (name === 'id') continue;
      if (name === 'write_date' || name === 'create_date') {
        out[name] = r[name];
        continue;
      }
      const def = defs[name];
      if (!def) throw new OdooException('builtins.ValueError', `Invalid field '${name}' on model '${model}'`, 422);
      if (def.compute) out[name] = def.compute(r, this);
      else if (def.type === 'o2m')
        out[name] = this.rows(def.relation!)
          .filter((x) => x[def.inverse!] === r.id)
          .map((x) => x.id);
      else if (def.type === 'm2o') {
        const target = r[name] ? this.table(def.relation!).get(r[name] as number) : undefined;
        out[name] = target ? [target.id, textOf(target.name ?? target.code ?? target.id)] : false;
      } else out[name] = r[name] ?? false;
    }
    return out;
  }

  /** Odoo's prefix-notation domains: `&`, `|`, `!` before their operands, terms ANDed by default. */
  private matches(model: string, r: OdooRecord, domain: unknown[]): boolean {
    const stack: boolean[] = [];
    for (let i = domain.length - 1; i >= 0; i--) {
      const t = domain[i];
      if (t === '&' || t === '|') {
        const [a, b] = [stack.pop()!, stack.pop()!];
        stack.push(t === '&' ? a && b : a || b);
      } else if (t === '!') stack.push(!stack.pop()!);
      else stack.push(this.term(model, r, t as [string, string, Value]));
    }
    return stack.every(Boolean);
  }

  private term(model: string, r: OdooRecord, [field, op, value]: [string, string, Value]): boolean {
    const def = this.fields[model][field];
    if (!def && !['id', 'write_date', 'create_date'].includes(field)) {
      throw new OdooException(
        'builtins.ValueError',
        `Invalid field ${model}.${field} in leaf ('${field}', '${op}', ${JSON.stringify(value)})`,
        422,
      );
    }
    const v = def?.compute ? def.compute(r, this) : (r[field] ?? false);
    switch (op) {
      case '=':
        return v === value;
      case '!=':
        return v !== value;
      case '>':
        return (v as string | number) > (value as string | number);
      case '>=':
        return (v as string | number) >= (value as string | number);
      case '<':
        return (v as string | number) < (value as string | number);
      case '<=':
        return (v as string | number) <= (value as string | number);
      case 'in':
        return (value as Value[]).includes(v);
      case 'not in':
        return !(value as Value[]).includes(v);
      case 'ilike':
        return String(v).toLowerCase().includes(String(value).toLowerCase());
      default:
        throw new OdooException('builtins.ValueError', `Invalid leaf operator ${op}`, 422);
    }
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (this.fault === 'unreachable') {
      req.socket.resetAndDestroy();
      return;
    }
    if (this.fault === 'down') {
      res
        .writeHead(503, { 'content-type': 'text/html' })
        .end('<html><body><h1>503 Service Unavailable</h1>Odoo is being upgraded</body></html>');
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/jsonrpc') return this.jsonRpc(body, res);
    const m = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && m && this.version >= 19)
      return this.json2(req, decodeURIComponent(m[1]), decodeURIComponent(m[2]), body, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1><p>The requested URL was not found on the server.</p>');
  }

  private jsonRpc(raw: string, res: ServerResponse): void {
    let id: unknown = null;
    const answer = (payload: Record<string, unknown>): void =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, ...payload }));
    try {
      const req = JSON.parse(raw) as { id?: unknown; params?: { service?: string; method?: string; args?: unknown[] } };
      id = req.id ?? null;
      const { service, method, args = [] } = req.params ?? {};
      if (service === 'common' && method === 'version') {
        return answer({
          result: {
            server_version: `${this.version}.0`,
            server_version_info: [this.version, 0, 0, 'final', 0, ''],
            server_serie: `${this.version}.0`,
            protocol_version: 1,
          },
        });
      }
      if (service === 'common' && (method === 'login' || method === 'authenticate')) {
        const [db, login, key] = args as string[];
        return answer({ result: db === this.database && login === this.login && key === this.apiKey ? this.userId() : false });
      }
      if (service === 'object' && method === 'execute_kw') {
        const [db, uid, key, model, name, positional = [], kwargs = {}] = args as [
          string,
          number,
          string,
          string,
          string,
          unknown[],
          Record<string, Value>,
        ];
        if (db !== this.database || uid !== this.userId() || key !== this.apiKey)
          throw new OdooException('odoo.exceptions.AccessDenied', 'Access Denied', 403);
        const { ids, kw } = bind(name, positional, kwargs);
        this.calls.push(`${model}.${name}`);
        return answer({ result: this.call(model, name, ids, kw) });
      }
      throw new OdooException('builtins.KeyError', `${service}.${method}`, 404);
    } catch (e) {
      const ex = asOdoo(e);
      answer({
        error: {
          code: 200,
          message: 'Odoo Server Error',
          data: {
            name: ex.odooName,
            debug: `Traceback (most recent call last):\n${ex.odooName}: ${ex.message}`,
            message: ex.message,
            arguments: [ex.message],
            context: {},
          },
        },
      });
    }
  }

  private json2(req: IncomingMessage, model: string, method: string, raw: string, res: ServerResponse): void {
    const reply = (status: number, payload: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
    try {
      const auth = String(req.headers.authorization ?? '');
      if (!/^bearer /i.test(auth) || auth.slice(7) !== this.apiKey)
        throw new OdooException('werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401);
      const db = req.headers['x-odoo-database'];
      if (db !== undefined && db !== this.database)
        throw new OdooException('werkzeug.exceptions.NotFound', `database ${String(db)} not found`, 404);
      const body = JSON.parse(raw || '{}') as Record<string, Value>;
      const { ids = [], ...kw } = body;
      const params = MODEL_METHODS[method] ?? RECORD_METHODS[method];
      if (!params) throw new OdooException('werkzeug.exceptions.NotFound', `the method ${method} does not exist on ${model}`, 404);
      const unknown = Object.keys(kw).filter((k) => k !== 'context' && !params.includes(k));
      if (unknown.length) throw new OdooException('builtins.TypeError', `got an unexpected keyword argument '${unknown[0]}'`, 422);
      this.calls.push(`${model}.${method}`);
      reply(200, this.call(model, method, ids as number[], kw) ?? null);
    } catch (e) {
      const ex = asOdoo(e);
      reply(ex.status, {
        name: ex.odooName,
        message: ex.message,
        arguments: [ex.message, ex.status],
        context: {},
        debug: `Traceback (most recent call last):\n${ex.odooName}: ${ex.message}`,
      });
    }
  }

  private userId(): number {
    return this.rows('res.users')[0].id;
  }
}

/** execute_kw's positional args onto the method's parameter names; a record method takes ids first. */
function bind(method: string, positional: unknown[], kwargs: Record<string, Value>): { ids: number[]; kw: Record<string, Value> } {
  const record = RECORD_METHODS[method];
  const params = record ?? MODEL_METHODS[method];
  if (!params) throw new OdooException('builtins.AttributeError', `The method '${method}' does not exist`, 404);
  const rest = record ? positional.slice(1) : positional;
  const kw: Record<string, Value> = { ...kwargs };
  rest.forEach((v, i) => (kw[params[i]] = v));
  return { ids: record ? ((positional[0] as number[]) ?? []) : [], kw };
}

function asOdoo(e: unknown): OdooException {
  if (e instanceof OdooException) return e;
  if (e instanceof SyntaxError) return new OdooException('werkzeug.exceptions.BadRequest', `Invalid JSON data: ${e.message}`, 400);
  return new OdooException('builtins.Exception', e instanceof Error ? e.message : String(e), 500);
}

function sortBy(rows: OdooRecord[], order: string): OdooRecord[] {
  const keys = order.split(',').map((part) => {
    const [field, dir] = part.trim().split(/\s+/);
    return { field, desc: dir?.toLowerCase() === 'desc' };
  });
  return [...rows].sort((a, b) => {
    for (const { field, desc } of keys) {
      const [x, y] = [a[field] as string | number, b[field] as string | number];
      if (x === y) continue;
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}
