import type { Ctx } from '../../kernel/unit-of-work/context';
import type { EntityManager } from '../../kernel/db/orm';
import { getOrFail } from '../../kernel/db/lookup';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { WorkOrder, WorkOrderState } from './work-order.entity';
import { WorkOrderOperation } from './work-order-operation.entity';
import { ExecutionEvent } from './execution-event.entity';
import { dec, type Decimal } from '../../kernel/common/quantity';
import { activeBomLinesOf } from '../catalog/catalog.queries';
import type { ExecutionEventFilter, OperationFilter, WorkOrderFilter } from './dto/production.inputs';

/** Production's reads: work orders, the dispatch list, shop-floor events, page by page. */

export const getWorkOrder = (ctx: Ctx, id: string) => getOrFail(ctx.em, WorkOrder, id, 'Work order');

export function listWorkOrders(ctx: Ctx, filter: WorkOrderFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.itemId) where.item = filter.itemId;
  if (filter?.salesOrderId) where.salesOrderLine = { salesOrder: filter.salesOrderId };
  return paginate(ctx.em, WorkOrder, where, page, { code: 'asc', id: 'asc' });
}

/** Operations by planned start: a work center's dispatch list. */
export function listOperations(ctx: Ctx, filter: OperationFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.workCenterId) where.workCenter = filter.workCenterId;
  if (filter?.states?.length) where.state = { $in: filter.states };
  return paginate(ctx.em, WorkOrderOperation, where, page, { plannedStart: 'asc', id: 'asc' });
}

export function listExecutionEvents(ctx: Ctx, filter: ExecutionEventFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.workOrderId) where.workOrder = filter.workOrderId;
  if (filter?.operationId) where.operation = filter.operationId;
  return paginate(ctx.em, ExecutionEvent, where, page, { createdAt: 'asc', id: 'asc' });
}

/** The live (not cancelled) work orders of many sales order lines, with their operations: one query. */
export async function liveWorkOrdersOfLines(em: EntityManager, lineIds: readonly string[]): Promise<WorkOrder[][]> {
  const found = await em.find(
    WorkOrder,
    { salesOrderLine: { $in: [...lineIds] }, state: { $ne: WorkOrderState.CANCELLED } },
    { populate: ['operations'], orderBy: { code: 'asc' } },
  );
  return groupByLine(lineIds, found);
}

/** The work orders of each line, in `lineIds` order, each list in the order found. */
function groupByLine(lineIds: readonly string[], found: readonly WorkOrder[]): WorkOrder[][] {
  const byLine = new Map<string, WorkOrder[]>(lineIds.map((id) => [id, []]));
  for (const wo of found) {
    const lineId = wo.salesOrderLine?.id;
    if (lineId !== undefined) byLine.get(lineId)?.push(wo);
  }
  return lineIds.map((id) => byLine.get(id)!);
}

export interface ComponentDemand {
  itemId: string;
  qty: Decimal;
  /** YYYY-MM-DD */
  needBy: string;
}

/**
 * What the plan still needs of these components, oldest need first: released and running orders'
 * material requirements not yet issued, needed by the first operation's planned start (or the due
 * date), and planned orders' active BOMs, needed by their start in the published plan (or the due date).
 */
export async function componentDemand(ctx: Ctx, componentIds: ReadonlySet<string>): Promise<ComponentDemand[]> {
  if (componentIds.size === 0) return [];
  const ids = `{${[...componentIds].join(',')}}`;
  const open = await ctx.em.execute<{ item_id: string; qty: string; need_by: string }[]>(
    `select mr.item_id, greatest(mr.qty_required - mr.qty_issued, 0)::text as qty,
            to_char(coalesce((select min(o.planned_start) from work_order_operation o where o.work_order_id = wo.id),
                             wo.due_date::timestamptz), 'YYYY-MM-DD') as need_by
     from material_requirement mr join work_order wo on wo.id = mr.work_order_id
     where wo.state in ('RELEASED', 'IN_PROGRESS') and mr.item_id = any(?::uuid[]) and mr.qty_required > mr.qty_issued`,
    [ids],
  );
  const planned = await ctx.em.find(WorkOrder, { state: WorkOrderState.PLANNED });
  const lines = await activeBomLinesOf(ctx, [...new Set(planned.map((wo) => wo.item.id))]);
  const demand: ComponentDemand[] = open.map((r) => ({ itemId: r.item_id, qty: dec(r.qty), needBy: r.need_by }));
  for (const wo of planned) {
    for (const line of lines) {
      if (line.parentItemId !== wo.item.id || !componentIds.has(line.componentId)) continue;
      const qty = dec(wo.qty).mul(line.qtyPer).mul(dec(line.scrapPct).div(100).plus(1));
      if (qty.gt(0)) demand.push({ itemId: line.componentId, qty, needBy: wo.plannedStart?.toISOString().slice(0, 10) ?? wo.dueDate });
    }
  }
  return demand.sort((a, b) => (a.needBy < b.needBy ? -1 : a.needBy > b.needBy ? 1 : 0));
}

export interface SchedulableOrder {
  id: string;
  code: string;
  itemId: string;
  qty: string;
  dueDate: string;
  state: WorkOrderState;
  salesOrderLineId: string | null;
}

export interface SchedulableOperation {
  id: string;
  workOrderId: string;
  sequence: number;
  name: string;
  workCenterId: string;
  setupMinutes: string;
  runMinutesPerUnit: string;
  qtyGood: string;
  qtyScrap: string;
  state: string;
  actualStart: Date | null;
}

/**
 * What a scheduler must still plan: work orders not finished (planned, released, running), the
 * operations of those released, and their material still to issue — three set-based reads.
 */
export async function schedulableWork(ctx: Ctx): Promise<{
  orders: SchedulableOrder[];
  operations: SchedulableOperation[];
  materials: { workOrderId: string; itemId: string; qty: string }[];
}> {
  // Each read comes back as one JSON array of arrays: thousands of operations as rows would be tens of
  // thousands of fields for the driver (PGlite's above all) to take apart one at a time.
  const orders = await tuples(
    ctx,
    `id, code, item_id, qty::text, to_char(due_date, 'YYYY-MM-DD'), state, sales_order_line_id`,
    `work_order where state in ('PLANNED', 'RELEASED', 'IN_PROGRESS')`,
    'code',
  );
  const operations = await tuples(
    ctx,
    `o.id, o.work_order_id, o.sequence, o.name, o.work_center_id, o.setup_minutes::text, o.run_minutes_per_unit::text,
     o.qty_good::text, o.qty_scrap::text, o.state, o.actual_start`,
    `work_order_operation o join work_order wo on wo.id = o.work_order_id where wo.state in ('RELEASED', 'IN_PROGRESS')`,
    'o.work_order_id, o.sequence',
  );
  const materials = await tuples(
    ctx,
    `mr.work_order_id, mr.item_id, (mr.qty_required - mr.qty_issued)::text`,
    `material_requirement mr join work_order wo on wo.id = mr.work_order_id
     where wo.state in ('RELEASED', 'IN_PROGRESS') and mr.qty_required > mr.qty_issued`,
    'mr.work_order_id, mr.item_id',
  );
  return {
    orders: orders.map(([id, code, itemId, qty, dueDate, state, salesOrderLineId]) => ({
      id: id as string,
      code: code as string,
      itemId: itemId as string,
      qty: qty as string,
      dueDate: dueDate as string,
      state: state as WorkOrderState,
      salesOrderLineId: (salesOrderLineId as string | null) ?? null,
    })),
    operations: operations.map(([id, workOrderId, sequence, name, workCenterId, setup, run, good, scrap, state, actualStart]) => ({
      id: id as string,
      workOrderId: workOrderId as string,
      sequence: Number(sequence),
      name: name as string,
      workCenterId: workCenterId as string,
      setupMinutes: setup as string,
      runMinutesPerUnit: run as string,
      qtyGood: good as string,
      qtyScrap: scrap as string,
      state: state as string,
      actualStart: actualStart ? new Date(actualStart as string) : null,
    })),
    materials: materials.map(([workOrderId, itemId, qty]) => ({
      workOrderId: workOrderId as string,
      itemId: itemId as string,
      qty: qty as string,
    })),
  };
}

/** `select <columns> from <from> order by <orderBy>` as arrays of values, sent as one JSON text. */
async function tuples(ctx: Ctx, columns: string, from: string, orderBy: string): Promise<unknown[][]> {
  const [row] = await ctx.em.execute<{ rows: string }[]>(
    `select coalesce(json_agg(json_build_array(${columns}) order by ${orderBy}), '[]')::text as rows from ${from}`,
  );
  return JSON.parse(row.rows) as unknown[][];
}

/**
 * Sets operations' planned times from a published plan, in one statement; operations that are done
 * or no longer exist are left alone.
 */
export async function setPlannedTimes(ctx: Ctx, times: readonly { operationId: string; start: string; end: string }[]): Promise<void> {
  if (times.length === 0) return;
  await ctx.em.execute(
    `update work_order_operation o set planned_start = t.s::timestamptz, planned_end = t.e::timestamptz, updated_at = now()
     from (select unnest(?::uuid[]) as id, unnest(?::text[]) as s, unnest(?::text[]) as e) t
     where o.id = t.id and o.state <> 'DONE'`,
    [
      `{${times.map((t) => t.operationId).join(',')}}`,
      `{${times.map((t) => t.start).join(',')}}`,
      `{${times.map((t) => t.end).join(',')}}`,
    ],
  );
}

/** Work orders' starts in the published plan (their components are needed by then). */
export async function setPlannedStarts(ctx: Ctx, starts: readonly { workOrderId: string; start: string }[]): Promise<void> {
  if (starts.length === 0) return;
  await ctx.em.execute(
    `update work_order w set planned_start = t.s::timestamptz, updated_at = now()
     from (select unnest(?::uuid[]) as id, unnest(?::text[]) as s) t
     where w.id = t.id`,
    [`{${starts.map((t) => t.workOrderId).join(',')}}`, `{${starts.map((t) => t.start).join(',')}}`],
  );
}

/** The operations of these work orders: id, order and sequence. */
export async function operationsOf(
  ctx: Ctx,
  workOrderIds: readonly string[],
): Promise<{ id: string; workOrderId: string; sequence: number }[]> {
  if (workOrderIds.length === 0) return [];
  const rows = await ctx.em.execute<{ id: string; work_order_id: string; sequence: number }[]>(
    `select id, work_order_id, sequence from work_order_operation where work_order_id = any(?::uuid[])`,
    [`{${workOrderIds.join(',')}}`],
  );
  return rows.map((r) => ({ id: r.id, workOrderId: r.work_order_id, sequence: Number(r.sequence) }));
}
