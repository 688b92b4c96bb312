import Decimal from 'decimal.js';
import type { ImportedBom, ImportedItem, ImportedSalesOrder, PullBatch } from '../../src/contract/adapter';
import type { KingdeeClient, Page } from './kingdee-client';

/**
 * Incremental pulls from Xingchen's list APIs, which filter on `modify_start_time` / `modify_end_time`
 * (milliseconds) and page with `page` / `page_size`, answering `{count, total_page, page, page_size,
 * rows}`. A pull walks one time window: from where the last one ended to now minus `lagMs` (room for the
 * ERP's clock being behind ours), stage by stage — materials, then BOMs, then audited sales orders, so
 * what a later stage names is in the hub already — page by page. If the count of a stage changes while
 * it is being paged, the stage starts over (pages would shift and a record could be skipped).
 */
const STAGES = ['materials', 'boms', 'sales'] as const;
type Stage = (typeof STAGES)[number];

interface KingdeeCursor {
  v: 1;
  /** Start of the window (ms, inclusive). */
  from: number;
  /** End of the window being walked (ms, inclusive); absent between pulls. */
  to?: number;
  stage?: Stage;
  page?: number;
  count?: string;
}

export interface PullSettings {
  pageSize: number;
  lagMs: number;
  now: () => Date;
  paths: { material: string; bom: string; salesOrder: string };
}

interface MaterialRow {
  id: string;
  number: string;
  name: string;
  base_unit_name?: string;
  is_batch?: boolean | string;
  is_serial?: boolean | string;
  cost_price?: string | number;
}

interface BomRow {
  id: string;
  material_id: string;
  qty: string | number;
  entry: { material_id: string; qty: string | number; loss_rate?: string | number }[];
}

interface SalesOrderRow {
  id: string;
  bill_no: string;
  bill_date: string;
  customer_id: string;
  customer_number?: string;
  customer_name?: string;
  delivery_date?: string;
  material_entity: { material_id: string; qty: string | number; delivery_date?: string }[];
}

const yes = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

function readCursor(cursor: string | null): KingdeeCursor {
  if (!cursor) return { v: 1, from: 0 };
  const c = JSON.parse(cursor) as KingdeeCursor;
  if (c?.v !== 1 || typeof c.from !== 'number') throw new Error(`not a Kingdee pull cursor: ${cursor}`);
  return c;
}

export async function pullFromKingdee(
  k: KingdeeClient,
  cursor: string | null,
  s: PullSettings,
  bomParents: (to: number) => Promise<Set<string>>,
): Promise<PullBatch> {
  const c = readCursor(cursor);
  const to = c.to ?? s.now().getTime() - s.lagMs;
  const stage = c.stage ?? 'materials';
  const page = c.page ?? 1;
  const path = { materials: s.paths.material, boms: s.paths.bom, sales: s.paths.salesOrder }[stage];
  const query = {
    modify_start_time: c.from || undefined,
    modify_end_time: to,
    page,
    page_size: s.pageSize,
    ...(stage === 'sales' ? { bill_status: 'C' } : {}),
  };
  const result = await k.get<Page<unknown>>(path, query);
  const count = String(result.count);
  if (page > 1 && c.count !== undefined && c.count !== count) {
    return { cursor: JSON.stringify({ ...c, to, stage, page: 1, count: undefined } satisfies KingdeeCursor), more: true };
  }
  const batch: PullBatch = { cursor: null };
  if (stage === 'materials') batch.items = items(result.rows as MaterialRow[], await bomParents(to));
  else if (stage === 'boms') batch.boms = boms(result.rows as BomRow[]);
  else batch.salesOrders = salesOrders(result.rows as SalesOrderRow[]);

  let next: KingdeeCursor;
  if (page < (result.total_page || 0)) next = { v: 1, from: c.from, to, stage, page: page + 1, count };
  else {
    const following = STAGES[STAGES.indexOf(stage) + 1];
    next = following ? { v: 1, from: c.from, to, stage: following, page: 1 } : { v: 1, from: to + 1 };
  }
  batch.cursor = JSON.stringify(next);
  batch.more = next.stage !== undefined;
  return batch;
}

/** A material with a BOM is made here (FINISHED); the rest is bought (RAW). */
function items(rows: MaterialRow[], parents: Set<string>): ImportedItem[] {
  return rows.map((m) => ({
    externalId: String(m.id),
    sku: m.number,
    name: m.name,
    type: parents.has(String(m.id)) ? 'FINISHED' : 'RAW',
    ...(m.base_unit_name ? { unit: m.base_unit_name } : {}),
    tracking: yes(m.is_serial) ? 'SERIAL' : yes(m.is_batch) ? 'LOT' : 'NONE',
    ...(m.cost_price !== undefined && m.cost_price !== '' ? { standardCost: new Decimal(m.cost_price).toFixed() } : {}),
  }));
}

function boms(rows: BomRow[]): ImportedBom[] {
  return rows.map((b) => ({
    externalId: String(b.id),
    itemExternalId: String(b.material_id),
    lines: b.entry.map((e) => ({
      componentExternalId: String(e.material_id),
      qtyPer: new Decimal(e.qty)
        .div(new Decimal(b.qty || 1))
        .toDecimalPlaces(6)
        .toFixed(),
      ...(e.loss_rate !== undefined ? { scrapPct: new Decimal(e.loss_rate).toFixed() } : {}),
    })),
  }));
}

function salesOrders(rows: SalesOrderRow[]): ImportedSalesOrder[] {
  return rows.map((o) => ({
    externalId: String(o.id),
    customer: {
      externalId: String(o.customer_id),
      code: (o.customer_number || `KD-${o.customer_id}`).slice(0, 64),
      name: o.customer_name || `Customer ${o.customer_id}`,
    },
    customerReference: o.bill_no,
    lines: o.material_entity.map((l) => ({
      itemExternalId: String(l.material_id),
      qty: new Decimal(l.qty).toFixed(),
      dueDate: (l.delivery_date || o.delivery_date || o.bill_date).slice(0, 10),
    })),
  }));
}

/** Every material that heads a BOM, read once per pull window (BOM lists are short next to materials). */
export async function readBomParents(k: KingdeeClient, path: string, pageSize: number): Promise<Set<string>> {
  const parents = new Set<string>();
  for (let page = 1; ; page++) {
    const r = await k.get<Page<BomRow>>(path, { page, page_size: pageSize });
    for (const b of r.rows) parents.add(String(b.material_id));
    if (page >= (r.total_page || 0)) return parents;
  }
}
