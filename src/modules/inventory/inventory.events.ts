/** Stock and location events: what the inventory module writes to the log. Adapters and subscriptions select by these names. */
export const InventoryEvent = {
  StockMoved: 'StockMoved',
  LocationCreated: 'LocationCreated',
} as const;
