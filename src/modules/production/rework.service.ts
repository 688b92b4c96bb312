import type { TxCtx } from '../../kernel/unit-of-work/context';
import { invalidState, notFound } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { dec } from '../../kernel/common/quantity';
import { WorkCenter } from '../catalog/work-center.entity';
import { WorkOrderState } from './work-order.entity';
import { WorkOrderOperation } from './work-order-operation.entity';
import { lockWorkOrder } from './work-order.service';
import { operationSnapshot, recordWorkOrderEvent } from './work-order.events';
import { ProductionEvent } from './production.events';

const OPEN = new Set([WorkOrderState.RELEASED, WorkOrderState.IN_PROGRESS]);

/**
 * Inserts a rework operation right after the operation where nonconforming units were found: it
 * receives `qty` units (not the flow of the operation before it), is planned at the end of the work
 * center's queue from now, and the order completes only once it is done too. Recorded as
 * OperationInserted so the schedule and the station see it. Returns the new operation's id.
 */
export async function insertReworkOperation(
  tx: TxCtx,
  workOrderId: string,
  afterOperationId: string,
  workCenterId: string | undefined,
  name: string,
  qty: string,
): Promise<string> {
  const wo = await lockWorkOrder(tx, workOrderId);
  if (!OPEN.has(wo.state)) throw invalidState(`${wo.code} is ${wo.state}: rework goes into a released or running work order only`);
  const ops = wo.operations.getItems();
  const after = ops.find((o) => o.id === afterOperationId);
  if (!after) throw notFound('Operation', afterOperationId);
  const next = ops.find((o) => o.sequence > after.sequence);
  const sequence = after.sequence + 1;
  if (ops.some((o) => o.sequence === sequence) || (next && next.sequence <= sequence)) {
    throw invalidState(`${wo.code} has no free sequence after operation ${after.sequence} for a rework operation`);
  }
  const center = workCenterId ? await getOrFail(tx.em, WorkCenter, workCenterId, 'Work center') : undefined;
  const minutes = dec(after.runMinutesPerUnit).mul(qty);
  const start = new Date();
  const op = tx.em.create(WorkOrderOperation, {
    workOrder: wo,
    sequence,
    name,
    workCenter: center ?? after.workCenter,
    runMinutesPerUnit: after.runMinutesPerUnit,
    reworkQty: dec(qty).toFixed(),
    plannedStart: start,
    plannedEnd: new Date(start.getTime() + minutes.mul(60_000).toNumber()),
  });
  wo.operations.add(op);
  await recordWorkOrderEvent(tx, ProductionEvent.OperationInserted, wo, { operation: operationSnapshot(op), reworkQty: op.reworkQty });
  return op.id;
}
