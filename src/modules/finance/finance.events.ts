/** Finance events: what the finance module writes to the log. Adapters and subscriptions select by these names. */
export const FinanceEvent = {
  JournalEntryPosted: 'JournalEntryPosted',
} as const;
