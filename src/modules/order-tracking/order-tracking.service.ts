import { dec } from '../../kernel/common/quantity';
import { textOrNull, type LoggedEvent } from '../../kernel/events/event-types';
import { toWorkOrderEvent, type WorkOrderEvent } from '../production/work-order-change.event';
import { ProductionEvent } from '../production/production.events';
import { SalesEvent } from '../sales/sales.events';
import { WorkOrder, WorkOrderState } from '../production/work-order.entity';
import { OperationState } from '../production/work-order-operation.entity';
import { qtyDue, type SalesOrderLine } from '../sales/sales-order.entity';
import { shortfallOf } from '../production/shortfall';
import type { LineShipped } from '../shipping/shipping.queries';
import { ShippingEvent } from '../shipping/shipping.events';
import { QualityEvent } from '../quality/quality.events';
import { InspectionState, type InspectionTask } from '../quality/inspection-task.entity';

export interface Milestone {
  key: string;
  label: string;
  /** For an operation's milestone: its name, so a portal can word the label in its own language. */
  operation: string | null;
  inspection: boolean;
  done: boolean;
  at: Date | null;
  /** For the inspected milestone: PASSED or FAILED once every inspection has its result. */
  result: 'PASSED' | 'FAILED' | null;
  /** For the shipped milestone: how much has shipped so far. */
  qty: string | null;
}

export interface LineProgress {
  state: string;
  qtyOrdered: string;
  qtyDone: string;
  qtyShort: string;
  qtyShortClosed: string;
  qtyShipped: string;
  percentDone: number;
  currentOperation: string | null;
  promisedDate: string;
  expectedDate: string | null;
  milestones: Milestone[];
}

/** Events that show an order moving through the shop; material issues are internal. */
const ORDER_PROGRESS = new Set<string>([
  ProductionEvent.WorkOrderCreated,
  ProductionEvent.WorkOrderReleased,
  ProductionEvent.WorkOrderStarted,
  ProductionEvent.WorkOrderCompleted,
  ProductionEvent.WorkOrderCancelled,
  ProductionEvent.WorkOrderClosed,
  ProductionEvent.OperationStarted,
  ProductionEvent.OperationPaused,
  ProductionEvent.OperationResumed,
  ProductionEvent.OperationProgressed,
  ProductionEvent.OperationScrapped,
  ProductionEvent.OperationDone,
  // Corrections move progress back (a reversed completion, a reopened order), rework adds a step.
  ProductionEvent.ExecutionEventReversed,
  ProductionEvent.WorkOrderReopened,
  ProductionEvent.OperationInserted,
  // The planner's answer to a line that finished short.
  ProductionEvent.ShortfallMadeUp,
  SalesEvent.SalesOrderLineShortClosed,
  SalesEvent.SalesOrderStateChanged,
  ShippingEvent.ShipmentPosted,
  QualityEvent.InspectionRecorded,
]);

/** Order progress events that are not a work order's change: the stream shows their order and kind only. */
const NOT_WORK_ORDER_EVENTS = new Set<string>([ShippingEvent.ShipmentPosted, QualityEvent.InspectionRecorded]);

/** Does this event move a sales order forward — the one asked for (or any), of this customer (or any)? */
export function isOrderProgress(e: LoggedEvent, salesOrderId: string | undefined, customerId: string | undefined): boolean {
  if (!ORDER_PROGRESS.has(e.type) || !e.data.salesOrderId) return false;
  if (salesOrderId && e.data.salesOrderId !== salesOrderId) return false;
  return !customerId || e.data.customerId === customerId;
}

/**
 * An order progress event as the stream shows it: a work order's change as production words it; a
 * shipment or an inspection result as its order and kind only (their details are on `shipmentChanged`
 * and on the order's milestones), so nothing of them passes for a work order's fields.
 */
export function toProgressEvent(e: LoggedEvent): WorkOrderEvent {
  const event = toWorkOrderEvent(e);
  if (!NOT_WORK_ORDER_EVENTS.has(e.type)) return event;
  const none = Object.fromEntries(Object.keys(event).map((k) => [k, null])) as unknown as WorkOrderEvent;
  return {
    ...none,
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    salesOrderId: event.salesOrderId,
    salesOrderState: textOrNull(e.data.salesOrderState),
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Where a sales order line stands, in a customer's words: how much is done (good quantity off the last
 * operation), what is being worked on, the date promised and the date now expected — the plan's end,
 * pushed out by the work still to do when it runs late — and the milestones passed.
 */
export function lineProgress(
  line: Pick<SalesOrderLine, 'dueDate' | 'qty' | 'qtyShortClosed' | 'qtyShipped' | 'shortClosedAt'>,
  orders: WorkOrder[],
  shipped: LineShipped,
  inspections: readonly InspectionFact[] = [],
): LineProgress {
  const promisedDate = line.dueDate;
  const qtyShipped = dec(shipped.qty);
  // Done when all that is due of the line has left (a short-closed quantity never ships), at the last
  // shipment; a part shipped shows its quantity meanwhile.
  const due = qtyDue(line);
  const shippedInFull = due.gt(0) && qtyShipped.gte(due);
  const shippedMilestone: Milestone = {
    key: 'shipped',
    label: shippedInFull || qtyShipped.isZero() ? 'Shipped' : `Shipped ${qtyShipped.toFixed()} of ${due.toFixed()}`,
    operation: null,
    inspection: false,
    done: shippedInFull,
    at: shippedInFull ? shipped.lastAt : null,
    qty: qtyShipped.toFixed(),
    result: null,
  };
  const shippingState = shippedInFull ? 'SHIPPED' : qtyShipped.gt(0) ? 'PARTIALLY_SHIPPED' : null;
  const quantities = { qtyOrdered: dec(line.qty).toFixed(), qtyShortClosed: dec(line.qtyShortClosed).toFixed() };
  if (orders.length === 0) {
    // Shipped from stock, made by no work order of its own.
    return {
      state: shippingState ?? 'RECEIVED',
      ...quantities,
      qtyDone: '0',
      qtyShort: '0',
      qtyShipped: qtyShipped.toFixed(),
      percentDone: 0,
      currentOperation: null,
      promisedDate,
      expectedDate: null,
      milestones: qtyShipped.gt(0) ? [shippedMilestone] : [],
    };
  }
  let done = dec(0);
  let expected: Date | null = null;
  let current: string | null = null;
  const milestones: Milestone[] = [];
  const mark = (key: string, label: string, at: Date | null | undefined, operation: string | null = null, inspection = false) =>
    milestones.push({ key, label, operation, inspection, done: !!at, at: at ?? null, qty: null, result: null });
  for (const wo of orders) {
    const ops = wo.operations.getItems();
    const last = ops[ops.length - 1];
    if (last) done = done.plus(last.qtyGood);
    mark('released', 'Released to the shop floor', wo.releasedAt);
    mark('started', 'Production started', wo.startedAt);
    for (const op of ops) {
      const at = op.state === OperationState.DONE ? (op.actualEnd ?? wo.completedAt ?? null) : null;
      mark(`operation-${op.sequence}`, `${op.name} done`, at, op.name, op.inspection);
    }
    const inspected = inspectedMilestone(
      wo,
      inspections.filter((i) => i.workOrderId === wo.id),
    );
    if (inspected) milestones.push(inspected);
    mark('completed', 'Completed', wo.completedAt);
    current ??= ops.find((o) => o.state === OperationState.RUNNING || o.state === OperationState.PAUSED)?.name ?? null;
    const end = wo.completedAt ?? expectedEnd(wo);
    if (end && (!expected || end > expected)) expected = end;
  }
  const { finished, short } = shortfallOf(line, orders);
  if (line.shortClosedAt) {
    milestones.push({
      key: 'short-closed',
      label: `Short-closed: ${dec(line.qtyShortClosed).toFixed()} of ${dec(line.qty).toFixed()} will not be made`,
      operation: null,
      inspection: false,
      done: true,
      at: line.shortClosedAt,
      qty: dec(line.qtyShortClosed).toFixed(),
      result: null,
    });
  }
  milestones.push(shippedMilestone);
  // Finished short, waiting for the planner's decision: that says more than what has shipped of it.
  const production = short.gt(0)
    ? 'SHORT'
    : finished
      ? 'COMPLETED'
      : orders.some((w) => w.state === WorkOrderState.IN_PROGRESS)
        ? 'IN_PRODUCTION'
        : orders.some((w) => w.state === WorkOrderState.RELEASED)
          ? 'RELEASED'
          : 'PLANNED';
  const state = production === 'SHORT' ? production : (shippingState ?? production);
  const percent = Math.min(100, Number(done.div(line.qty).mul(100).toDecimalPlaces(1).toFixed()));
  return {
    state,
    ...quantities,
    qtyDone: done.toFixed(),
    qtyShort: short.toFixed(),
    qtyShipped: qtyShipped.toFixed(),
    percentDone: percent,
    currentOperation: current,
    promisedDate,
    expectedDate: expected ? day(expected) : null,
    milestones,
  };
}

/** What order tracking reads of an inspection task. */
export type InspectionFact = Pick<InspectionTask, 'workOrderId' | 'operationId' | 'state' | 'inspectedAt'>;

/**
 * "Inspected", from the inspections themselves rather than the routing's flag: shown when the work order
 * has inspections or an operation meant to end with one; done once every inspection has its result and
 * every operation inspected is done (a later completion that brings a new inspection opens it again);
 * PASSED when all passed or were skipped by their sampling rule, FAILED when one failed.
 */
function inspectedMilestone(wo: WorkOrder, tasks: readonly InspectionFact[]): Milestone | null {
  const ops = wo.operations.getItems();
  const inspectedOps = ops.filter((o) => o.inspection || tasks.some((t) => t.operationId === o.id));
  if (!tasks.length && !inspectedOps.length) return null;
  const waiting = tasks.some((t) => t.state === InspectionState.OPEN) || inspectedOps.some((o) => o.state !== OperationState.DONE);
  const done = tasks.length > 0 && !waiting;
  const failed = tasks.some((t) => t.state === InspectionState.FAILED);
  const result = done ? (failed ? 'FAILED' : 'PASSED') : null;
  const at = done ? new Date(Math.max(...tasks.map((t) => (t.inspectedAt ?? new Date(0)).getTime()))) : null;
  return {
    key: 'inspected',
    label: result === 'FAILED' ? 'Inspected: a deviation is being dealt with' : 'Inspected',
    operation: null,
    inspection: true,
    done,
    at: at && at.getTime() > 0 ? at : null,
    qty: null,
    result,
  };
}

/** The planned end, or — if the remaining work cannot fit before it any more — now plus that work. */
function expectedEnd(wo: WorkOrder): Date | null {
  const ops = wo.operations.getItems();
  if (!ops.length) return null;
  const planned = ops[ops.length - 1].plannedEnd ?? null;
  let minutes = dec(0);
  let received = dec(wo.qty);
  for (const op of ops) {
    const left = received.minus(op.qtyGood).minus(op.qtyScrap);
    if (op.state !== OperationState.DONE && left.gt(0)) {
      minutes = minutes.plus(dec(op.runMinutesPerUnit).mul(left));
      if (op.state === OperationState.PENDING) minutes = minutes.plus(op.setupMinutes);
    }
    received = op.state === OperationState.DONE ? dec(op.qtyGood) : received.minus(op.qtyScrap);
  }
  const fromNow = new Date(Date.now() + minutes.mul(60_000).toNumber());
  return planned && planned > fromNow ? planned : fromNow;
}
