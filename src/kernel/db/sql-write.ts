/** A statement with its `?` parameters, to be sent as part of another (a CTE of the commit statement). */
export interface SqlWrite {
  sql: string;
  values: unknown[];
}
