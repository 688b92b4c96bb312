/** Sales order events: what the sales module writes to the log. Adapters and subscriptions select by these names. */
export const SalesEvent = {
  SalesOrderCreated: 'SalesOrderCreated',
  SalesOrderStateChanged: 'SalesOrderStateChanged',
  /** A line's quantity or due date changed (an order imported again with new values). */
  SalesOrderLineChanged: 'SalesOrderLineChanged',
} as const;
