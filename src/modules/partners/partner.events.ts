/** Partner events: what the partners module writes to the log. Adapters and subscriptions select by these names. */
export const PartnerEvent = {
  PartnerCreated: 'PartnerCreated',
} as const;
