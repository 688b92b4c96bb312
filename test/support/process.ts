import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const DIST_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'app', 'main.js');
export const DIST_TOKEN = join(__dirname, '..', '..', 'dist', 'src', 'app', 'cli', 'token.js');

/** Runs a compiled entry point of the hub (what `npm start` runs) as its own process. */
export function runNode(script: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits for a line matching `pattern` on stdout or stderr; rejects if the process exits first. */
export function waitForOutput(proc: ChildProcess, pattern: RegExp, timeoutMs = 60000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}: ${out}`));
    });
  });
}

/** Runs to completion and returns its exit code and output. */
export function runToEnd(script: string, args: string[], env: Record<string, string | undefined>) {
  const proc = runNode(script, args, env);
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => (stdout += d));
  proc.stderr!.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    proc.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

export function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.on('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}
