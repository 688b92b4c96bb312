import { dec, type Decimal } from '../../kernel/common/quantity';
import { OperationState, type WorkOrderOperation } from './work-order-operation.entity';
import type { WorkOrder } from './work-order.entity';

/*
 * What an operation has received and when it may start — each rule in the two forms the hub needs: over
 * loaded operations (execution.service.ts refuses a START and bounds a completion by them) and as SQL
 * (lists of what can start now, e.g. the plant view's queue). Change both forms together;
 * test/plant-view.test.ts checks that they agree.
 *
 * An operation starts once the one before it in the flow has passed on something good (or is done):
 * nothing can be worked on that has not arrived. Partial quantities are enough, so operations overlap
 * as transfer batches let them; how large a batch is, is the scheduler's to plan. A rework operation
 * is off the flow (quality inserts it for units already made): it starts on its own, and the operation
 * after it receives from the last one in the flow before it.
 */

/** The operation `op` waits for, or null when it may start. `ops` are the work order's, by sequence. */
export function blockingPredecessor(ops: readonly WorkOrderOperation[], op: WorkOrderOperation): WorkOrderOperation | null {
  if (op.reworkQty != null) return null;
  const previous = ops
    .slice(0, ops.indexOf(op))
    .filter((o) => o.reworkQty == null)
    .at(-1);
  if (!previous || previous.state === OperationState.DONE || dec(previous.qtyGood).gt(0)) return null;
  return previous;
}

/**
 * The same rule as a boolean SQL expression over `work_order_operation` under the alias `alias`: true
 * when the operation may start. The previous operation in the flow is the highest sequence below it
 * that is not rework (one probe of the (work_order_id, sequence) unique index).
 */
export function operationMayStartSql(alias: string): string {
  if (!/^[a-z_]\w*$/i.test(alias)) throw new Error(`"${alias}" is not an SQL alias`);
  return `(${alias}.rework_qty is not null or coalesce((
    select prev.state = '${OperationState.DONE}' or prev.qty_good > 0 from work_order_operation prev
    where prev.work_order_id = ${alias}.work_order_id and prev.sequence < ${alias}.sequence and prev.rework_qty is null
    order by prev.sequence desc limit 1), true))`;
}

/**
 * What an operation has received: the order quantity for the first, the previous one's good qty after.
 * A rework operation is off that flow: it receives the units sent to rework.
 */
export function received(wo: WorkOrder, ops: readonly WorkOrderOperation[], op: WorkOrderOperation): Decimal {
  if (op.reworkQty) return dec(op.reworkQty);
  const flow = ops.filter((o) => !o.reworkQty);
  const i = flow.indexOf(op);
  return i === 0 ? dec(wo.qty) : dec(flow[i - 1].qtyGood);
}

/** `received` as an SQL numeric over the operation aliased `alias` and its work order aliased `workOrderAlias`. */
export function operationReceivedSql(alias: string, workOrderAlias: string): string {
  for (const a of [alias, workOrderAlias]) if (!/^[a-z_]\w*$/i.test(a)) throw new Error(`"${a}" is not an SQL alias`);
  return `(case when ${alias}.rework_qty is not null then ${alias}.rework_qty else coalesce((
    select prev.qty_good from work_order_operation prev
    where prev.work_order_id = ${alias}.work_order_id and prev.sequence < ${alias}.sequence and prev.rework_qty is null
    order by prev.sequence desc limit 1), ${workOrderAlias}.qty) end)`;
}
