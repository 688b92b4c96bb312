import { dec, Decimal } from '../../kernel/common/quantity';
import { qtyDue, type SalesOrderLine } from '../sales/sales-order.entity';
import { WorkOrderState, type WorkOrder } from './work-order.entity';

/** Where a sales order line stands against what its work orders made. */
export interface LineShortfall {
  /** Ordered, less what was short-closed. */
  due: Decimal;
  /** Good quantity its live work orders put into finished goods. */
  made: Decimal;
  /** It has work orders and every live one is completed (or closed): nothing more is coming. */
  finished: boolean;
  /**
   * What is missing once everything is finished: due, less what was made (or shipped, if stock from
   * elsewhere filled the gap); zero while work is still running. The planner decides on it: short-close
   * or make up.
   */
  short: Decimal;
}

const isDone = (wo: Pick<WorkOrder, 'state'>) => wo.state === WorkOrderState.COMPLETED || wo.state === WorkOrderState.CLOSED;

/**
 * The one rule for "finished short": all live (not cancelled) work orders of the line are done and
 * together made less than is still due. Used by the sales order's state, the line's progress and the
 * planner's decisions alike.
 */
export function shortfallOf(
  line: Pick<SalesOrderLine, 'qty' | 'qtyShortClosed' | 'qtyShipped'>,
  liveOrders: readonly Pick<WorkOrder, 'state' | 'qtyCompleted'>[],
): LineShortfall {
  const due = qtyDue(line);
  const made = liveOrders.reduce((sum, wo) => sum.plus(wo.qtyCompleted), dec(0));
  const finished = liveOrders.length > 0 && liveOrders.every(isDone);
  const covered = Decimal.max(made, dec(line.qtyShipped));
  const short = finished && covered.lt(due) ? due.minus(covered) : dec(0);
  return { due, made, finished, short };
}

export { isDone as workOrderDone };
