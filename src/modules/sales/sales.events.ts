/** Sales order events: what the sales module writes to the log. Adapters and subscriptions select by these names. */
export const SalesEvent = {
  SalesOrderCreated: 'SalesOrderCreated',
  SalesOrderStateChanged: 'SalesOrderStateChanged',
  /** A line's quantity or due date changed (an order imported again with new values). */
  SalesOrderLineChanged: 'SalesOrderLineChanged',
  /** A line that finished short was closed at what was made: the rest is no longer due (with the planner's reason). */
  SalesOrderLineShortClosed: 'SalesOrderLineShortClosed',
} as const;
