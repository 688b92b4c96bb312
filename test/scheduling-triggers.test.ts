import { describeTriggers, plannerTrigger } from '../src/modules/scheduling/trigger';
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
  const said = describeTriggers(events);
  expect(said.text).toBe(
    'OperationScrapped WO-000012; WorkOrderCreated WO-000012; WorkOrderReleased WO-000012; OperationStarted WO-000012 ×2; OperationDone WO-000012',
  );
  // The same, part by part, for a page that says it in another language.
  expect(said.parts.map((p) => p.kind)).toEqual([
    'OperationScrapped',
    'WorkOrderCreated',
    'WorkOrderReleased',
    'OperationStarted',
    'OperationDone',
  ]);
  expect(said.parts[3]).toEqual({
    kind: 'OperationStarted',
    text: 'OperationStarted WO-000012 ×2',
    params: { subject: 'WO-000012', count: '2' },
  });
});

test('a work center going down keeps its new state, and past five kinds the rest is counted', () => {
  const events = [
    ...['A', 'B', 'C', 'D', 'E', 'F'].map((c) => event('WorkOrderReleased', { code: `WO-${c}` })),
    event('WorkCenterStateChanged', { workCenterCode: 'ASM-1', state: 'DOWN' }),
  ];
  const said = describeTriggers(events);
  expect(said.text).toBe(
    'WorkCenterStateChanged ASM-1 → DOWN; WorkOrderReleased WO-A; WorkOrderReleased WO-B; WorkOrderReleased WO-C; WorkOrderReleased WO-D and 2 more',
  );
  expect(said.parts[0]).toEqual({
    kind: 'WorkCenterStateChanged',
    text: 'WorkCenterStateChanged ASM-1 → DOWN',
    params: { subject: 'ASM-1', state: 'DOWN', count: '1' },
  });
  expect(said.parts.at(-1)).toEqual({ kind: 'MORE', text: 'and 2 more', params: { count: '2' } });
});

test("a planner's re-plan is said in their words, or by who made it", () => {
  expect(plannerTrigger('Morning plan', 'ann')).toEqual({
    text: 'Morning plan',
    parts: [{ kind: 'REASON', text: 'Morning plan', params: { reason: 'Morning plan' } }],
  });
  expect(plannerTrigger(undefined, 'ann')).toEqual({
    text: 'Re-planned by ann',
    parts: [{ kind: 'PLANNER', text: 'Re-planned by ann', params: { by: 'ann' } }],
  });
});
