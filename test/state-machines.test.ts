import { WorkOrderState } from '../src/modules/production/work-order.entity';
import { OperationState } from '../src/modules/production/work-order-operation.entity';
import { ExecutionEventType } from '../src/modules/production/execution-event.entity';
import {
  WORK_ORDER_ACTIONS,
  assertMayTake,
  scanOperation,
  transition,
  type WorkOrderAction,
} from '../src/modules/production/work-order.states';
import { CommitmentState } from '../src/modules/purchasing/supplier-commitment.entity';
import * as commitments from '../src/modules/purchasing/commitment.states';

/** The transition tables, state by state: what each action accepts, where it leads, what it says otherwise. */

const actions = Object.keys(WORK_ORDER_ACTIONS) as WorkOrderAction[];

test.each(actions.flatMap((action) => Object.values(WorkOrderState).map((state) => [action, state] as const)))(
  'work order %s from %s',
  (action, state) => {
    const rule = WORK_ORDER_ACTIONS[action];
    const wo = { code: 'WO-000001', state };
    if (rule.from.includes(state)) {
      transition(wo, action);
      expect(wo.state).toBe(rule.to ?? state);
    } else {
      expect(() => assertMayTake(wo, action)).toThrow(`WO-000001 is ${state.toLowerCase()}; ${rule.refusal}`);
      expect(() => transition(wo, action)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_STATE', state }) }),
      );
      expect(wo.state).toBe(state);
    }
  },
);

test('a planned order reaches closed only through release, start, complete and close', () => {
  const wo = { code: 'WO-000002', state: WorkOrderState.PLANNED };
  for (const action of ['release', 'start', 'complete', 'close'] as const) transition(wo, action);
  expect(wo.state).toBe(WorkOrderState.CLOSED);
  expect(() => transition(wo, 'cancel')).toThrow('WO-000002 is closed; only a planned or released work order can be cancelled');
});

test('an operation follows its scans: start, pause, resume; complete and scrap leave it where it is', () => {
  const op = { state: OperationState.PENDING };
  const label = 'Operation 10 (Cut) of WO-000003';
  expect(() => scanOperation(op, label, ExecutionEventType.COMPLETE)).toThrow(
    `${label} is pending; cannot complete a quantity (start it first)`,
  );
  scanOperation(op, label, ExecutionEventType.START);
  expect(op.state).toBe(OperationState.RUNNING);
  scanOperation(op, label, ExecutionEventType.COMPLETE);
  expect(op.state).toBe(OperationState.RUNNING);
  scanOperation(op, label, ExecutionEventType.PAUSE);
  scanOperation(op, label, ExecutionEventType.SCRAP);
  expect(op.state).toBe(OperationState.PAUSED);
  expect(() => scanOperation(op, label, ExecutionEventType.PAUSE)).toThrow(`${label} is paused; cannot pause it`);
  scanOperation(op, label, ExecutionEventType.RESUME);
  expect(op.state).toBe(OperationState.RUNNING);
});

test('a commitment is confirmed (again, while not shipped), shipped, then received', () => {
  const c = { code: 'SC-000001', state: CommitmentState.REQUESTED };
  expect(() => commitments.transition(c, 'ship')).toThrow('SC-000001 is requested; confirm it before shipping');
  commitments.transition(c, 'confirm');
  commitments.transition(c, 'confirm');
  commitments.transition(c, 'ship');
  expect(() => commitments.transition(c, 'confirm')).toThrow(
    'SC-000001 is shipped; only a requested or confirmed commitment can be confirmed',
  );
  commitments.transition(c, 'receive');
  expect(c.state).toBe(CommitmentState.RECEIVED);
  expect(() => commitments.transition(c, 'receive')).toThrow('SC-000001 is received; only a shipped commitment can be received');
});
