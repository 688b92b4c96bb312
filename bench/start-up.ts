import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../src/kernel/common/paths';
import { withScratchDatabase } from './scratch-database';

/**
 * How long a user waits, measured through npm as a user runs it (`npm run bench:start`, and the end of
 * `npm run bench`):
 *   - `npm start` → /healthz answering, on an empty DATA_DIR (migrations run; the demo factory loads after)
 *   - the same on a restart (same DATA_DIR)
 *   - `npm start` → exit after SIGTERM
 *   - `npm run token`
 *   - P7 of issue 8: the resident memory of an idle hub (demo factory loaded, then BENCH_IDLE_SECONDS (5) of
 *     nothing), from its own /metrics, on PGlite and — with BENCH_DATABASE_URL or DATABASE_URL — PostgreSQL
 * dist is brought up to date first, so the numbers are for a hub with nothing to compile. Measured, never
 * asserted: they depend on the machine and what else runs on it.
 */
const ROOT = projectPath();
const npmEnv = (env: Record<string, string>) => ({
  ...process.env,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  LOG_LEVEL: 'warn',
  ...env,
});

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

/** Starts `npm start`, waits for /healthz, stops it with SIGTERM; returns both durations in ms. */
async function startAndStop(dataDir: string): Promise<{ healthy: number; stopped: number }> {
  const port = await freePort();
  const begin = performance.now();
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: npmEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = begin + 600_000;
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode} before /healthz answered`);
      if (performance.now() > deadline) throw new Error('/healthz did not answer within 10 minutes');
      await sleep(25);
    }
    const healthy = performance.now() - begin;
    const stopAt = performance.now();
    npm.kill('SIGTERM');
    await exited(npm);
    return { healthy, stopped: performance.now() - stopAt };
  } finally {
    if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
  }
}

/** P7: `npm start` with the demo factory, idle after it has loaded; the hub's resident memory in MiB. */
async function idleMemoryMiB(dataDir: string, databaseUrl?: string): Promise<number> {
  const port = await freePort();
  const env: Record<string, string> = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl ?? '' };
  const npm = spawn('npm', ['start'], { cwd: ROOT, env: npmEnv(env), stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    // main.ts prints its banner once the demo factory has loaded.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('the hub did not print that it runs within 10 minutes')), 600_000);
      npm.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('MOM Hub is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before the hub ran`)));
    });
    await sleep(IDLE_SECONDS * 1000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const m = /^process_resident_memory_bytes (\d+)/m.exec(metrics);
    if (!m) throw new Error('/metrics has no process_resident_memory_bytes');
    return Number(m[1]) / 1024 / 1024;
  } finally {
    npm.kill('SIGTERM');
    await exited(npm);
  }
}

function timeToken(dataDir: string): number {
  const begin = performance.now();
  const res = spawnSync('npm', ['run', '--silent', 'token', '--', '--role', 'planner'], {
    cwd: ROOT,
    env: npmEnv({ DATA_DIR: dataDir }),
    encoding: 'utf8',
  });
  const ms = performance.now() - begin;
  if (res.status !== 0) throw new Error(`npm run token failed: ${res.stderr}`);
  return ms;
}

export async function benchStartUp(): Promise<void> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.cjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stderr}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-start-'));
  try {
    const first = await startAndStop(dataDir);
    const again = await startAndStop(dataDir);
    const tokens = [timeToken(dataDir), timeToken(dataDir), timeToken(dataDir)].sort((a, b) => a - b);
    console.log(`start-up through npm (PGlite; nothing to compile${build.stderr.trim() ? ' after building first' : ''}):`);
    console.log(`  npm start → /healthz, empty DATA_DIR   ${seconds(first.healthy)}   (target 10 s on an idle machine)`);
    console.log(`  npm start → /healthz, restart          ${seconds(again.healthy)}   (target 3 s)`);
    console.log(`  SIGTERM to npm start → exit             ${seconds(again.stopped)}`);
    console.log(`  npm run token                          ${seconds(tokens[1])}   (median of 3; target 2 s)`);
    const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
    const idleDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-idle-'));
    const idle: [string, number][] = [];
    try {
      idle.push(['PGlite', await idleMemoryMiB(idleDir)]);
      if (serverUrl) idle.push(['PostgreSQL', await withScratchDatabase(serverUrl, 'idle', (url) => idleMemoryMiB(idleDir, url))]);
    } finally {
      rmSync(idleDir, { recursive: true, force: true });
    }
    for (const [database, mib] of idle) {
      const mark = database === 'PostgreSQL' ? (mib <= 250 ? ' ✓' : ' ✗') : '';
      console.log(`  P7 idle hub, resident, ${database.padEnd(10)}  ${mib.toFixed(0)} MiB${mark}   (goal on PostgreSQL ≤ 250 MiB)`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchStartUp().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
