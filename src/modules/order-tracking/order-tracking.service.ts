import { dec } from '../../kernel/common/quantity';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { ProductionEvent } from '../production/production.events';
import { SalesEvent } from '../sales/sales.events';
import { WorkOrder, WorkOrderState } from '../production/work-order.entity';
import { OperationState } from '../production/work-order-operation.entity';
import type { SalesOrderLine } from '../sales/sales-order.entity';

export interface Milestone {
  key: string;
  label: string;
  /** For an operation's milestone: its name, so a portal can word the label in its own language. */
  operation: string | null;
  inspection: boolean;
  done: boolean;
  at: Date | null;
}

export interface LineProgress {
  state: string;
  qtyDone: string;
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
  SalesEvent.SalesOrderStateChanged,
]);

/** Does this event move a sales order forward — the one asked for (or any), of this customer (or any)? */
export function isOrderProgress(e: LoggedEvent, salesOrderId: string | undefined, customerId: string | undefined): boolean {
  if (!ORDER_PROGRESS.has(e.type) || !e.data.salesOrderId) return false;
  if (salesOrderId && e.data.salesOrderId !== salesOrderId) return false;
  return !customerId || e.data.customerId === customerId;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Where a sales order line stands, in a customer's words: how much is done (good quantity off the last
 * operation), what is being worked on, the date promised and the date now expected — the plan's end,
 * pushed out by the work still to do when it runs late — and the milestones passed.
 */
export function lineProgress(line: Pick<SalesOrderLine, 'dueDate' | 'qty'>, orders: WorkOrder[]): LineProgress {
  const promisedDate = line.dueDate;
  if (orders.length === 0) {
    return { state: 'RECEIVED', qtyDone: '0', percentDone: 0, currentOperation: null, promisedDate, expectedDate: null, milestones: [] };
  }
  let done = dec(0);
  let expected: Date | null = null;
  let current: string | null = null;
  const milestones: Milestone[] = [];
  const mark = (key: string, label: string, at: Date | null | undefined, operation: string | null = null, inspection = false) =>
    milestones.push({ key, label, operation, inspection, done: !!at, at: at ?? null });
  for (const wo of orders) {
    const ops = wo.operations.getItems();
    const last = ops[ops.length - 1];
    if (last) done = done.plus(last.qtyGood);
    mark('released', 'Released to the shop floor', wo.releasedAt);
    mark('started', 'Production started', wo.startedAt);
    for (const op of ops) {
      const at = op.state === OperationState.DONE ? (op.actualEnd ?? wo.completedAt ?? null) : null;
      mark(`operation-${op.sequence}`, op.inspection ? `${op.name} (inspected)` : `${op.name} done`, at, op.name, op.inspection);
    }
    mark('completed', 'Completed', wo.completedAt);
    current ??= ops.find((o) => o.state === OperationState.RUNNING || o.state === OperationState.PAUSED)?.name ?? null;
    const end = wo.completedAt ?? expectedEnd(wo);
    if (end && (!expected || end > expected)) expected = end;
  }
  mark('shipped', 'Shipped', null);
  const state = orders.every((w) => w.state === WorkOrderState.COMPLETED || w.state === WorkOrderState.CLOSED)
    ? 'COMPLETED'
    : orders.some((w) => w.state === WorkOrderState.IN_PROGRESS)
      ? 'IN_PRODUCTION'
      : orders.some((w) => w.state === WorkOrderState.RELEASED)
        ? 'RELEASED'
        : 'PLANNED';
  const percent = Math.min(100, Number(done.div(line.qty).mul(100).toDecimalPlaces(1).toFixed()));
  return {
    state,
    qtyDone: done.toFixed(),
    percentDone: percent,
    currentOperation: current,
    promisedDate,
    expectedDate: expected ? day(expected) : null,
    milestones,
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
