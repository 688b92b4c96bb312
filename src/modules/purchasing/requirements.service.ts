import type { Ctx } from '../../kernel/unit-of-work/context';
import { Decimal, dec } from '../../kernel/common/quantity';

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

interface DemandRow {
  item_id: string;
  supplier_id: string;
  qty: string;
  need_by: string;
}

/**
 * What the plan needs from suppliers, item by item: the components of released and running work
 * orders still to be issued (from their material requirements, needed by the first operation's planned
 * start) and of planned ones (from the item's active BOM, needed by the due date), against stock on hand
 * (physical, not on hold) and what suppliers have confirmed or shipped. Walking the demand by date gives
 * when stock runs short and by how much.
 */
export async function supplierRequirements(ctx: Ctx, supplierId?: string): Promise<SupplierRequirement[]> {
  const scope = supplierId ? 'and i.preferred_supplier_id = ?' : 'and i.preferred_supplier_id is not null';
  const demand = await ctx.em.execute<DemandRow[]>(
    `select d.item_id, i.preferred_supplier_id as supplier_id, d.qty::text as qty, to_char(d.need_by, 'YYYY-MM-DD') as need_by
     from (
       select mr.item_id, greatest(mr.qty_required - mr.qty_issued, 0) as qty,
              coalesce((select min(o.planned_start) from work_order_operation o where o.work_order_id = wo.id), wo.due_date::timestamptz) as need_by
       from material_requirement mr join work_order wo on wo.id = mr.work_order_id
       where wo.state in ('RELEASED', 'IN_PROGRESS')
       union all
       select bl.component_id, wo.qty * bl.qty_per * (1 + bl.scrap_pct / 100), wo.due_date::timestamptz
       from work_order wo
         join bom b on b.item_id = wo.item_id and b.active
         join bom_line bl on bl.bom_id = b.id
       where wo.state = 'PLANNED'
     ) d join item i on i.id = d.item_id
     where d.qty > 0 ${scope}
     order by d.need_by`,
    supplierId ? [supplierId] : [],
  );
  if (demand.length === 0) return [];
  const itemIds = [...new Set(demand.map((d) => d.item_id))];
  const onHand = await ctx.em.execute<{ item_id: string; qty: string }[]>(
    `select b.item_id, sum(b.qty)::text as qty from stock_balance b
       join location l on l.id = b.location_id and not l.virtual
       left join lot on lot.id = b.lot_id
     where b.item_id = any(?::uuid[]) and (lot.id is null or lot.status <> 'ON_HOLD')
     group by b.item_id`,
    [`{${itemIds.join(',')}}`],
  );
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
    const rows = demand.filter((d) => d.item_id === itemId);
    const have = dec(onHand.find((o) => o.item_id === itemId)?.qty ?? 0);
    const c = commitments.find((x) => x.item_id === itemId);
    const committed = dec(c?.committed ?? 0);
    const supply = have.plus(committed);
    const byDate = new Map<string, Decimal>();
    for (const r of rows) byDate.set(r.need_by, (byDate.get(r.need_by) ?? dec(0)).plus(r.qty));
    let cumulative = dec(0);
    let shortFrom: string | null = null;
    const buckets = [...byDate.entries()].map(([needBy, qty]) => {
      cumulative = cumulative.plus(qty);
      const short = Decimal.max(cumulative.minus(supply), 0);
      if (short.gt(0) && !shortFrom) shortFrom = needBy;
      return { needBy, qty: qty.toDecimalPlaces(6).toFixed(), shortBy: short.toDecimalPlaces(6).toFixed() };
    });
    return {
      supplierId: rows[0].supplier_id,
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
