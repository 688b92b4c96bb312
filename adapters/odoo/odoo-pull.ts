import Decimal from 'decimal.js';
import type { ImportedBom, ImportedItem, ImportedSalesOrder, PullBatch } from '../../src/contract/adapter';
import type { OdooClient } from './odoo-client';

/** A many2one as Odoo reads it: `[id, display name]`, or `false` when empty. */
type Many2one = [number, string] | false;
const idOf = (m: Many2one) => (m ? m[0] : undefined);

/**
 * Where the incremental pull stands, per stage: the `write_date` of the last record it took, on Odoo's
 * own clock (so the hub's clock never matters). Odoo serialises datetimes to the second but stores and
 * compares microseconds, so `write_date >= mark` is the only filter that cannot miss a record written
 * in the mark's second; the records of that second come again next time, and the hub's imports (upserts
 * on external refs) count them as unchanged. `skip` steps over a full page of records that share one
 * second, which would otherwise be read again and again.
 */
interface Mark {
  at: string;
  skip: number;
}
interface OdooCursor {
  v: 1;
  stage: Stage;
  marks: Partial<Record<Stage, Mark>>;
}

/** Products first, then BOMs, then confirmed sales: what a later stage names is already in the hub. */
const STAGES = ['products', 'boms', 'sales'] as const;
type Stage = (typeof STAGES)[number];

interface PageArgs {
  order: string;
  limit: number;
  offset: number;
}

export interface PullSettings {
  pageSize: number;
  /** The server's major version: 17 says `detailed_type`, 18+ `type` and `is_storable`. */
  version: number;
}

function readCursor(cursor: string | null): OdooCursor {
  if (!cursor) return { v: 1, stage: 'products', marks: {} };
  const parsed = JSON.parse(cursor) as OdooCursor;
  if (parsed?.v !== 1 || !STAGES.includes(parsed.stage)) throw new Error(`not an Odoo pull cursor: ${cursor}`);
  return parsed;
}

const afterMark = (mark: Mark | undefined): unknown[] => (mark ? [['write_date', '>=', mark.at]] : []);

function advance(mark: Mark | undefined, rows: { write_date: string }[], pageSize: number): Mark | undefined {
  if (!rows.length) return mark;
  const at = rows[rows.length - 1].write_date;
  const oneSecond = rows.length === pageSize && rows.every((r) => r.write_date === at);
  return { at, skip: oneSecond ? (mark?.at === at ? mark.skip : 0) + rows.length : 0 };
}

/** One page of the current stage; `more` until every stage has caught up. */
export async function pullFromOdoo(odoo: OdooClient, cursor: string | null, s: PullSettings): Promise<PullBatch> {
  const c = readCursor(cursor);
  const page = { order: 'write_date asc, id asc', limit: s.pageSize, offset: c.marks[c.stage]?.skip ?? 0 };
  const batch: PullBatch = { cursor: null };
  let rows: { id: number; write_date: string }[];
  if (c.stage === 'products') {
    const r = await productsPage(odoo, afterMark(c.marks.products), page, s.version);
    batch.items = r.items;
    rows = r.rows;
  } else if (c.stage === 'boms') {
    const r = await bomsPage(odoo, afterMark(c.marks.boms), page);
    batch.boms = r.boms;
    rows = r.rows;
  } else {
    const r = await salesPage(odoo, afterMark(c.marks.sales), page);
    batch.salesOrders = r.salesOrders;
    rows = r.rows;
  }
  const marks = { ...c.marks, [c.stage]: advance(c.marks[c.stage], rows, s.pageSize) };
  const full = rows.length === s.pageSize;
  const next = STAGES[STAGES.indexOf(c.stage) + 1];
  // A full page may have more behind it; an exhausted stage hands over to the next; after sales, start
  // again from products next time.
  const stage: Stage = full ? c.stage : (next ?? 'products');
  batch.cursor = JSON.stringify({ v: 1, stage, marks } satisfies OdooCursor);
  batch.more = full || next !== undefined;
  return batch;
}

interface ProductRow {
  id: number;
  write_date: string;
  default_code: string | false;
  name: string;
  uom_id: Many2one;
  tracking?: 'none' | 'lot' | 'serial';
  standard_price: number;
  bom_count: number;
  type: string;
  detailed_type?: string;
}

async function productsPage(odoo: OdooClient, domain: unknown[], page: PageArgs, version: number) {
  // Odoo 17 keeps the product kind in `detailed_type` (product / consu / service); 18 dropped it for
  // `type` (consu / service / combo) with `is_storable`.
  const kindField = version >= 18 ? 'type' : 'detailed_type';
  const rows = await odoo.call<ProductRow[]>('product.product', 'search_read', {
    domain,
    fields: ['write_date', 'default_code', 'name', 'uom_id', 'tracking', 'standard_price', 'bom_count', kindField],
    ...page,
    context: { active_test: false },
  });
  const items: ImportedItem[] = rows
    .filter((p) => p.default_code && (p[kindField as 'type'] ?? p.type) !== 'service')
    .map((p) => ({
      externalId: String(p.id),
      sku: p.default_code as string,
      name: p.name,
      type: p.bom_count > 0 ? 'FINISHED' : 'RAW',
      unit: p.uom_id ? p.uom_id[1] : undefined,
      tracking: p.tracking === 'lot' ? 'LOT' : p.tracking === 'serial' ? 'SERIAL' : 'NONE',
      standardCost: new Decimal(p.standard_price ?? 0).toFixed(),
    }));
  return { items, rows };
}

interface BomRow {
  id: number;
  write_date: string;
  product_tmpl_id: Many2one;
  product_id: Many2one;
  product_qty: number;
  bom_line_ids: number[];
}

async function bomsPage(odoo: OdooClient, domain: unknown[], page: PageArgs) {
  const rows = await odoo.call<BomRow[]>('mrp.bom', 'search_read', {
    domain: [...(domain.length ? ['&', ...domain] : []), ['type', '=', 'normal']],
    fields: ['write_date', 'product_tmpl_id', 'product_id', 'product_qty', 'bom_line_ids'],
    ...page,
  });
  const lineIds = rows.flatMap((b) => b.bom_line_ids);
  const lines = lineIds.length
    ? await odoo.call<{ id: number; bom_id: Many2one; product_id: Many2one; product_qty: number }[]>('mrp.bom.line', 'read', {
        ids: lineIds,
        fields: ['bom_id', 'product_id', 'product_qty'],
      })
    : [];
  // A BOM names a template; the hub's items are variants. A BOM for one variant names it; otherwise the
  // template's single variant is the item (multi-variant templates get one BOM per variant in the hub).
  const tmplIds = rows.filter((b) => !b.product_id).map((b) => idOf(b.product_tmpl_id)!);
  const variants = tmplIds.length
    ? await odoo.call<{ id: number; product_tmpl_id: Many2one }[]>('product.product', 'search_read', {
        domain: [['product_tmpl_id', 'in', tmplIds]],
        fields: ['product_tmpl_id'],
      })
    : [];
  const boms: ImportedBom[] = rows.flatMap((b) => {
    const parents = b.product_id
      ? [idOf(b.product_id)!]
      : variants.filter((v) => idOf(v.product_tmpl_id) === idOf(b.product_tmpl_id)).map((v) => v.id);
    const own = lines.filter((l) => idOf(l.bom_id) === b.id && l.product_id);
    return parents.map((parent) => ({
      externalId: parents.length > 1 ? `${b.id}:${parent}` : String(b.id),
      itemExternalId: String(parent),
      lines: own.map((l) => ({
        componentExternalId: String(idOf(l.product_id)),
        qtyPer: new Decimal(l.product_qty)
          .div(b.product_qty || 1)
          .toDecimalPlaces(6)
          .toFixed(),
      })),
    }));
  });
  return { boms, rows };
}

interface SaleRow {
  id: number;
  write_date: string;
  name: string;
  partner_id: Many2one;
  client_order_ref: string | false;
  commitment_date: string | false;
  date_order: string;
  order_line: number[];
}

async function salesPage(odoo: OdooClient, domain: unknown[], page: PageArgs) {
  // A confirmed quotation is state `sale` from Odoo 17 on (17 dropped `done` for the `locked` flag).
  const rows = await odoo.call<SaleRow[]>('sale.order', 'search_read', {
    domain: [...(domain.length ? ['&', ...domain] : []), ['state', '=', 'sale']],
    fields: ['write_date', 'name', 'partner_id', 'client_order_ref', 'commitment_date', 'date_order', 'order_line'],
    ...page,
  });
  const lineIds = rows.flatMap((s) => s.order_line);
  const lines = lineIds.length
    ? await odoo.call<{ id: number; order_id: Many2one; product_id: Many2one; product_uom_qty: number; display_type: string | false }[]>(
        'sale.order.line',
        'read',
        { ids: lineIds, fields: ['order_id', 'product_id', 'product_uom_qty', 'display_type'] },
      )
    : [];
  const partnerIds = [...new Set(rows.map((s) => idOf(s.partner_id)).filter((id): id is number => id !== undefined))];
  const partners = partnerIds.length
    ? await odoo.call<{ id: number; name: string; ref: string | false; email: string | false }[]>('res.partner', 'read', {
        ids: partnerIds,
        fields: ['name', 'ref', 'email'],
      })
    : [];
  const salesOrders: ImportedSalesOrder[] = rows.map((s) => {
    const partner = partners.find((p) => p.id === idOf(s.partner_id));
    const due = (s.commitment_date || s.date_order).slice(0, 10);
    return {
      externalId: String(s.id),
      customer: {
        externalId: String(idOf(s.partner_id)),
        code: (partner?.ref || `ODOO-${idOf(s.partner_id)}`).slice(0, 64),
        name: partner?.name ?? `Partner ${idOf(s.partner_id)}`,
        ...(partner?.email ? { email: partner.email } : {}),
      },
      customerReference: s.client_order_ref || s.name,
      lines: lines
        .filter((l) => idOf(l.order_id) === s.id && !l.display_type && l.product_id)
        .map((l) => ({ itemExternalId: String(idOf(l.product_id)), qty: new Decimal(l.product_uom_qty).toFixed(), dueDate: due })),
    };
  });
  return { salesOrders, rows };
}
