/** Quality events: what the quality module writes to the log. Adapters and subscriptions select by these names. */
export const QualityEvent = {
  InspectionPlanCreated: 'InspectionPlanCreated',
  /** A completion or receipt created an inspection to do (or a skip-lot rule skipped it). */
  InspectionTaskCreated: 'InspectionTaskCreated',
  /** An inspection's result: PASSED or FAILED, with what failed. */
  InspectionRecorded: 'InspectionRecorded',
  NonconformanceRaised: 'NonconformanceRaised',
  NonconformanceUpdated: 'NonconformanceUpdated',
  /** A disposition was carried out, approved, answered by the supplier, or the nonconformance closed. */
  NonconformanceDispositioned: 'NonconformanceDispositioned',
  /** A control chart rule (Western Electric) fired while the values are still within the limits. */
  SpcRuleViolated: 'SpcRuleViolated',
} as const;

/** What the quality-alert subscription carries. */
export const QUALITY_ALERTS: ReadonlySet<string> = new Set([QualityEvent.NonconformanceRaised, QualityEvent.SpcRuleViolated]);
