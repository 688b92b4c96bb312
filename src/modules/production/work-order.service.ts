import { LockMode, ref } from '@mikro-orm/core';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction } from '../../kernel/unit-of-work/transaction';
import { badInput, invalidState, notFound } from '../../kernel/common/errors';
import { getOrFail, isUuid } from '../../kernel/db/lookup';
import { dec, isoDate, positiveQty } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/db/codes';
import { Item } from '../catalog/item.entity';
import { activeBom, requireActiveRouting } from '../catalog/catalog.service';
import { SalesOrder, SalesOrderLine, SalesOrderState } from '../sales/sales-order.entity';
import { followProduction, type LineProductionState } from '../sales/sales.service';
import { WorkOrder, WorkOrderState } from './work-order.entity';
import { WorkOrderOperation } from './work-order-operation.entity';
import { MaterialRequirement } from './material-requirement.entity';
import { recordWorkOrderEvent } from './work-order.events';
import { assertMayTake, transition } from './work-order.states';
import { linkExternalRefs } from '../../kernel/external-refs/external-refs.service';
import type { ExternalRef } from '../../kernel/external-refs/external-ref';
import type { CreateWorkOrderInput, CreateWorkOrdersForSalesOrderInput, WorkOrderIdInput } from './dto/production.inputs';
import { ProductionEvent } from './production.events';
import { settleWorkOrderCosts } from './work-order-costing.service';
import { shortfallOf } from './shortfall';

/**
 * Loads a work order for a change, holding its row lock until commit: every rule about one order
 * (quantities, states) is checked and applied by one transaction at a time.
 */
export async function lockWorkOrder(tx: TxCtx, id: string): Promise<WorkOrder> {
  if (!isUuid(id)) throw notFound('Work order', id);
  const locked = await tx.em.execute('select id from work_order where id = ? for update', [id]);
  if (locked.length === 0) throw notFound('Work order', id);
  return tx.em.findOneOrFail(WorkOrder, id, { populate: ['operations', 'materials'], refresh: true });
}

export async function createWorkOrder(ctx: Ctx, input: CreateWorkOrderInput, externalRefs: ExternalRef[] = []): Promise<WorkOrder> {
  return inTransaction(ctx, async (tx) => {
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    let line: SalesOrderLine | undefined;
    if (input.salesOrderLineId) {
      line = await getOrFail(tx.em, SalesOrderLine, input.salesOrderLineId, 'Sales order line', { populate: ['salesOrder'] });
      if (line.item.id !== item.id) throw badInput('itemId', `the sales order line is for another item than ${item.sku}`);
      assertOrderOpen(line.salesOrder.getEntity());
    }
    const wo = await newWorkOrder(tx, item, positiveQty(input.qty).toFixed(), isoDate(input.dueDate, 'dueDate'), line);
    await linkExternalRefs(tx, 'WorkOrder', wo.id, externalRefs);
    return wo;
  });
}

/**
 * A sales order line's new due date reaches its open work orders; a new quantity reaches the line's
 * work order while it is the only one and still planned (a released order's materials and operations
 * are sized already: a planner changes those).
 */
export async function followSalesOrderLine(ctx: Ctx, line: { salesOrderLineId: string; qty: string; dueDate: string }): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const open = await tx.em.find(
      WorkOrder,
      {
        salesOrderLine: line.salesOrderLineId,
        state: { $in: [WorkOrderState.PLANNED, WorkOrderState.RELEASED, WorkOrderState.IN_PROGRESS] },
      },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { code: 'asc' } },
    );
    for (const wo of open) {
      const previous = { previousQty: wo.qty, previousDueDate: wo.dueDate };
      const qty = open.length === 1 && wo.state === WorkOrderState.PLANNED ? dec(line.qty).toFixed() : wo.qty;
      if (qty === wo.qty && line.dueDate === wo.dueDate) continue;
      wo.qty = qty;
      wo.dueDate = line.dueDate;
      await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderChanged, wo, { dueDate: wo.dueDate, ...previous });
    }
  });
}

/** A planned work order for every line of the sales order that has none yet. */
export async function createWorkOrdersForSalesOrder(ctx: Ctx, input: CreateWorkOrdersForSalesOrderInput): Promise<WorkOrder[]> {
  return inTransaction(ctx, async (tx) => {
    const order = await getOrFail(tx.em, SalesOrder, input.salesOrderId, 'Sales order', { populate: ['lines', 'lines.item'] });
    assertOrderOpen(order);
    const lineIds = order.lines.getItems().map((l) => l.id);
    const existing = await tx.em.find(WorkOrder, {
      salesOrderLine: { $in: lineIds },
      state: { $ne: WorkOrderState.CANCELLED },
    });
    const covered = new Set(existing.map((w) => w.salesOrderLine!.id));
    const created: WorkOrder[] = [];
    for (const line of order.lines) {
      if (covered.has(line.id)) continue;
      created.push(await newWorkOrder(tx, line.item.getEntity(), line.qty, line.dueDate, line));
    }
    if (created.length === 0) throw invalidState(`Every line of ${order.code} already has a work order`);
    return created;
  });
}

function assertOrderOpen(order: SalesOrder) {
  if ([SalesOrderState.CANCELLED, SalesOrderState.COMPLETED, SalesOrderState.SHIPPED].includes(order.state)) {
    throw invalidState(`Sales order ${order.code} is ${order.state.toLowerCase()}`);
  }
}

export async function newWorkOrder(tx: TxCtx, item: Item, qty: string, dueDate: string, line?: SalesOrderLine, makesUpShortfall = false) {
  const wo = tx.em.create(WorkOrder, {
    code: await nextCode(tx.em, 'work_order_code_seq', 'WO'),
    item,
    qty,
    dueDate,
    salesOrderLine: line,
    makesUpShortfall,
  });
  await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderCreated, wo);
  return wo;
}

/**
 * Release: explodes the item's active BOM into material requirements and its active routing into
 * operations, scheduled back to back from now (setup + run time × quantity).
 */
export async function releaseWorkOrder(ctx: Ctx, input: WorkOrderIdInput): Promise<WorkOrder> {
  return inTransaction(ctx, async (tx) => releaseLocked(tx, await lockWorkOrder(tx, input.workOrderId)));
}

/** Releases a work order this transaction holds (locked, or just created). */
export async function releaseLocked(tx: TxCtx, wo: WorkOrder): Promise<WorkOrder> {
  assertMayTake(wo, 'release');
  const item = await tx.em.findOneOrFail(Item, wo.item.id);
  const routing = await requireActiveRouting(tx, item);
  const bom = await activeBom(tx, item.id);
  let start = Date.now();
  for (const op of routing.operations) {
    const minutes = dec(op.setupMinutes).plus(dec(op.runMinutesPerUnit).mul(wo.qty));
    const end = start + minutes.mul(60_000).toNumber();
    wo.operations.add(
      tx.em.create(WorkOrderOperation, {
        workOrder: wo,
        sequence: op.sequence,
        name: op.name,
        workCenter: op.workCenter,
        setupMinutes: op.setupMinutes,
        runMinutesPerUnit: op.runMinutesPerUnit,
        inspection: op.inspection,
        plannedStart: new Date(start),
        plannedEnd: new Date(end),
      }),
    );
    start = end;
  }
  for (const line of bom?.lines ?? []) {
    const required = dec(wo.qty).mul(line.qtyPer).mul(dec(line.scrapPct).div(100).plus(1)).toDecimalPlaces(6);
    wo.materials.add(tx.em.create(MaterialRequirement, { workOrder: wo, item: line.component, qtyRequired: required.toFixed() }));
  }
  wo.bom = bom ? ref(bom) : undefined;
  wo.routing = ref(routing);
  transition(wo, 'release');
  wo.releasedAt = new Date();
  await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderReleased, wo);
  await syncSalesOrder(tx, wo);
  return wo;
}

export async function cancelWorkOrder(ctx: Ctx, input: WorkOrderIdInput): Promise<WorkOrder> {
  return inTransaction(ctx, async (tx) => {
    const wo = await lockWorkOrder(tx, input.workOrderId);
    assertMayTake(wo, 'cancel');
    const issued = wo.materials.getItems().some((m) => dec(m.qtyIssued).gt(0));
    if (issued) throw invalidState(`${wo.code} has material issued to it; return the material before cancelling`);
    transition(wo, 'cancel');
    await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderCancelled, wo);
    await syncSalesOrder(tx, wo);
    return wo;
  });
}

/** Closing books the order's time and variances, so its WIP ends at zero (see work-order-costing.service.ts). */
export async function closeWorkOrder(ctx: Ctx, input: WorkOrderIdInput): Promise<WorkOrder> {
  return inTransaction(ctx, async (tx) => {
    const wo = await lockWorkOrder(tx, input.workOrderId);
    assertMayTake(wo, 'close');
    await settleWorkOrderCosts(tx, wo);
    transition(wo, 'close');
    await recordWorkOrderEvent(tx, ProductionEvent.WorkOrderClosed, wo);
    return wo;
  });
}

/** Lets the sales order this work order makes follow production, if it makes one. */
export async function syncSalesOrder(tx: TxCtx, wo: WorkOrder): Promise<void> {
  if (!wo.salesOrderLine) return;
  const line = await tx.em.findOneOrFail(SalesOrderLine, wo.salesOrderLine.id);
  await tx.em.flush();
  await followProduction(tx, line.salesOrder.id, (lineIds) => productionOfLines(tx, lineIds));
}

/** Lets the sales order of this line follow production (after a decision about the line). */
export async function syncSalesOrderOfLine(tx: TxCtx, line: SalesOrderLine): Promise<void> {
  await tx.em.flush();
  await followProduction(tx, line.salesOrder.id, (lineIds) => productionOfLines(tx, lineIds));
}

/**
 * Per sales order line: is it done — all its live work orders complete and nothing short of what is
 * due (a line that finished short waits for the planner's decision) — and has any gone past planning?
 */
async function productionOfLines(tx: TxCtx, lineIds: string[]): Promise<Map<string, LineProductionState>> {
  const orders = await tx.em.find(WorkOrder, { salesOrderLine: { $in: lineIds }, state: { $ne: WorkOrderState.CANCELLED } });
  const lines = await tx.em.find(SalesOrderLine, { id: { $in: lineIds } });
  const byLine = new Map<string, LineProductionState>();
  for (const line of lines) {
    const ofLine = orders.filter((wo) => wo.salesOrderLine!.id === line.id);
    if (!ofLine.length) continue;
    const { finished, short } = shortfallOf(line, ofLine);
    byLine.set(line.id, { done: finished && short.isZero(), started: ofLine.some((wo) => wo.state !== WorkOrderState.PLANNED) });
  }
  return byLine;
}
