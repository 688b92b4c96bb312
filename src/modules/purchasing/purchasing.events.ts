/** Supplier commitment events: what the purchasing module writes to the log. Adapters and subscriptions select by these names. */
export const PurchasingEvent = {
  CommitmentRequested: 'CommitmentRequested',
  CommitmentConfirmed: 'CommitmentConfirmed',
  CommitmentShipped: 'CommitmentShipped',
  CommitmentReceived: 'CommitmentReceived',
  /** Its receipt was reversed (a correction, with a reason): shipped again, not received. */
  CommitmentReceiptReversed: 'CommitmentReceiptReversed',
} as const;
