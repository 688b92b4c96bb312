import { LockMode } from '@mikro-orm/core';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput, forbidden, notFound } from '../../kernel/common/errors';
import { partnerScope } from '../../kernel/auth/partner-scope';
import { Role } from '../../kernel/auth/permissions';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { getOrFail } from '../../kernel/db/lookup';
import { isoDate, positiveQty, dec } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/db/codes';
import { linkExternalRefs } from '../../kernel/external-refs/external-refs.service';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { Item } from '../catalog/item.entity';
import { SalesOrder, SalesOrderLine, SalesOrderState } from './sales-order.entity';
import type { CreateSalesOrderInput, SalesOrderFilter } from './dto/sales.inputs';
import { SalesEvent } from './sales.events';

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
      type: SalesEvent.SalesOrderCreated,
      aggregateType: 'SalesOrder',
      aggregateId: order.id,
      data: { salesOrderId: order.id, code: order.code, customerId: customer.id, state: order.state },
    });
    return order;
  });
}

/** A line whose quantity or due date changed. */
export interface ChangedLine {
  salesOrderLineId: string;
  qty: string;
  dueDate: string;
}

/**
 * Takes new quantities and due dates for an order's lines, matched by position (as the order was
 * first given), and says which changed. An order past production (completed, shipped, cancelled) is
 * left as it is; a line cannot shrink below what has shipped, nor change its item — the order is then
 * for a planner to change, not an import.
 */
export async function changeSalesOrderLines(
  ctx: Ctx,
  salesOrderId: string,
  lines: readonly { itemId: string; qty: string; dueDate: string }[],
): Promise<ChangedLine[]> {
  return inTransaction(ctx, async (tx) => {
    const order = await tx.em.findOneOrFail(SalesOrder, salesOrderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (order.state !== SalesOrderState.OPEN && order.state !== SalesOrderState.IN_PRODUCTION) return [];
    const current = await tx.em.find(SalesOrderLine, { salesOrder: salesOrderId }, { orderBy: { lineNo: 'asc' } });
    if (current.length !== lines.length) {
      throw badInput('lines', `${order.code} has ${current.length} lines and the import ${lines.length}; add or remove lines in the hub`);
    }
    const changed: ChangedLine[] = [];
    for (const [i, line] of current.entries()) {
      const next = lines[i];
      if (next.itemId !== line.item.id) throw badInput(`lines[${i}].item`, `line ${line.lineNo} of ${order.code} is for another item`);
      const qty = positiveQty(next.qty, `lines[${i}].qty`);
      const dueDate = isoDate(next.dueDate, `lines[${i}].dueDate`);
      if (qty.eq(line.qty) && dueDate === line.dueDate) continue;
      if (qty.lt(line.qtyShipped)) {
        throw badInput(
          `lines[${i}].qty`,
          `line ${line.lineNo} of ${order.code} has shipped ${line.qtyShipped}, more than ${qty.toFixed()}`,
        );
      }
      // A short-closed quantity is settled with the customer; an import does not bring it back below that.
      if (qty.lt(dec(line.qtyShipped).plus(line.qtyShortClosed))) {
        throw badInput(
          `lines[${i}].qty`,
          `line ${line.lineNo} of ${order.code} has shipped ${dec(line.qtyShipped).toFixed()} and short-closed ` +
            `${dec(line.qtyShortClosed).toFixed()}, more than ${qty.toFixed()} together`,
        );
      }
      const previous = { previousQty: line.qty, previousDueDate: line.dueDate };
      line.qty = qty.toFixed();
      line.dueDate = dueDate;
      changed.push({ salesOrderLineId: line.id, qty: line.qty, dueDate });
      record(tx, {
        type: SalesEvent.SalesOrderLineChanged,
        aggregateType: 'SalesOrder',
        aggregateId: order.id,
        data: {
          salesOrderId: order.id,
          salesOrderLineId: line.id,
          code: order.code,
          lineNo: line.lineNo,
          qty: line.qty,
          dueDate,
          ...previous,
        },
      });
    }
    return changed;
  });
}

/** Where production stands on one sales order line, in the words sales needs. */
export interface LineProductionState {
  /**
   * Every (live) work order of the line is completed and together they made what is due: nothing more is
   * coming. A line that finished short is not done until the planner short-closes or makes it up.
   */
  done: boolean;
  /** At least one of its work orders has gone past planning. */
  started: boolean;
}

/**
 * Keeps the sales order's state in step with production: in production once one of its work orders is
 * released, completed once every line has work and all of it is done. Production calls this inside
 * the transaction that changed a work order, after its changes are flushed, and answers — for the
 * lines asked — where it stands; the order is locked first, so two work orders finishing at once
 * cannot each see the other still running.
 */
export async function followProduction(
  tx: TxCtx,
  salesOrderId: string,
  productionOf: (lineIds: string[]) => Promise<ReadonlyMap<string, LineProductionState>>,
): Promise<void> {
  const order = await tx.em.findOneOrFail(SalesOrder, salesOrderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  // Shipped in full is past anything production can say about it.
  if (order.state === SalesOrderState.CANCELLED || order.state === SalesOrderState.SHIPPED) return;
  const lines = await tx.em.find(SalesOrderLine, { salesOrder: salesOrderId });
  const production = await productionOf(lines.map((l) => l.id));
  const states = lines.map((l) => production.get(l.id) ?? { done: false, started: false });
  let next = order.state;
  if (states.length && states.every((s) => s.done)) next = SalesOrderState.COMPLETED;
  else if (states.some((s) => s.started)) next = SalesOrderState.IN_PRODUCTION;
  if (next === order.state) return;
  order.state = next;
  record(tx, {
    type: SalesEvent.SalesOrderStateChanged,
    aggregateType: 'SalesOrder',
    aggregateId: order.id,
    data: { salesOrderId: order.id, code: order.code, customerId: order.customer.id, state: next },
  });
}

/** A customer sees its own orders only; everyone else with SalesRead sees all. */
export const customerScope = (ctx: Pick<Ctx, 'actor'>) => partnerScope(ctx.actor, Role.customer);

/** One sales order; another customer's is NOT_FOUND to a customer, as if it did not exist. */
export async function getSalesOrder(ctx: Ctx, id: string): Promise<SalesOrder> {
  const order = await getOrFail(ctx.em, SalesOrder, id, 'Sales order');
  const scope = customerScope(ctx);
  if (scope && order.customer.id !== scope) throw notFound('Sales order', id);
  return order;
}

/** Sales orders, newest first; a customer's own only (asking for another customer's is FORBIDDEN). */
export function listSalesOrders(ctx: Ctx, filter: SalesOrderFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.state) where.state = filter.state;
  if (filter?.customerId) where.customer = filter.customerId;
  const scope = customerScope(ctx);
  if (scope) {
    if (filter?.customerId && filter.customerId !== scope) throw forbidden('A customer sees only its own orders');
    where.customer = scope;
  }
  return paginate(ctx.em, SalesOrder, where, page, { code: 'desc', id: 'desc' });
}
