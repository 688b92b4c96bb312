/** Sales order events: what the sales module writes to the log. Adapters and subscriptions select by these names. */
export const SalesEvent = {
  SalesOrderCreated: 'SalesOrderCreated',
  SalesOrderStateChanged: 'SalesOrderStateChanged',
} as const;
