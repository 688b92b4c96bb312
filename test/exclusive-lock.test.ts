import { Client } from 'pg';
import { ExclusiveLocks } from '../src/kernel/db/exclusive-lock';
import { createHash } from 'node:crypto';

/**
 * On PostgreSQL a lock is a session advisory lock on a connection of its own. When that connection is
 * lost while the work runs, the work finishes, the loss is logged, and the process goes on: a pg Client
 * without an error listener would throw the error out of the event loop and stop the hub.
 */
const url = process.env.DATABASE_URL;

(url ? test : test.skip)('the work goes on, logged, when the connection holding its lock is killed', async () => {
  const warnings: unknown[] = [];
  const locks = new ExclusiveLocks(url, { warn: (o: unknown) => void warnings.push(o) });
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    const result = await locks.run('killed-lock-test', async () => {
      // A bigint advisory lock shows as its high and low 32 bits (other test files' hubs hold locks too).
      const key = createHash('sha256').update('mom-hub:killed-lock-test').digest();
      const { rows } = await admin.query<{ pid: number }>(
        `select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1 and classid::bigint = $1 and objid::bigint = $2`,
        [key.readUInt32BE(0), key.readUInt32BE(4)],
      );
      expect(rows).toHaveLength(1);
      await admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
      // The loss reaches the client a moment later.
      const deadline = Date.now() + 30_000;
      while (warnings.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return 'finished';
    });
    expect(result).toBe('finished');
    expect(warnings).toEqual([expect.objectContaining({ lock: 'killed-lock-test' })]);
    // The name is free again, here and on the server.
    expect(await locks.run('killed-lock-test', async () => 'again')).toBe('again');
  } finally {
    await admin.end();
  }
});

test('without PostgreSQL a lock holds within the process', async () => {
  const locks = new ExclusiveLocks();
  let release!: () => void;
  const first = locks.run('local', () => new Promise<string>((r) => (release = () => r('first'))));
  expect(await locks.run('local', async () => 'second')).toBeNull();
  release();
  expect(await first).toBe('first');
});
