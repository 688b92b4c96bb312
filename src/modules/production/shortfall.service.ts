import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction } from '../../kernel/unit-of-work/transaction';
import { conflict, invalidState } from '../../kernel/common/errors';
import { dec, isoDate } from '../../kernel/common/quantity';
import { SalesOrderLine, type SalesOrder } from '../sales/sales-order.entity';
import { decisionReason, lockLineForDecision, shortCloseLine } from '../sales/sales-short-close.service';
import { WorkOrder, WorkOrderState } from './work-order.entity';
import { newWorkOrder, releaseLocked, syncSalesOrderOfLine } from './work-order.service';
import { recordWorkOrderEvent } from './work-order.events';
import { shortfallOf, workOrderDone, type LineShortfall } from './shortfall';
import type { MakeUpShortfallInput, ShortCloseSalesOrderLineInput } from './dto/shortfall.inputs';
import { ProductionEvent } from './production.events';

/**
 * When a line's work orders finish short, the planner decides: short-close the line at what was made,
 * or make up the missing quantity with a new work order. Both are refused while work on the line is
 * still running (a running make-up included) and once nothing is short.
 */

interface Decision {
  order: SalesOrder;
  line: SalesOrderLine;
  orders: WorkOrder[];
  shortfall: LineShortfall;
  /** "line 1 of SO-000042". */
  label: string;
}

/**
 * The line, its order and its live work orders, locked in production's order (work orders, then the
 * sales order, as a completion or a reversal takes them), with where it stands.
 */
async function decide(tx: TxCtx, salesOrderLineId: string): Promise<Decision> {
  // Work orders first: a completion or a reversal locks its work order, then the sales order.
  await tx.em.execute('select id from work_order where sales_order_line_id = ? and state <> ? for update', [
    salesOrderLineId,
    WorkOrderState.CANCELLED,
  ]);
  const { order, line } = await lockLineForDecision(tx, salesOrderLineId);
  const orders = await tx.em.find(
    WorkOrder,
    { salesOrderLine: line.id, state: { $ne: WorkOrderState.CANCELLED } },
    { orderBy: { code: 'asc' }, refresh: true },
  );
  return { order, line, orders, shortfall: shortfallOf(line, orders), label: `line ${line.lineNo} of ${order.code}` };
}

/** Refuses a decision unless the line finished short now, saying what stands in the way. */
function assertShort(d: Decision, decision: 'short-close' | 'make up'): void {
  const { line, orders, shortfall, label } = d;
  if (!orders.length) throw invalidState(`No work order has made anything for ${label} yet; there is nothing to ${decision}`);
  const running = orders.filter((wo) => !workOrderDone(wo));
  const makeUp = running.find((wo) => wo.makesUpShortfall);
  if (makeUp) {
    throw conflict(
      `${makeUp.code} is already making up the shortfall of ${label}` +
        (decision === 'short-close' ? '; cancel it first if the line is to be short-closed instead' : ''),
      { workOrderId: makeUp.id, workOrderCode: makeUp.code },
    );
  }
  if (running.length) {
    throw invalidState(
      `${label} is still in production (${running.map((wo) => `${wo.code} ${wo.state.toLowerCase()}`).join(', ')}); ` +
        `decide about a shortfall once its work orders are complete`,
      { workOrderIds: running.map((wo) => wo.id) },
    );
  }
  if (shortfall.short.isZero()) {
    const closed = dec(line.qtyShortClosed).gt(0);
    const message = closed
      ? `${label} was already short-closed (${shortfall.due.toFixed()} due of ${dec(line.qty).toFixed()}: ${line.shortCloseReason}); nothing is left to ${decision}`
      : `${label} is not short: ${shortfall.made.toFixed()} made of ${shortfall.due.toFixed()} due`;
    throw closed ? conflict(message, { qtyShortClosed: line.qtyShortClosed }) : invalidState(message);
  }
}

/** Closes the missing quantity of a line that finished short, with a reason; the line is then complete at what was made. */
export async function shortCloseSalesOrderLine(ctx: Ctx, input: ShortCloseSalesOrderLineInput): Promise<SalesOrderLine> {
  return inTransaction(ctx, async (tx) => {
    const reason = decisionReason(input.reason);
    const d = await decide(tx, input.salesOrderLineId);
    assertShort(d, 'short-close');
    const lines = await tx.em.find(SalesOrderLine, { salesOrder: d.order.id });
    shortCloseLine(tx, d.order, d.line, d.shortfall.short, reason, lines);
    await syncSalesOrderOfLine(tx, d.line);
    return d.line;
  });
}

/**
 * Makes up what a line finished short of: a new work order for the missing quantity on the same line,
 * released at once through the usual release (routing, materials, events), so the scheduler, suppliers'
 * plans and the shop floor see it like any other. The line's progress then counts both.
 */
export async function makeUpShortfall(ctx: Ctx, input: MakeUpShortfallInput): Promise<WorkOrder> {
  return inTransaction(ctx, async (tx) => {
    const dueDate = input.dueDate === undefined ? undefined : isoDate(input.dueDate, 'dueDate');
    const d = await decide(tx, input.salesOrderLineId);
    assertShort(d, 'make up');
    const short = d.shortfall.short;
    const wo = await newWorkOrder(tx, d.line.item.getEntity(), short.toFixed(), dueDate ?? d.line.dueDate, d.line, true);
    await releaseLocked(tx, wo);
    await recordWorkOrderEvent(tx, ProductionEvent.ShortfallMadeUp, wo, {
      eventQty: short.toFixed(),
      madeBefore: d.shortfall.made.toFixed(),
      qtyDue: d.shortfall.due.toFixed(),
      madeUpFrom: d.orders.map((o) => o.code),
    });
    return wo;
  });
}
