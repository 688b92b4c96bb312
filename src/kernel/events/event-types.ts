/** Every domain event type the hub writes. Subscriptions and adapters select by these names. */
export enum EventType {
  SalesOrderCreated = 'SalesOrderCreated',
  SalesOrderStateChanged = 'SalesOrderStateChanged',
  WorkOrderCreated = 'WorkOrderCreated',
  WorkOrderReleased = 'WorkOrderReleased',
  WorkOrderStarted = 'WorkOrderStarted',
  WorkOrderCompleted = 'WorkOrderCompleted',
  WorkOrderCancelled = 'WorkOrderCancelled',
  WorkOrderClosed = 'WorkOrderClosed',
  OperationStarted = 'OperationStarted',
  OperationPaused = 'OperationPaused',
  OperationResumed = 'OperationResumed',
  OperationProgressed = 'OperationProgressed',
  OperationScrapped = 'OperationScrapped',
  OperationDone = 'OperationDone',
  MaterialIssued = 'MaterialIssued',
  StockMoved = 'StockMoved',
  ItemCreated = 'ItemCreated',
  PartnerCreated = 'PartnerCreated',
  LocationCreated = 'LocationCreated',
  WorkCenterCreated = 'WorkCenterCreated',
  BomCreated = 'BomCreated',
  RoutingCreated = 'RoutingCreated',
  JournalEntryPosted = 'JournalEntryPosted',
  CommitmentRequested = 'CommitmentRequested',
  CommitmentConfirmed = 'CommitmentConfirmed',
  CommitmentShipped = 'CommitmentShipped',
  CommitmentReceived = 'CommitmentReceived',
}

/**
 * What a service records; the payload is the state after the change (never a copy read before it),
 * so subscribers and adapters need not read the database to act on it.
 */
export interface PendingEvent {
  type: EventType;
  aggregateType: string;
  aggregateId: string;
  data: Record<string, unknown>;
}

/** An event as read back from the log. */
export interface LoggedEvent extends PendingEvent {
  seq: string;
  id: string;
  actor: string | null;
  source: string | null;
  occurredAt: Date;
}
