import type { Ctx } from '../../kernel/unit-of-work/context';
import { itemOee, oee, withRatios, type OeeFigures } from '../../modules/equipment/oee';
import type { MachineDataSettings } from '../../modules/equipment/machine-data.settings';
import { firstPassYield } from '../../modules/quality/spc.service';

/** What a KPI is asked over: a period, and (where it means something) a work center and an item. */
export interface KpiScope {
  from: Date;
  to: Date;
  workCenterId?: string;
  itemId?: string;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * OEE of the period: every machine's (of the work center) times and units added up, then the ratios.
 * With an item, only its work: the units counted for its operations and the time it ran (itemOee).
 */
export async function periodOee(ctx: Ctx, settings: Pick<MachineDataSettings, 'shifts' | 'utcOffsetMinutes'>, s: KpiScope) {
  const machines = await ctx.em.execute<{ id: string; work_center_id: string }[]>(
    `select id, work_center_id from machine ${s.workCenterId ? 'where work_center_id = ?' : ''} order by code limit 500`,
    s.workCenterId ? [s.workCenterId] : [],
  );
  if (s.itemId)
    return withRatios(
      await itemOee(
        ctx,
        machines.map((m) => m.id),
        s.itemId,
        s.from,
        s.to,
      ),
    );
  const report = await oee(
    ctx,
    settings,
    machines.map((m) => ({ id: m.id, workCenterId: m.work_center_id })),
    'DAY',
    s.from,
    s.to,
  );
  const sum: OeeFigures = { plannedSeconds: 0, runningSeconds: 0, idealSeconds: 0, good: 0, reject: 0 };
  for (const row of report.workCenters) for (const k of Object.keys(sum) as (keyof OeeFigures)[]) sum[k] += row[k];
  return withRatios(sum);
}

/** First-pass yield from quality's inspections (the one definition, quality's). */
export async function periodFirstPassYield(ctx: Ctx, s: KpiScope) {
  const r = await firstPassYield(ctx, s.itemId, s.from, s.to);
  return { inspected: r.inspected, passed: r.passed, rate: r.inspected ? r.passed / r.inspected : null };
}

/**
 * On-time delivery: sales order lines due in the period (by due date), and those whose whole quantity
 * had shipped by the end of their due date.
 */
export async function onTimeDelivery(ctx: Ctx, s: KpiScope) {
  const [r] = await ctx.em.execute<{ due: string | number; on_time: string | number }[]>(
    `select count(*) as due,
       count(*) filter (where coalesce((select sum(sl.qty) from shipment_line sl join shipment sh on sh.id = sl.shipment_id
                                        where sl.sales_order_line_id = l.id and sh.shipped_at < l.due_date + 1), 0) >= l.qty) as on_time
     from sales_order_line l
     where l.due_date >= ?::date and l.due_date < ?::date ${s.itemId ? 'and l.item_id = ?' : ''}`,
    [iso(s.from), iso(s.to), ...(s.itemId ? [s.itemId] : [])],
  );
  const due = Number(r.due);
  const onTime = Number(r.on_time);
  return { due, onTime, rate: ratio(onTime, due) };
}

/** Schedule adherence: operations finished in the period that had a planned end, and those finished by it. */
export async function scheduleAdherence(ctx: Ctx, s: KpiScope) {
  const [r] = await ctx.em.execute<{ finished: string | number; on_time: string | number; late_minutes: number | null }[]>(
    `select count(*) as finished, count(*) filter (where o.actual_end <= o.planned_end) as on_time,
       avg(greatest(0, extract(epoch from o.actual_end - o.planned_end) / 60))::float8 as late_minutes
     from work_order_operation o join work_order w on w.id = o.work_order_id
     where o.actual_end >= ? and o.actual_end < ? and o.planned_end is not null
       ${s.workCenterId ? 'and o.work_center_id = ?' : ''} ${s.itemId ? 'and w.item_id = ?' : ''}`,
    [s.from, s.to, ...(s.workCenterId ? [s.workCenterId] : []), ...(s.itemId ? [s.itemId] : [])],
  );
  const finished = Number(r.finished);
  const onTime = Number(r.on_time);
  return { finished, onTime, rate: ratio(onTime, finished), averageLateMinutes: r.late_minutes === null ? null : Number(r.late_minutes) };
}

/** Lead time of work orders completed in the period: from release (and from creation) to completion, in hours. */
export async function leadTime(ctx: Ctx, s: KpiScope) {
  const [r] = await ctx.em.execute<{ orders: string | number; from_release: number | null; from_creation: number | null }[]>(
    `select count(*) as orders,
       avg(extract(epoch from w.completed_at - w.released_at) / 3600)::float8 as from_release,
       avg(extract(epoch from w.completed_at - w.created_at) / 3600)::float8 as from_creation
     from work_order w
     where w.completed_at >= ? and w.completed_at < ? ${s.itemId ? 'and w.item_id = ?' : ''}`,
    [s.from, s.to, ...(s.itemId ? [s.itemId] : [])],
  );
  return {
    orders: Number(r.orders),
    averageHoursFromRelease: r.from_release === null ? null : Number(r.from_release),
    averageHoursFromCreation: r.from_creation === null ? null : Number(r.from_creation),
  };
}

/** WIP value at the end of the period: what the books hold in work in progress (debits less credits), by work order item. */
export async function wipValue(ctx: Ctx, s: KpiScope) {
  const [r] = await ctx.em.execute<{ value: string | null }[]>(
    `select sum(jl.debit - jl.credit)::text as value
     from journal_line jl join journal_entry je on je.id = jl.entry_id
     ${s.itemId ? 'join work_order w on w.id = je.work_order_id' : ''}
     where jl.account = ? and je.created_at < ? ${s.itemId ? 'and w.item_id = ?' : ''}`,
    [ctx.runtime.accounts.wip, s.to, ...(s.itemId ? [s.itemId] : [])],
  );
  return Number(r.value ?? 0).toFixed(2);
}

/**
 * Scrap by reason in the period: the units scrapped on the floor and what they cost as booked (at the
 * cost they had reached); a reversed scrap counts back.
 */
export async function scrapCostByReason(ctx: Ctx, s: KpiScope) {
  const rows = await ctx.em.execute<{ reason: string | null; qty: string; cost: string }[]>(
    `select e.reason, sum(case when e.reverses_event_id is null then e.qty else -e.qty end)::text as qty,
       coalesce(sum(case when e.reverses_event_id is null then je.amount else -je.amount end), 0)::text as cost
     from execution_event e join work_order_operation o on o.id = e.operation_id join work_order w on w.id = e.work_order_id
       left join journal_entry je on je.id = e.journal_entry_id
     where e.type = 'SCRAP' and e.occurred_at >= ? and e.occurred_at < ?
       ${s.workCenterId ? 'and o.work_center_id = ?' : ''} ${s.itemId ? 'and w.item_id = ?' : ''}
     group by e.reason order by sum(case when e.reverses_event_id is null then je.amount else -je.amount end) desc nulls last, e.reason`,
    [s.from, s.to, ...(s.workCenterId ? [s.workCenterId] : []), ...(s.itemId ? [s.itemId] : [])],
  );
  return rows.map((r) => ({ reason: r.reason ?? '(none)', qty: r.qty, cost: Number(r.cost).toFixed(2) }));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
