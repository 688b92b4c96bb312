import { LockMode } from '@mikro-orm/core';
import type { TxCtx } from '../../kernel/unit-of-work/context';
import { record } from '../../kernel/unit-of-work/transaction';
import { badInput, invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { dec, type Decimal } from '../../kernel/common/quantity';
import { qtyToShip, SalesOrder, SalesOrderLine, SalesOrderState } from './sales-order.entity';
import { markShipped } from './sales-shipping.service';
import { SalesEvent } from './sales.events';

/**
 * A line and its order, locked for a decision about the line (short-close, make-up): two planners
 * deciding on one line at once are serialized, and the second sees what the first decided. Refused for
 * an order that is cancelled or has shipped in full.
 */
export async function lockLineForDecision(tx: TxCtx, salesOrderLineId: string): Promise<{ order: SalesOrder; line: SalesOrderLine }> {
  if (!isUuid(salesOrderLineId)) throw notFound('Sales order line', salesOrderLineId);
  const [row] = await tx.em.execute<{ sales_order_id: string }[]>('select sales_order_id from sales_order_line where id = ?', [
    salesOrderLineId,
  ]);
  if (!row) throw notFound('Sales order line', salesOrderLineId);
  const order = await tx.em.findOneOrFail(SalesOrder, row.sales_order_id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  const line = await tx.em.findOneOrFail(SalesOrderLine, salesOrderLineId, { populate: ['item'], refresh: true });
  if (order.state === SalesOrderState.CANCELLED || order.state === SalesOrderState.SHIPPED) {
    throw invalidState(`Sales order ${order.code} is ${order.state.toLowerCase()}; its lines take no more decisions`, {
      salesOrderState: order.state,
    });
  }
  return { order, line };
}

/** A decision's reason: required, trimmed, kept with the line. */
export function decisionReason(reason: string | undefined, field = 'reason'): string {
  const text = reason?.trim();
  if (!text) throw badInput(field, 'say why (the reason is kept with the line, and the customer sees it)');
  return text;
}

/**
 * Closes `qty` of a line the planner decided not to make (it finished short): the quantity is no longer
 * due or to ship, the reason and who decided stay with the line, and the log says so. Once nothing of
 * any line is left to ship and something has, the order has shipped. Sales owns its lines' quantities;
 * production decides when a line is short and asks here (see production/shortfall.service.ts).
 */
export function shortCloseLine(tx: TxCtx, order: SalesOrder, line: SalesOrderLine, qty: Decimal, reason: string, lines: SalesOrderLine[]) {
  line.qtyShortClosed = dec(line.qtyShortClosed).plus(qty).toFixed();
  line.shortCloseReason = reason;
  line.shortClosedAt = new Date();
  line.shortClosedBy = tx.actor?.subject;
  if (lines.some((l) => dec(l.qtyShipped).gt(0)) && lines.every((l) => qtyToShip(l).lte(0))) markShipped(tx, order);
  record(tx, {
    type: SalesEvent.SalesOrderLineShortClosed,
    aggregateType: 'SalesOrder',
    aggregateId: order.id,
    data: {
      salesOrderId: order.id,
      code: order.code,
      customerId: order.customer.id,
      state: order.state,
      salesOrderLineId: line.id,
      lineNo: line.lineNo,
      qtyOrdered: dec(line.qty).toFixed(),
      eventQty: qty.toFixed(),
      qtyShortClosed: line.qtyShortClosed,
      reason,
      actor: tx.actor?.subject ?? null,
    },
  });
}
