/** A database of its own on `serverUrl` for one part of the bench, dropped afterwards whatever happens. */
export async function withScratchDatabase<T>(serverUrl: string, purpose: string, use: (url: string) => Promise<T>): Promise<T> {
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `mom_hub_bench_${purpose}_${process.pid}`;
  await admin.query(`create database ${name}`);
  try {
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return await use(u.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
