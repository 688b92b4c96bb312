import type { Ctx } from '../../kernel/unit-of-work/context';
import type { LoggedEvent } from '../../kernel/events/event-types';
import type { EventReactor } from '../../kernel/module';
import { followPublishedPlan, replan } from './plan.service';
import { hasPublishedPlan, policyOf } from './plan-input';
import { recordDowntime, recordMaintenanceWindow } from './settings.service';
import { REPLAN_TRIGGERS } from './scheduling.events';
import { describeTriggers } from './trigger';

/** Events within this long of each other make one re-plan. */
const DEBOUNCE_MS = 300;
/** An incremental re-plan searches this long for improvements. */
const INCREMENTAL_MS = 200;

const text = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * Re-plans incrementally (from the published plan, a short search) when something disrupts it. Only
 * once planning is in use, that is once a plan has been published; drafts wait for a planner unless
 * the policy says to publish them; a planner may pause them altogether.
 */
export async function react(ctx: Ctx, events: readonly LoggedEvent[]): Promise<void> {
  for (const e of events) {
    if (e.type === 'DowntimeStarted' || e.type === 'DowntimeEnded') {
      const d = e.data;
      await recordDowntime(ctx, {
        workCenterId: text(d.workCenterId) ?? '',
        machineId: text(d.machineId),
        reason: text(d.reason) ?? 'breakdown',
        expectedEnd: text(d.expectedEnd) ? new Date(String(d.expectedEnd)) : null,
        ended: e.type === 'DowntimeEnded',
      });
    }
    if (e.type === 'MaintenanceOrderChanged') {
      const d = e.data;
      await recordMaintenanceWindow(ctx, {
        orderId: text(d.maintenanceOrderId) ?? '',
        code: text(d.code) ?? '',
        workCenterId: text(d.workCenterId) ?? '',
        machineId: text(d.machineId),
        start: text(d.plannedStart) ? new Date(String(d.plannedStart)) : null,
        end: text(d.plannedEnd) ? new Date(String(d.plannedEnd)) : null,
        open: d.state === 'OPEN' || d.state === 'IN_PROGRESS',
      });
    }
  }
  if (!(await hasPublishedPlan(ctx))) return;
  const released = events.filter((e) => e.type === 'WorkOrderReleased').map((e) => e.aggregateId);
  await followPublishedPlan(ctx, released);
  const policy = await policyOf(ctx);
  if (!policy.replanOnEvents) return;
  await replan(ctx, describeTriggers(events), { incremental: true, improveMs: INCREMENTAL_MS, publish: policy.autoPublish });
}

export const replanReactor: EventReactor = { id: 'scheduling-replan', types: REPLAN_TRIGGERS, debounceMs: DEBOUNCE_MS, handle: react };
