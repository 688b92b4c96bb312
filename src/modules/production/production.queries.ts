import type { Ctx } from '../../kernel/unit-of-work/context';
import type { EntityManager } from '../../kernel/db/orm';
import { getOrFail } from '../../kernel/db/lookup';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { WorkOrder, WorkOrderState } from './work-order.entity';
import { WorkOrderOperation } from './work-order-operation.entity';
import { ExecutionEvent } from './execution-event.entity';
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

/** Every work order made for a sales order line, cancelled ones included, by code. */
export const workOrdersOfLine = (ctx: Ctx, lineId: string) =>
  ctx.em.find(WorkOrder, { salesOrderLine: lineId }, { orderBy: { code: 'asc' } });

/** The live (not cancelled) work orders of many sales order lines, with their operations: one query. */
export async function liveWorkOrdersOfLines(em: EntityManager, lineIds: readonly string[]): Promise<WorkOrder[][]> {
  const found = await em.find(
    WorkOrder,
    { salesOrderLine: { $in: [...lineIds] }, state: { $ne: WorkOrderState.CANCELLED } },
    { populate: ['operations'], orderBy: { code: 'asc' } },
  );
  return lineIds.map((id) => found.filter((w) => w.salesOrderLine?.id === id));
}
