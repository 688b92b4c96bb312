/** Work order, operation and material events: what the production module writes to the log. Adapters and subscriptions select by these names. */
export const ProductionEvent = {
  WorkOrderCreated: 'WorkOrderCreated',
  WorkOrderReleased: 'WorkOrderReleased',
  WorkOrderStarted: 'WorkOrderStarted',
  WorkOrderCompleted: 'WorkOrderCompleted',
  WorkOrderCancelled: 'WorkOrderCancelled',
  WorkOrderClosed: 'WorkOrderClosed',
  OperationStarted: 'OperationStarted',
  OperationPaused: 'OperationPaused',
  OperationResumed: 'OperationResumed',
  OperationProgressed: 'OperationProgressed',
  OperationScrapped: 'OperationScrapped',
  OperationDone: 'OperationDone',
  MaterialIssued: 'MaterialIssued',
  /** A rework operation was inserted into a running work order (a quality disposition). */
  OperationInserted: 'OperationInserted',
} as const;
