/** Work order, operation and material events: what the production module writes to the log. Adapters and subscriptions select by these names. */
export const ProductionEvent = {
  WorkOrderCreated: 'WorkOrderCreated',
  WorkOrderReleased: 'WorkOrderReleased',
  WorkOrderStarted: 'WorkOrderStarted',
  WorkOrderCompleted: 'WorkOrderCompleted',
  WorkOrderCancelled: 'WorkOrderCancelled',
  /** Its due date (or, while planned, its quantity) followed a change of its sales order line. */
  WorkOrderChanged: 'WorkOrderChanged',
  WorkOrderClosed: 'WorkOrderClosed',
  OperationStarted: 'OperationStarted',
  OperationPaused: 'OperationPaused',
  OperationResumed: 'OperationResumed',
  OperationProgressed: 'OperationProgressed',
  OperationScrapped: 'OperationScrapped',
  OperationDone: 'OperationDone',
  MaterialIssued: 'MaterialIssued',
  /** An issue undone by the opposite move (a correction, with its reason). */
  MaterialIssueReversed: 'MaterialIssueReversed',
  /** Unused material back from the order to stock. */
  MaterialReturned: 'MaterialReturned',
  /** A scan undone: its quantity no longer counts (a correction, with its reason). */
  ExecutionEventReversed: 'ExecutionEventReversed',
  /** A completed order has quantity to make again after a correction. */
  WorkOrderReopened: 'WorkOrderReopened',
  /** A new work order makes up what a sales order line finished short of (the planner's decision). */
  ShortfallMadeUp: 'ShortfallMadeUp',
  /** A rework operation was inserted into a running work order (a quality disposition). */
  OperationInserted: 'OperationInserted',
} as const;
