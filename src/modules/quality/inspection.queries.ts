import type { Ctx } from '../../kernel/unit-of-work/context';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { getOrFail } from '../../kernel/db/lookup';
import type { EntityManager } from '../../kernel/db/orm';
import { getSalesOrder } from '../sales/sales.service';
import { InspectionCharacteristic } from './inspection-plan.entity';
import { InspectionState, InspectionTask, Measurement } from './inspection-task.entity';
import type { InspectionTaskFilter } from './quality.inputs';

/** What a customer is shown of its orders' inspections: those with a result. */
const RECORDED = [InspectionState.PASSED, InspectionState.FAILED];

/** The inspection dispatch list (OPEN tasks, oldest first) or any tasks by state. */
export function listInspectionTasks(ctx: Ctx, filter: InspectionTaskFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = { state: { $in: filter?.states?.length ? filter.states : [InspectionState.OPEN] } };
  if (filter?.point) where.point = filter.point;
  if (filter?.workOrderId) where.workOrderId = filter.workOrderId;
  if (filter?.lotId) where.lotId = filter.lotId;
  if (filter?.workCenterId) where.workCenterId = filter.workCenterId;
  return paginate(ctx.em, InspectionTask, where, page, { createdAt: 'asc', code: 'asc' });
}

export const getInspectionTask = (ctx: Ctx, id: string) => getOrFail(ctx.em, InspectionTask, id, 'Inspection task');

/** The inspections of a customer's order: those of the work orders made for it (another customer's order is NOT_FOUND). */
export async function inspectionsOfOrder(ctx: Ctx, salesOrderId: string): Promise<InspectionTask[]> {
  const order = await getSalesOrder(ctx, salesOrderId);
  return ctx.em.find(
    InspectionTask,
    { salesOrderId: order.id, state: { $in: RECORDED } },
    { orderBy: { inspectedAt: 'asc', code: 'asc' } },
  );
}

/** The inspections of work orders, every state, oldest first: what order tracking derives "inspected" from. */
export async function inspectionsOfWorkOrders(em: EntityManager, workOrderIds: readonly string[]): Promise<InspectionTask[][]> {
  const all = await em.find(InspectionTask, { workOrderId: { $in: [...workOrderIds] } }, { orderBy: { createdAt: 'asc', code: 'asc' } });
  return workOrderIds.map((id) => all.filter((t) => t.workOrderId === id));
}

/** The recorded inspections (PASSED or FAILED) of sales orders' work orders, in the order they were made. */
export async function recordedInspectionsOfOrders(em: EntityManager, salesOrderIds: readonly string[]): Promise<InspectionTask[][]> {
  const all = await em.find(
    InspectionTask,
    { salesOrderId: { $in: [...salesOrderIds] }, state: { $in: RECORDED } },
    { orderBy: { inspectedAt: 'asc', code: 'asc' } },
  );
  return salesOrderIds.map((id) => all.filter((t) => t.salesOrderId === id));
}

export async function measurementsOf(em: EntityManager, taskIds: readonly string[]): Promise<Measurement[][]> {
  const all = await em.find(Measurement, { taskId: { $in: [...taskIds] } }, { orderBy: { seq: 'asc' } });
  return taskIds.map((id) => all.filter((m) => m.taskId === id));
}

export async function characteristicsOf(em: EntityManager, planIds: readonly string[]): Promise<InspectionCharacteristic[][]> {
  const all = await em.find(InspectionCharacteristic, { plan: { $in: [...planIds] } }, { orderBy: { seq: 'asc' } });
  return planIds.map((id) => all.filter((c) => c.plan.id === id));
}
