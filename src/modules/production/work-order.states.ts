import { stateMachine } from '../../kernel/common/state-machine';
import { WorkOrderState as W } from './work-order.entity';
import { OperationState as O } from './work-order-operation.entity';
import { ExecutionEventType as Scan } from './execution-event.entity';

/** The work order's life, the one place it is written: each action, where it may start, where it leads. */
const workOrders = stateMachine<W>()({
  release: { from: [W.PLANNED], to: W.RELEASED, refusal: 'only a planned work order can be released' },
  start: { from: [W.RELEASED], to: W.IN_PROGRESS, refusal: 'only a released work order can start' },
  complete: { from: [W.IN_PROGRESS], to: W.COMPLETED, refusal: 'only a running work order can complete' },
  close: { from: [W.COMPLETED], to: W.CLOSED, refusal: 'only a completed work order can be closed' },
  cancel: { from: [W.PLANNED, W.RELEASED], to: W.CANCELLED, refusal: 'only a planned or released work order can be cancelled' },
  /** Scans: the order is on the floor. */
  recordShopFloorEvent: {
    from: [W.RELEASED, W.IN_PROGRESS],
    to: null,
    refusal: 'shop-floor events are accepted only while it is released or running',
  },
  issueMaterial: { from: [W.RELEASED, W.IN_PROGRESS], to: null, refusal: 'material can be issued only to a released or running order' },
  /** Corrections (reversed scans and issues, returned material): until the order is closed and costed. */
  correct: {
    from: [W.RELEASED, W.IN_PROGRESS, W.COMPLETED],
    to: null,
    refusal: 'corrections are accepted only until the order is closed (its costs are settled then)',
  },
  /** A reversed completion or scrap leaves quantity to make again. */
  reopen: { from: [W.COMPLETED], to: W.IN_PROGRESS, refusal: 'only a completed work order is reopened' },
});

export type WorkOrderAction = keyof typeof workOrders.table;
export const WORK_ORDER_ACTIONS = workOrders.table;

export const mayTake = (state: W, action: WorkOrderAction) => workOrders.mayTake(state, action);

/** Throws INVALID_STATE ("WO-000001 is completed; only a planned …") unless the order may take the action. */
export const assertMayTake = (wo: { code: string; state: W }, action: WorkOrderAction) => workOrders.assertMayTake(wo, wo.code, action);

/** Moves the order along an action, after checking it may. */
export const transition = (wo: { code: string; state: W }, action: WorkOrderAction) => workOrders.transition(wo, wo.code, action);

/** An operation's life under the shop floor's scans: which scan it accepts in which state, and where it leads. */
const operations = stateMachine<O>()({
  [Scan.START]: { from: [O.PENDING], to: O.RUNNING, refusal: 'cannot start it' },
  [Scan.PAUSE]: { from: [O.RUNNING], to: O.PAUSED, refusal: 'cannot pause it' },
  [Scan.RESUME]: { from: [O.PAUSED], to: O.RUNNING, refusal: 'cannot resume it' },
  [Scan.COMPLETE]: { from: [O.RUNNING], to: null, refusal: 'cannot complete a quantity (start it first)' },
  [Scan.SCRAP]: { from: [O.RUNNING, O.PAUSED], to: null, refusal: 'cannot scrap (start it first)' },
});

/** Applies a scan's state change to an operation, or throws INVALID_STATE saying why it cannot. */
export const scanOperation = (op: { state: O }, label: string, scan: Scan) => operations.transition(op, label, scan);
