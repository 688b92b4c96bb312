import { Client } from 'pg';
import { ExclusiveLocks } from '../src/kernel/db/exclusive-lock';
import { createTestDatabase, type TestDatabase } from './support/database';

describe('exclusive locks', () => {
  let db: TestDatabase;
  let probe: Client | undefined;
  const made: ExclusiveLocks[] = [];
  /** A hub process's locks (two of them stand for two processes). */
  const locks = () => {
    const l = new ExclusiveLocks(db.databaseUrl);
    made.push(l);
    return l;
  };
  /** The backends holding advisory locks in this test's database (PostgreSQL only). */
  const holders = async () => {
    const { rows } = await probe!.query<{ pid: number }>(
      `select pid from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`,
    );
    return rows.map((r) => r.pid);
  };
  const onPostgres = () => db.databaseUrl !== undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.databaseUrl) {
      probe = new Client({ connectionString: db.databaseUrl });
      await probe.connect();
    }
  });
  afterAll(async () => {
    for (const l of made) await l.close();
    await probe?.end();
    await db?.drop();
  });

  test('a name already running in this process is busy; other names run alongside; a failure is passed on and frees the name', async () => {
    const l = locks();
    let release!: () => void;
    const first = l.run('a', () => new Promise<string>((r) => (release = () => r('first'))));
    await expect(l.run('a', async () => 'second')).resolves.toBeNull();
    await expect(l.run('b', async () => 'other')).resolves.toBe('other');
    release();
    await expect(first).resolves.toBe('first');
    await expect(l.run('a', () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    await expect(l.run('a', async () => 'again')).resolves.toBe('again');
  });

  test('on PostgreSQL a name held by another hub process is busy until it is released, also after a failed run', async () => {
    if (!onPostgres()) return;
    const [one, two] = [locks(), locks()];
    let release!: () => void;
    const held = one.run('shared', () => new Promise<void>((r) => (release = r)));
    // Wait until the lock is taken (the run first gets a connection).
    for (let i = 0; (await holders()).length === 0; i++) {
      if (i > 200) throw new Error('the lock was never taken');
      await new Promise((r) => setImmediate(r));
    }
    await expect(two.run('shared', async () => 'two')).resolves.toBeNull();
    release();
    await held;
    await expect(two.run('shared', async () => 'two')).resolves.toBe('two');
    await expect(two.run('shared', () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    await expect(one.run('shared', async () => 'one')).resolves.toBe('one');
    expect(await holders()).toEqual([]);
  });

  test('on PostgreSQL runs reuse their connections instead of opening one each', async () => {
    if (!onPostgres()) return;
    const l = locks();
    const pids = new Set<number>();
    for (let i = 0; i < 20; i++) {
      await l.run(`job:${i % 3}`, async () => {
        for (const pid of await holders()) pids.add(pid);
      });
    }
    expect(pids.size).toBe(1);
    expect(await holders()).toEqual([]);
  });
});
