/** Stock and location events: what the inventory module writes to the log. Adapters and subscriptions select by these names. */
export const InventoryEvent = {
  StockMoved: 'StockMoved',
  LocationCreated: 'LocationCreated',
  /** A hold was placed on a lot; the lot is ON_HOLD. */
  LotHeld: 'LotHeld',
  /** A hold was released; `lotStatus` says whether the lot is available again. */
  LotReleased: 'LotReleased',
  /** A receipt, transfer, adjustment, issue or completion was undone by the opposite move. */
  StockMoveReversed: 'StockMoveReversed',
  CycleCountStarted: 'CycleCountStarted',
  /** A count's variances were booked as adjustments. */
  CycleCountPosted: 'CycleCountPosted',
} as const;
