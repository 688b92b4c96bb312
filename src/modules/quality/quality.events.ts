/** Quality events: what the quality module writes to the log. Adapters and subscriptions select by these names. */
export const QualityEvent = {} as const;
