import type { Ctx } from '../../kernel/unit-of-work/context';
import { Decimal, dec } from '../../kernel/common/quantity';
import { suppliedItemSuppliers } from '../catalog/catalog.queries';
import { componentDemand } from '../production/production.queries';
import { usableOnHand } from '../inventory/inventory.queries';

export interface RequirementBucket {
  needBy: string;
  qty: string;
  /** What is still missing by this date, counting stock on hand and confirmed or shipped commitments. */
  shortBy: string;
}

export interface SupplierRequirement {
  supplierId: string;
  itemId: string;
  onHand: string;
  /** Confirmed or shipped, not yet received. */
  committed: string;
  /** Asked for, not yet confirmed. */
  requested: string;
  demand: string;
  shortage: string;
  /** The first date on which stock runs short, if it does. */
  shortFrom: string | null;
  buckets: RequirementBucket[];
}

/**
 * What the plan needs from suppliers, item by item: the components of released and running work
 * orders still to be issued (from their material requirements, needed by the first operation's planned
 * start) and of planned ones (from the item's active BOM, needed by the due date), against stock on hand
 * (physical, not on hold) and what suppliers have confirmed or shipped. Walking the demand by date gives
 * when stock runs short and by how much. Catalog, production and inventory answer for their own data.
 */
export async function supplierRequirements(ctx: Ctx, supplierId?: string): Promise<SupplierRequirement[]> {
  const suppliers = await suppliedItemSuppliers(ctx, supplierId);
  const demand = await componentDemand(ctx, new Set(suppliers.keys()));
  if (demand.length === 0) return [];
  const itemIds = [...new Set(demand.map((d) => d.itemId))];
  const onHand = await usableOnHand(ctx, itemIds);
  const commitments = await ctx.em.execute<{ item_id: string; committed: string; requested: string }[]>(
    `select item_id,
            sum(case when state in ('CONFIRMED', 'SHIPPED') then qty_confirmed else 0 end)::text as committed,
            sum(case when state = 'REQUESTED' then qty_requested else 0 end)::text as requested
     from supplier_commitment where item_id = any(?::uuid[]) and state in ('REQUESTED', 'CONFIRMED', 'SHIPPED')
       ${supplierId ? 'and supplier_id = ?' : ''}
     group by item_id`,
    // Seen for one supplier, only that supplier's commitments count: another's are not its business.
    supplierId ? [`{${itemIds.join(',')}}`, supplierId] : [`{${itemIds.join(',')}}`],
  );
  return itemIds.map((itemId) => {
    const rows = demand.filter((d) => d.itemId === itemId);
    const have = dec(onHand.get(itemId) ?? 0);
    const c = commitments.find((x) => x.item_id === itemId);
    const committed = dec(c?.committed ?? 0);
    const supply = have.plus(committed);
    const byDate = new Map<string, Decimal>();
    for (const r of rows) byDate.set(r.needBy, (byDate.get(r.needBy) ?? dec(0)).plus(r.qty));
    let cumulative = dec(0);
    let shortFrom: string | null = null;
    const buckets = [...byDate.entries()].map(([needBy, qty]) => {
      cumulative = cumulative.plus(qty);
      const short = Decimal.max(cumulative.minus(supply), 0);
      if (short.gt(0) && !shortFrom) shortFrom = needBy;
      return { needBy, qty: qty.toDecimalPlaces(6).toFixed(), shortBy: short.toDecimalPlaces(6).toFixed() };
    });
    return {
      supplierId: suppliers.get(itemId)!,
      itemId,
      onHand: have.toFixed(),
      committed: committed.toFixed(),
      requested: dec(c?.requested ?? 0).toFixed(),
      demand: cumulative.toDecimalPlaces(6).toFixed(),
      shortage: Decimal.max(cumulative.minus(supply), 0).toDecimalPlaces(6).toFixed(),
      shortFrom,
      buckets,
    };
  });
}

export interface CommittedSupply {
  commitmentId: string;
  code: string;
  itemId: string;
  /** Confirmed and not yet received. */
  qty: string;
  /** YYYY-MM-DD: the expected arrival if shipped, else the promised date. */
  date: string;
}

/** What suppliers have confirmed or shipped of these items and not yet delivered, by date. */
export async function committedSupply(ctx: Ctx, itemIds: readonly string[]): Promise<CommittedSupply[]> {
  if (itemIds.length === 0) return [];
  const rows = await ctx.em.execute<{ id: string; code: string; item_id: string; qty: string; date: string }[]>(
    `select id, code, item_id, (qty_confirmed - qty_received)::text as qty,
            to_char(coalesce(expected_arrival, promised_date, needed_by), 'YYYY-MM-DD') as date
     from supplier_commitment
     where item_id = any(?::uuid[]) and state in ('CONFIRMED', 'SHIPPED') and qty_confirmed > qty_received
     order by 5, code`,
    [`{${itemIds.join(',')}}`],
  );
  return rows.map((r) => ({ commitmentId: r.id, code: r.code, itemId: r.item_id, qty: r.qty, date: r.date }));
}
