import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { runLoad, median, type LoadSpec } from './load';
import { startBenchHub } from './scenarios';

/**
 * P1 alone (`npm run bench:p1`): `{ __typename }` with a planner's token on a hub on PGlite (P1 touches no
 * database), against a bare node:http server answering the same bytes, BENCH_RUNS (5) runs of BENCH_SECONDS (3)
 * per side alternating, each line with the load average. BENCH_P1_HUB_ONLY=<seconds> only loads the hub, for
 * `node --cpu-prof` to profile it.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HUB_ONLY = Number(process.env.BENCH_P1_HUB_ONLY ?? 0);
const ANSWER = '{"data":{"__typename":"Query"}}\n';
const json = { 'content-type': 'application/json; charset=utf-8' };
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-p1-'));
  const { hub, config } = await startBenchHub(undefined, dataDir);
  const bare = createServer({ keepAliveTimeout: 60_000 }, (req, res) =>
    req
      .on('data', () => undefined)
      .on('end', () => {
        res.writeHead(200, { ...json, 'content-length': Buffer.byteLength(ANSWER) });
        res.end(ANSWER);
      }),
  );
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  try {
    const token = signToken(config.jwt, { subject: 'bench', role: Role.planner });
    const body = JSON.stringify({ query: '{ __typename }' });
    const hubSpec: Omit<LoadSpec, 'seconds'> = {
      url: hub.url,
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body,
      connections: 50,
    };
    const bareSpec = { ...hubSpec, url: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/graphql`, headers: json };
    const check = await fetch(hub.url, { method: 'POST', headers: hubSpec.headers, body });
    const text = await check.text();
    if (text !== ANSWER) throw new Error(`the hub answered ${check.status}: ${text}`);
    if (HUB_ONLY) {
      const r = await runLoad({ ...hubSpec, seconds: HUB_ONLY });
      console.log(`hub ${r.perSecond.toFixed(0)}/s, ${r.failed} failed (load ${load()})`);
      return;
    }
    await runLoad({ ...bareSpec, seconds: 1 });
    await runLoad({ ...hubSpec, seconds: 1 });
    const ratios: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const b = await runLoad({ ...bareSpec, seconds: SECONDS });
      const h = await runLoad({ ...hubSpec, seconds: SECONDS });
      if (b.failed || h.failed) throw new Error(`failed requests: bare ${b.failed}, hub ${h.failed}`);
      ratios.push(h.perSecond / b.perSecond);
      console.log(
        `bare ${b.perSecond.toFixed(0)}/s  hub ${h.perSecond.toFixed(0)}/s (p50 ${h.p50} ms)  ${(h.perSecond / b.perSecond).toFixed(2)}×  load ${load()}`,
      );
    }
    console.log(`median ratio ${median(ratios).toFixed(2)}×`);
  } finally {
    await new Promise((r) => bare.close(r));
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
