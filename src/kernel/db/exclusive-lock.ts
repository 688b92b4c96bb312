import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * Runs `work` only if no other holder of `name` is running it — in this process or, on PostgreSQL, in
 * any hub process (a session advisory lock on a connection of its own). Returns null when it was busy.
 */
export class ExclusiveLocks {
  private readonly local = new Set<string>();

  constructor(private readonly databaseUrl?: string) {}

  async run<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    if (this.local.has(name)) return null;
    this.local.add(name);
    try {
      if (!this.databaseUrl) return await work();
      const client = new Client({ connectionString: this.databaseUrl });
      await client.connect();
      try {
        const key = createHash('sha256').update(`mom-hub:${name}`).digest().readBigInt64BE(0).toString();
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [key]);
        if (!rows[0].ok) return null;
        try {
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1::bigint)', [key]);
        }
      } finally {
        await client.end();
      }
    } finally {
      this.local.delete(name);
    }
  }
}
