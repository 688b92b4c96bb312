/** A statement with its `?` parameters, to be sent as part of another (a CTE of the commit statement). */
export interface SqlWrite {
  sql: string;
  values: unknown[];
  /**
   * The write may wait for row locks other transactions hold (an upsert of balances), and has a
   * `returning`: the events' log position is taken only once it is done, so a transaction that waited
   * for another's rows comes after it in the log (docs/event-log-order.md).
   */
  locks?: boolean;
}

/** The name the commit statement gives the `i`-th deferred write's CTE, so later parts can read what it returns. */
export const deferredWriteName = (i: number) => `w${i}`;
