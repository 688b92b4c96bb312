import { createHash } from 'node:crypto';
import { Pool } from 'pg';

/**
 * Runs `work` only if no other holder of `name` is running it — in this process or, on PostgreSQL, in
 * any hub process (a session advisory lock on a connection that the run keeps to itself until it unlocks).
 * Returns null when it was busy.
 *
 * The connections are pooled: opening one per run cost a PostgreSQL backend start each time, and a busy
 * reactor takes its lock hundreds of times a minute. A pooled connection is handed back only after its
 * lock is released, so the next run on it starts with no lock held; if a lock statement fails the connection
 * is destroyed instead, which releases whatever it held. The pool does not cap how many run at once (each name
 * runs once per process, and the names are few): a run never waits for another's connection.
 */
export class ExclusiveLocks {
  private readonly local = new Set<string>();
  private readonly pool?: Pool;

  constructor(databaseUrl?: string) {
    if (!databaseUrl) return;
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: Number.POSITIVE_INFINITY,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
    });
    // An idle connection that the server drops is removed by the pool; without a listener the error would end the process.
    this.pool.on('error', () => undefined);
  }

  async run<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    if (this.local.has(name)) return null;
    this.local.add(name);
    try {
      if (!this.pool) return await work();
      const client = await this.pool.connect();
      // A lock or unlock statement that fails leaves the session's locks unknown: the connection is destroyed.
      let sound = true;
      const query = (sql: string, key: string) =>
        client.query<{ ok: boolean }>(sql, [key]).catch((err: unknown) => {
          sound = false;
          throw err;
        });
      try {
        const key = createHash('sha256').update(`mom-hub:${name}`).digest().readBigInt64BE(0).toString();
        const { rows } = await query('select pg_try_advisory_lock($1::bigint) as ok', key);
        if (!rows[0].ok) return null;
        try {
          return await work();
        } finally {
          await query('select pg_advisory_unlock($1::bigint) as ok', key);
        }
      } finally {
        client.release(!sound);
      }
    } finally {
      this.local.delete(name);
    }
  }

  /** Closes the pooled connections (their locks are all released by then: runs unlock before handing one back). */
  async close(): Promise<void> {
    await this.pool?.end();
  }
}
