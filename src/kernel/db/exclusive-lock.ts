import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from 'pino';

/**
 * Runs `work` only if no other holder of `name` is running it — in this process or, on PostgreSQL, in
 * any hub process (a session advisory lock on a connection of its own). Returns null when it was busy.
 *
 * If the lock's connection is lost while the work runs (the server restarted, the connection was
 * killed), the lock is gone with it: the work goes on, logged, and another process may start the same
 * work meanwhile — reactors and jobs react to the state they find, so a repeat costs a run, not a wrong
 * result. Without a listener for that error the whole process would stop.
 */
export class ExclusiveLocks {
  private readonly local = new Set<string>();

  constructor(
    private readonly databaseUrl?: string,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  async run<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    if (this.local.has(name)) return null;
    this.local.add(name);
    try {
      if (!this.databaseUrl) return await work();
      const client = new Client({ connectionString: this.databaseUrl });
      let lost = false;
      client.on('error', (err) => {
        // The server's FATAL and the socket's end each come as an error: one loss, said once.
        if (!lost) this.log?.warn({ err, lock: name }, 'the connection holding a lock was lost; the work goes on without it');
        lost = true;
      });
      await client.connect();
      try {
        const key = createHash('sha256').update(`mom-hub:${name}`).digest().readBigInt64BE(0).toString();
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [key]);
        if (!rows[0].ok) return null;
        try {
          return await work();
        } finally {
          // Lost with its connection, the lock is released already.
          await client.query('select pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
        }
      } finally {
        await client.end().catch(() => undefined);
      }
    } finally {
      this.local.delete(name);
    }
  }
}
