/** Scheduling's events: what this module writes to the log. Adapters and subscriptions select by these names. */
export const SchedulingEvent = {
  PlanCreated: 'PlanCreated',
  PlanPublished: 'PlanPublished',
  WorkCenterStateChanged: 'WorkCenterStateChanged',
} as const;

/**
 * What makes the scheduler re-plan: breakdowns and repairs (ours and the equipment module's
 * `DowntimeStarted` / `DowntimeEnded`), maintenance windows planned (`MaintenanceOrderChanged`), supplier commitments that move, scrap, new, released or
 * cancelled work, and changed orders. Names no module writes yet are harmless: they simply never come.
 */
export const REPLAN_TRIGGERS: readonly string[] = [
  SchedulingEvent.WorkCenterStateChanged,
  'DowntimeStarted',
  'DowntimeEnded',
  'MaintenanceOrderChanged',
  'CommitmentConfirmed',
  'CommitmentShipped',
  'CommitmentReceived',
  'OperationScrapped',
  'OperationStarted',
  'OperationDone',
  'WorkOrderCreated',
  'WorkOrderReleased',
  'WorkOrderCancelled',
  'WorkOrderCompleted',
  'SalesOrderLineChanged',
  'WorkOrderChanged',
];
