import { LockMode } from '@mikro-orm/core';
import type { Ctx, TxCtx } from '../../kernel/common/context';
import { inTransaction, record } from '../../kernel/common/transaction';
import { badInput } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/common/lookup';
import { isoDate, positiveQty } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/common/codes';
import { EventType } from '../../kernel/events/event-types';
import { linkExternalRefs } from '../../kernel/external-refs/external-refs.service';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { Item } from '../catalog/item.entity';
import { SalesOrder, SalesOrderLine, SalesOrderState } from './sales-order.entity';
import type { CreateSalesOrderInput } from './dto/sales.inputs';

export async function createSalesOrder(ctx: Ctx, input: CreateSalesOrderInput): Promise<SalesOrder> {
  return inTransaction(ctx, async (tx) => {
    const customer = await getOrFail(tx.em, Partner, input.customerId, 'Customer');
    if (customer.kind !== PartnerKind.CUSTOMER) throw badInput('customerId', `${customer.code} is not a customer`);
    const order = tx.em.create(SalesOrder, {
      code: await nextCode(tx.em, 'sales_order_code_seq', 'SO'),
      customer,
      customerReference: input.customerReference,
    });
    await linkExternalRefs(tx, 'SalesOrder', order.id, input.externalRefs);
    for (const [i, line] of input.lines.entries()) {
      const item = await getOrFail(tx.em, Item, line.itemId, `Item (lines[${i}])`);
      tx.em.create(SalesOrderLine, {
        salesOrder: order,
        lineNo: i + 1,
        item,
        qty: positiveQty(line.qty, `lines[${i}].qty`).toFixed(),
        dueDate: isoDate(line.dueDate, `lines[${i}].dueDate`),
      });
    }
    record(tx, {
      type: EventType.SalesOrderCreated,
      aggregateType: 'SalesOrder',
      aggregateId: order.id,
      data: { salesOrderId: order.id, code: order.code, customerId: customer.id, state: order.state },
    });
    return order;
  });
}

/**
 * Keeps the sales order's state in step with its work orders: in production once one is released,
 * completed once every line has work and all of it is done. Called inside the transaction that changed
 * a work order, after its changes are flushed.
 */
export async function syncSalesOrderState(tx: TxCtx, salesOrderId: string): Promise<void> {
  // Locked, so two work orders finishing at once cannot each see the other still running.
  const order = await tx.em.findOneOrFail(SalesOrder, salesOrderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (order.state === SalesOrderState.CANCELLED) return;
  const rows = await tx.em.execute<{ line_id: string; state: string | null }[]>(
    `select l.id as line_id, wo.state from sales_order_line l
       left join work_order wo on wo.sales_order_line_id = l.id and wo.state <> 'CANCELLED'
     where l.sales_order_id = ?`,
    [salesOrderId],
  );
  const lineDone = new Map<string, boolean>();
  for (const r of rows) {
    const done = r.state === 'COMPLETED' || r.state === 'CLOSED';
    lineDone.set(r.line_id, (lineDone.get(r.line_id) ?? true) && done);
  }
  const started = rows.some((r) => r.state !== null && r.state !== 'PLANNED');
  let next = order.state;
  if (lineDone.size && [...lineDone.values()].every(Boolean)) next = SalesOrderState.COMPLETED;
  else if (started) next = SalesOrderState.IN_PRODUCTION;
  if (next === order.state) return;
  order.state = next;
  record(tx, {
    type: EventType.SalesOrderStateChanged,
    aggregateType: 'SalesOrder',
    aggregateId: order.id,
    data: { salesOrderId: order.id, code: order.code, customerId: order.customer.id, state: next },
  });
}
