import type { Ctx } from '../../kernel/unit-of-work/context';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { Location } from './location.entity';
import { Lot } from './lot.entity';
import { StockMove } from './stock-move.entity';
import { StockBalance } from './stock-balance.entity';
import type { LocationFilter, LotFilter, StockBalanceFilter, StockMoveFilter } from './dto/inventory.inputs';

/** Inventory's reads: locations, lots, balances and the ledger, page by page. */

export function listLocations(ctx: Ctx, filter: LocationFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.types?.length) where.type = { $in: filter.types };
  if (filter?.virtual !== undefined && filter.virtual !== null) where.virtual = filter.virtual;
  return paginate(ctx.em, Location, where, page, { code: 'asc', id: 'asc' });
}

export function listLots(ctx: Ctx, filter: LotFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.itemId) where.item = filter.itemId;
  if (filter?.status) where.status = filter.status;
  return paginate(ctx.em, Lot, where, page, { code: 'asc', id: 'asc' });
}

/** On-hand quantities; physical locations and non-zero balances unless asked otherwise. */
export function listStockBalances(ctx: Ctx, filter: StockBalanceFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.itemId) where.item = filter.itemId;
  if (filter?.locationId) where.location = filter.locationId;
  if (filter?.lotId) where.lot = filter.lotId;
  if (!filter?.includeVirtual) where.location = { ...(filter?.locationId ? { id: filter.locationId } : {}), virtual: false };
  if (!filter?.includeZero) where.qty = { $ne: 0 };
  return paginate(ctx.em, StockBalance, where, page, { createdAt: 'asc', id: 'asc' });
}

export function listStockMoves(ctx: Ctx, filter: StockMoveFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.itemId) where.item = filter.itemId;
  if (filter?.workOrderId) where.workOrderId = filter.workOrderId;
  if (filter?.reason) where.reason = filter.reason;
  if (filter?.lotId) where.lot = filter.lotId;
  if (filter?.locationId) where.$or = [{ fromLocation: filter.locationId }, { toLocation: filter.locationId }];
  return paginate(ctx.em, StockMove, where, page, { createdAt: 'asc', id: 'asc' });
}

/** Usable stock per item: physical locations only, lots on hold left out. */
export async function usableOnHand(ctx: Ctx, itemIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await ctx.em.execute<{ item_id: string; qty: string }[]>(
    `select b.item_id, sum(b.qty)::text as qty from stock_balance b
       join location l on l.id = b.location_id and not l.virtual
       left join lot on lot.id = b.lot_id
     where b.item_id = any(?::uuid[]) and (lot.id is null or lot.status <> 'ON_HOLD')
     group by b.item_id`,
    [`{${itemIds.join(',')}}`],
  );
  return new Map(rows.map((r) => [r.item_id, r.qty]));
}
