import { invalidState } from '../../kernel/common/errors';
import { WorkOrderState } from './work-order.entity';
import { OperationState } from './work-order-operation.entity';
import { ExecutionEventType } from './execution-event.entity';

const W = WorkOrderState;

/**
 * The work order's state machine, the one place it is written: each action, the states it may be
 * taken from, the state it leads to (none when the order stays where it is) and what a person is told
 * when the order is elsewhere.
 */
export const WORK_ORDER_ACTIONS = {
  release: { from: [W.PLANNED], to: W.RELEASED, refusal: 'only a planned work order can be released' },
  start: { from: [W.RELEASED], to: W.IN_PROGRESS, refusal: 'only a released work order can start' },
  complete: { from: [W.IN_PROGRESS], to: W.COMPLETED, refusal: 'only a running work order can complete' },
  close: { from: [W.COMPLETED], to: W.CLOSED, refusal: 'only a completed work order can be closed' },
  cancel: { from: [W.PLANNED, W.RELEASED], to: W.CANCELLED, refusal: 'only a planned or released work order can be cancelled' },
  /** Scans and material issues: the order is on the floor. */
  recordShopFloorEvent: {
    from: [W.RELEASED, W.IN_PROGRESS],
    to: null,
    refusal: 'shop-floor events are accepted only while it is released or running',
  },
  issueMaterial: { from: [W.RELEASED, W.IN_PROGRESS], to: null, refusal: 'material can be issued only to a released or running order' },
} as const satisfies Record<string, { from: readonly WorkOrderState[]; to: WorkOrderState | null; refusal: string }>;

export type WorkOrderAction = keyof typeof WORK_ORDER_ACTIONS;

export const mayTake = (state: WorkOrderState, action: WorkOrderAction) =>
  (WORK_ORDER_ACTIONS[action].from as readonly WorkOrderState[]).includes(state);

/** Throws INVALID_STATE ("WO-000001 is completed; only a planned …") unless the order may take the action. */
export function assertMayTake(wo: { code: string; state: WorkOrderState }, action: WorkOrderAction): void {
  if (!mayTake(wo.state, action)) {
    throw invalidState(`${wo.code} is ${wo.state.toLowerCase()}; ${WORK_ORDER_ACTIONS[action].refusal}`, { state: wo.state });
  }
}

/** Moves the order along an action that changes its state, after checking it may. */
export function transition(wo: { code: string; state: WorkOrderState }, action: WorkOrderAction): void {
  assertMayTake(wo, action);
  const to = WORK_ORDER_ACTIONS[action].to;
  if (to) wo.state = to;
}

const O = OperationState;

/** The operation's state machine: which scan it accepts in which state, and where it leads. */
export const OPERATION_SCANS = {
  [ExecutionEventType.START]: { from: [O.PENDING], to: O.RUNNING, doing: 'start it' },
  [ExecutionEventType.PAUSE]: { from: [O.RUNNING], to: O.PAUSED, doing: 'pause it' },
  [ExecutionEventType.RESUME]: { from: [O.PAUSED], to: O.RUNNING, doing: 'resume it' },
  [ExecutionEventType.COMPLETE]: { from: [O.RUNNING], to: null, doing: 'complete a quantity (start it first)' },
  [ExecutionEventType.SCRAP]: { from: [O.RUNNING, O.PAUSED], to: null, doing: 'scrap (start it first)' },
} as const satisfies Record<ExecutionEventType, { from: readonly OperationState[]; to: OperationState | null; doing: string }>;

/** Applies a scan's state change to an operation, or throws INVALID_STATE saying why it cannot. */
export function scanOperation(op: { state: OperationState }, label: string, scan: ExecutionEventType): void {
  const rule = OPERATION_SCANS[scan];
  if (!(rule.from as readonly OperationState[]).includes(op.state)) {
    throw invalidState(`${label} is ${op.state.toLowerCase()}; cannot ${rule.doing}`, { state: op.state });
  }
  if (rule.to) op.state = rule.to;
}
