import type { TxCtx } from '../../kernel/unit-of-work/context';
import { record } from '../../kernel/unit-of-work/transaction';
import { dec } from '../../kernel/common/quantity';
import { SalesOrderLine } from '../sales/sales-order.entity';
import { Item } from '../catalog/item.entity';
import { suppliersOfComponents } from '../catalog/catalog.queries';
import type { WorkOrder } from './work-order.entity';
import type { WorkOrderOperation } from './work-order-operation.entity';
import { ProductionEvent } from './production.events';
import { externalRefsOf } from '../../kernel/external-refs/external-refs.service';

/** Percentage done: good quantity out of the last operation against the ordered quantity. */
export function percentDone(wo: WorkOrder, lastOpGood: string): number {
  const pct = dec(lastOpGood).div(wo.qty).mul(100);
  return Math.min(100, Number(pct.toDecimalPlaces(1).toFixed()));
}

export const operationSnapshot = (op: WorkOrderOperation) => ({
  operationId: op.id,
  sequence: op.sequence,
  name: op.name,
  state: op.state,
  qtyGood: dec(op.qtyGood).toFixed(),
  qtyScrap: dec(op.qtyScrap).toFixed(),
});

/** Work order changes that change what suppliers are asked for. */
const PLAN_CHANGES = new Set<string>([
  ProductionEvent.WorkOrderCreated,
  ProductionEvent.WorkOrderReleased,
  ProductionEvent.WorkOrderCancelled,
  ProductionEvent.WorkOrderChanged,
  ProductionEvent.WorkOrderCompleted,
  ProductionEvent.MaterialIssued,
  ProductionEvent.MaterialIssueReversed,
  ProductionEvent.MaterialReturned,
  ProductionEvent.WorkOrderReopened,
]);

/**
 * Records a work order event carrying the order's state after the change, and the sales order and
 * customer it belongs to, so `orderProgress` subscribers and partner scoping need no lookup.
 */
export async function recordWorkOrderEvent(
  tx: TxCtx,
  type: (typeof ProductionEvent)[keyof typeof ProductionEvent],
  wo: WorkOrder,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const line = wo.salesOrderLine ? await tx.em.findOneOrFail(SalesOrderLine, wo.salesOrderLine.id, { populate: ['salesOrder'] }) : null;
  const item = await tx.em.findOneOrFail(Item, wo.item.id);
  const supplierIds = PLAN_CHANGES.has(type) ? await suppliersOfComponents(tx, wo.item.id) : undefined;
  // A completion tells the ERP which of its own sales it served (system + id), so it can link the two.
  const salesOrderRefs =
    line && type === ProductionEvent.WorkOrderCompleted ? (await externalRefsOf(tx.em, 'SalesOrder', [line.salesOrder.id]))[0] : undefined;
  const ops = wo.operations.isInitialized() ? wo.operations.getItems() : [];
  const last = ops[ops.length - 1];
  record(tx, {
    type,
    aggregateType: 'WorkOrder',
    aggregateId: wo.id,
    data: {
      workOrderId: wo.id,
      code: wo.code,
      itemId: wo.item.id,
      sku: item.sku,
      unit: item.unit,
      state: wo.state,
      qty: dec(wo.qty).toFixed(),
      qtyCompleted: dec(wo.qtyCompleted).toFixed(),
      qtyScrapped: dec(wo.qtyScrapped).toFixed(),
      percentDone: last ? percentDone(wo, last.qtyGood) : 0,
      salesOrderId: line?.salesOrder.id ?? null,
      salesOrderLineId: line?.id ?? null,
      customerId: line ? line.salesOrder.getEntity().customer.id : null,
      ...(supplierIds ? { supplierIds } : {}),
      ...(salesOrderRefs ? { salesOrderRefs } : {}),
      ...extra,
    },
  });
}
