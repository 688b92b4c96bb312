import { Worker } from 'node:worker_threads';
import { join } from 'node:path';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** Send this many requests and stop, instead of running for `seconds` */
  amount?: number;
}

export interface LoadResult {
  /** Successful (2xx) responses per second */
  perSecond: number;
  /** Latency percentiles in milliseconds */
  p50: number;
  p95: number;
  ok: number;
  /** Non-2xx responses, socket errors and timeouts */
  failed: number;
}

/** Runs one load (bench/load-worker.ts) in a worker thread and waits for its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: spec });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
