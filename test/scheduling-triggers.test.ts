import { describeTriggers } from '../src/modules/scheduling/scheduling.reactor';
import type { LoggedEvent } from '../src/kernel/events/event-types';

// The trigger is what a planner reads first on a reactive plan (and what tests wait on), so a disruption
// batched with routine progress must be named, not cut off as "and n more".
let n = 0;
const event = (type: string, data: Record<string, unknown>): LoggedEvent => ({
  type,
  data,
  aggregateType: 'WorkOrder',
  aggregateId: `0000000${++n}-aaaa`,
  seq: String(n),
  id: `e${n}`,
  actor: null,
  source: null,
  occurredAt: new Date(0),
});

test('a scrap batched behind routine progress is named first', () => {
  const events = [
    event('WorkOrderCreated', { code: 'WO-000012' }),
    event('WorkOrderReleased', { code: 'WO-000012' }),
    event('OperationStarted', { code: 'WO-000012' }),
    event('OperationDone', { code: 'WO-000012' }),
    event('OperationStarted', { code: 'WO-000012' }),
    event('OperationScrapped', { code: 'WO-000012' }),
  ];
  expect(describeTriggers(events)).toBe(
    'OperationScrapped WO-000012; WorkOrderCreated WO-000012; WorkOrderReleased WO-000012; OperationStarted WO-000012 ×2; OperationDone WO-000012',
  );
});

test('a work center going down keeps its new state, and past five kinds the rest is counted', () => {
  const events = [
    ...['A', 'B', 'C', 'D', 'E', 'F'].map((c) => event('WorkOrderReleased', { code: `WO-${c}` })),
    event('WorkCenterStateChanged', { workCenterCode: 'ASM-1', state: 'DOWN' }),
  ];
  expect(describeTriggers(events)).toBe(
    'WorkCenterStateChanged ASM-1 → DOWN; WorkOrderReleased WO-A; WorkOrderReleased WO-B; WorkOrderReleased WO-C; WorkOrderReleased WO-D and 2 more',
  );
});
