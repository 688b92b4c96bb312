import type { Ctx } from '../../kernel/unit-of-work/context';
import type { EntityManager } from '../../kernel/db/orm';
import { getOrFail } from '../../kernel/db/lookup';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { Item } from './item.entity';
import { WorkCenter } from './work-center.entity';
import { Bom } from './bom.entity';
import { Routing } from './routing.entity';
import type { ItemFilter, VersionFilter } from './dto/catalog.inputs';

/** The catalog's reads: what callers may filter on, in which order, page by page. */

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const getItem = (ctx: Ctx, id: string) => getOrFail(ctx.em, Item, id, 'Item');

export function listItems(ctx: Ctx, filter: ItemFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.type) where.type = filter.type;
  if (filter?.tracking) where.tracking = filter.tracking;
  if (filter?.search) {
    const like = `%${escapeLike(filter.search)}%`;
    where.$or = [{ sku: { $ilike: like } }, { name: { $ilike: like } }];
  }
  return paginate(ctx.em, Item, where, page, { sku: 'asc', id: 'asc' });
}

/** Items with a preferred supplier: one supplier's, or every supplied item. */
export const listSuppliedItems = (ctx: Ctx, supplierId: string | undefined, page: PageArgs) =>
  paginate(ctx.em, Item, supplierId ? { preferredSupplier: supplierId } : { preferredSupplier: { $ne: null } }, page, {
    sku: 'asc',
    id: 'asc',
  });

export const listWorkCenters = (ctx: Ctx, page: PageArgs) => paginate(ctx.em, WorkCenter, {}, page, { code: 'asc', id: 'asc' });

function versionWhere(filter?: VersionFilter) {
  const where: Record<string, unknown> = {};
  if (filter?.itemId) where.item = filter.itemId;
  if (filter?.active !== undefined && filter.active !== null) where.active = filter.active;
  return where;
}

export const listBoms = (ctx: Ctx, filter: VersionFilter | undefined, page: PageArgs) =>
  paginate(ctx.em, Bom, versionWhere(filter), page, { createdAt: 'asc', id: 'asc' });

export const listRoutings = (ctx: Ctx, filter: VersionFilter | undefined, page: PageArgs) =>
  paginate(ctx.em, Routing, versionWhere(filter), page, { createdAt: 'asc', id: 'asc' });

/** The active BOM of each item, in the order asked (null where there is none): one query for a batch. */
export async function activeBomsOf(em: EntityManager, itemIds: readonly string[]): Promise<(Bom | null)[]> {
  const found = await em.find(Bom, { item: { $in: [...itemIds] }, active: true });
  return itemIds.map((id) => found.find((b) => b.item.id === id) ?? null);
}

export async function activeRoutingsOf(em: EntityManager, itemIds: readonly string[]): Promise<(Routing | null)[]> {
  const found = await em.find(Routing, { item: { $in: [...itemIds] }, active: true });
  return itemIds.map((id) => found.find((r) => r.item.id === id) ?? null);
}

/** The preferred suppliers of an item's components (its active BOM): whose plan a change to it touches. */
export async function suppliersOfComponents(ctx: Ctx, itemId: string): Promise<string[]> {
  const rows = await ctx.em.execute<{ id: string }[]>(
    `select distinct i.preferred_supplier_id as id from bom b
       join bom_line bl on bl.bom_id = b.id join item i on i.id = bl.component_id
     where b.item_id = ? and b.active and i.preferred_supplier_id is not null`,
    [itemId],
  );
  return rows.map((r) => r.id);
}

/** Items that have a preferred supplier — one supplier's, or all — with that supplier. */
export async function suppliedItemSuppliers(ctx: Ctx, supplierId?: string): Promise<Map<string, string>> {
  const items = await ctx.em.find(Item, supplierId ? { preferredSupplier: supplierId } : { preferredSupplier: { $ne: null } });
  return new Map(items.map((i) => [i.id, i.preferredSupplier!.id]));
}

export interface BomLineOf {
  parentItemId: string;
  componentId: string;
  qtyPer: string;
  scrapPct: string;
}

/** The lines of the active BOMs of these items: one query for a batch. */
export async function activeBomLinesOf(ctx: Ctx, parentItemIds: readonly string[]): Promise<BomLineOf[]> {
  if (parentItemIds.length === 0) return [];
  const boms = await ctx.em.find(Bom, { item: { $in: [...parentItemIds] }, active: true }, { populate: ['lines'] });
  return boms.flatMap((b) =>
    b.lines.getItems().map((l) => ({ parentItemId: b.item.id, componentId: l.component.id, qtyPer: l.qtyPer, scrapPct: l.scrapPct })),
  );
}

export interface RoutingStep {
  itemId: string;
  sequence: number;
  name: string;
  workCenterId: string;
  setupMinutes: string;
  runMinutesPerUnit: string;
}

/** The active routing's operations of each item, in sequence: one read. */
export async function activeRoutingStepsOf(ctx: Ctx, itemIds: readonly string[]): Promise<RoutingStep[]> {
  if (itemIds.length === 0) return [];
  const rows = await ctx.em.execute<Record<string, unknown>[]>(
    `select r.item_id, o.sequence, o.name, o.work_center_id, o.setup_minutes::text as setup, o.run_minutes_per_unit::text as run
     from routing r join routing_operation o on o.routing_id = r.id
     where r.active and r.item_id = any(?::uuid[]) order by r.item_id, o.sequence`,
    [`{${itemIds.join(',')}}`],
  );
  return rows.map((r) => ({
    itemId: String(r.item_id),
    sequence: Number(r.sequence),
    name: String(r.name),
    workCenterId: String(r.work_center_id),
    setupMinutes: String(r.setup),
    runMinutesPerUnit: String(r.run),
  }));
}

/** Every work center with its calendar and state. */
export async function workCentersForPlanning(
  ctx: Ctx,
): Promise<{ id: string; code: string; name: string; calendar: string; state: string }[]> {
  return ctx.em.execute(`select id, code, name, calendar, state from work_center order by code`);
}

/** Sku and purchase lead time of items. */
export async function itemLeadTimes(ctx: Ctx, itemIds: readonly string[]): Promise<Map<string, { sku: string; leadTimeDays: number }>> {
  if (itemIds.length === 0) return new Map();
  const rows = await ctx.em.execute<{ id: string; sku: string; lead_time_days: number }[]>(
    `select id, sku, lead_time_days from item where id = any(?::uuid[])`,
    [`{${itemIds.join(',')}}`],
  );
  return new Map(rows.map((r) => [r.id, { sku: r.sku, leadTimeDays: Number(r.lead_time_days) }]));
}
