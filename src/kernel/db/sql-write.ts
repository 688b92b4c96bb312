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

/** A condition (SQL returning a boolean, with its `?` parameters) the commit statement must find true, or fail. */
export interface SqlCheck {
  sql: string;
  values: unknown[];
}

/**
 * The condition the commit statement raises on (`recalled_rows_hold`, migration RecalledRows): every check
 * holds. A check that does not fails the statement, which then writes nothing.
 */
export function checksHold(checks: readonly SqlCheck[]): { sql: string; values: unknown[] } {
  return {
    sql: `recalled_rows_hold(${checks.map((c) => `(${c.sql})`).join(' and ')})`,
    values: checks.flatMap((c) => c.values),
  };
}
