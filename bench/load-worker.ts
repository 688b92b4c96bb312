import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load';

/**
 * The load generator, in its own thread so it never shares an event loop with the server it measures:
 * autocannon with `connections` keep-alive connections, one request in flight on each. Latencies are
 * kept per response to compute p95 (autocannon's own summary stops at p90 and p97.5).
 */
const spec = workerData as LoadSpec;
const latencies: number[] = [];
const instance = autocannon(
  {
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
    pipelining: 1,
    timeout: 120,
  },
  (err, result) => {
    if (err) throw err;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN;
    const ok = result['2xx'];
    const out: LoadResult = {
      perSecond: ok / result.duration,
      p50: at(50),
      p95: at(95),
      ok,
      failed: result.non2xx + result.errors + result.timeouts,
    };
    parentPort?.postMessage(out);
  },
);
instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
  latencies.push(ms);
});
