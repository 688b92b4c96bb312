import { LockMode } from '@mikro-orm/core';
import type { TxCtx } from '../../kernel/unit-of-work/context';
import { record } from '../../kernel/unit-of-work/transaction';
import { badInput, invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { dec, positiveQty } from '../../kernel/common/quantity';
import { qtyToShip, SalesOrder, SalesOrderLine, SalesOrderState } from './sales-order.entity';
import { SalesEvent } from './sales.events';

const shortClosed = (line: SalesOrderLine) =>
  dec(line.qtyShortClosed).isZero() ? '' : `, short-closed ${dec(line.qtyShortClosed).toFixed()}`;

/** What is to ship of one line: the line (locked with its order) and the quantity. */
export interface LineToShip {
  line: SalesOrderLine;
  qty: string;
}

/**
 * Counts a shipment against its sales order, inside the shipment's transaction: locks the order (two
 * shipments of one order at once cannot both take the last units), refuses a line that is not the
 * order's or more than a line still has to ship, adds the quantities to the lines and, once every line
 * has shipped in full (what is due of it: a short-closed quantity never ships), moves the order to SHIPPED. Without `requests`, every line's remainder ships.
 * Sales owns its lines' quantities; shipping asks it here and never writes them itself.
 */
export async function countShipment(
  tx: TxCtx,
  salesOrderId: string,
  requests: readonly { salesOrderLineId: string; qty: string }[] | undefined,
): Promise<{ order: SalesOrder; lines: LineToShip[] }> {
  if (!isUuid(salesOrderId)) throw notFound('Sales order', salesOrderId);
  const order = await tx.em.findOne(SalesOrder, salesOrderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!order) throw notFound('Sales order', salesOrderId);
  if (order.state === SalesOrderState.CANCELLED) throw invalidState(`Sales order ${order.code} is cancelled; nothing of it ships`);
  const all = await tx.em.find(SalesOrderLine, { salesOrder: order.id }, { orderBy: { lineNo: 'asc' }, populate: ['item'], refresh: true });
  const remaining = qtyToShip;
  let wanted: LineToShip[];
  if (requests) {
    if (!requests.length) throw badInput('lines', 'name at least one line to ship, or leave lines out to ship everything left');
    const seen = new Set<string>();
    wanted = requests.map((r, i) => {
      const line = all.find((l) => l.id === r.salesOrderLineId);
      if (!line) throw badInput(`lines[${i}].salesOrderLineId`, `${r.salesOrderLineId} is not a line of ${order.code}`);
      if (seen.has(line.id))
        throw badInput(`lines[${i}].salesOrderLineId`, `line ${line.lineNo} is named twice; ship it once with the sum`);
      seen.add(line.id);
      const qty = positiveQty(r.qty, `lines[${i}].qty`);
      if (qty.gt(remaining(line))) {
        throw badInput(
          `lines[${i}].qty`,
          `line ${line.lineNo} of ${order.code} has ${remaining(line).toFixed()} left to ship ` +
            `(ordered ${dec(line.qty).toFixed()}${shortClosed(line)}, shipped ${dec(line.qtyShipped).toFixed()}); ` +
            `${qty.toFixed()} would over-ship it`,
        );
      }
      return { line, qty: qty.toFixed() };
    });
  } else {
    wanted = all.filter((l) => remaining(l).gt(0)).map((line) => ({ line, qty: remaining(line).toFixed() }));
    if (!wanted.length) throw invalidState(`Every line of ${order.code} has shipped in full`);
  }
  for (const w of wanted) w.line.qtyShipped = dec(w.line.qtyShipped).plus(w.qty).toFixed();
  if (all.every((l) => remaining(l).lte(0))) markShipped(tx, order);
  return { order, lines: wanted };
}

/** Once nothing of any line is left to ship, the order has shipped (told once). */
export function markShipped(tx: TxCtx, order: SalesOrder): void {
  if (order.state === SalesOrderState.SHIPPED) return;
  order.state = SalesOrderState.SHIPPED;
  record(tx, {
    type: SalesEvent.SalesOrderStateChanged,
    aggregateType: 'SalesOrder',
    aggregateId: order.id,
    data: { salesOrderId: order.id, code: order.code, customerId: order.customer.id, state: order.state },
  });
}
