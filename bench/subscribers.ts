import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { WebSocket } from 'ws';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { CreateItemDocument, CreateLocationDocument, ReceiveStockDocument } from '../test/generated/graphql';
import { runNode, stop, waitForOutput } from '../test/support/process';
import { withScratchDatabase } from './scratch-database';

/**
 * P4 of issue 8: one `stockChanged` event to many subscribers of one hub process.
 *
 * The hub runs as `npm start` would (dist/src/app/main.js, its own process, so its memory is its own); the
 * subscribers are raw `ws` sockets speaking graphql-transport-ws in this process, opened at
 * BENCH_P4_RATE (4,000) per second up to BENCH_P4_SUBSCRIBERS (10,000) — the same clients against a bare
 * `ws` server (bench/ws-baseline.ts) that broadcasts one serialised message, the baseline.
 *
 *   lost      subscribers that never got the first event (refused, timed out during connection_init,
 *             or dropped): the goal is none at any connect rate.
 *   memory    the server's resident memory with every socket idle, minus before the first socket,
 *             per socket (goal ≤ 20 KiB; a bare `ws` server holds about 4).
 *   latency   BENCH_P4_EVENTS (20) receipts one after another; per event, the last subscriber's arrival
 *             minus the event's occurredAt (taken inside the writing transaction, a little before its
 *             commit, so the figure errs on the long side). p50 and p99 (goal p99 < 250 ms).
 */
/** The compiled hub beside this compiled file (dist/bench → dist/src). */
const HUB_MAIN = join(__dirname, '..', 'src', 'app', 'main.js');
const SUBSCRIBERS = Number(process.env.BENCH_P4_SUBSCRIBERS ?? 10_000);
const RATE = Number(process.env.BENCH_P4_RATE ?? 4000);
const EVENTS = Number(process.env.BENCH_P4_EVENTS ?? 20);
const SECRET = 'bench-p4-secret-bench-p4-secret-bench-p4-0000';
const jwt = { secret: SECRET, issuer: 'mom-hub', audience: 'mom-hub' };

export interface SubscriberResult {
  side: string;
  subscribers: number;
  lost: number;
  /** Of the lost, those whose socket was refused or closed before connection_ack. */
  refused: number;
  /** The refusals by reason, e.g. `ECONNRESET: 3, closed 4408: 2`. */
  refusedBecause: string;
  kibPerSocket: number;
  p50: number;
  p99: number;
  connectSeconds: number;
}

/** Arrival times of each event (by its seq) across the fleet, and its occurredAt. */
interface Seen {
  count: number;
  last: number;
  occurredAt: number;
}

/** The subscribers: sockets opened at a rate, each acknowledged and subscribed once. */
class Fleet {
  readonly sockets: WebSocket[] = [];
  acked = 0;
  failed = 0;
  /** Why sockets failed before their ack: an error code or a close code, with how many. */
  readonly reasons = new Map<string, number>();
  readonly seen = new Map<string, Seen>();

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly query: string,
  ) {}

  async open(n: number, perSecond: number): Promise<number> {
    const started = Date.now();
    const tickMs = 20;
    const perTick = Math.max(1, Math.round((perSecond * tickMs) / 1000));
    let opened = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        for (let i = 0; i < perTick && opened < n; i++, opened++) this.openOne();
        if (opened >= n) {
          clearInterval(timer);
          resolve();
        }
      }, tickMs);
    });
    await until(() => this.acked + this.failed >= n, 180_000);
    return (Date.now() - started) / 1000;
  }

  private openOne() {
    const socket = new WebSocket(this.url, 'graphql-transport-ws');
    let acked = false;
    let failed = false;
    const fail = (reason: string) => {
      if (acked || failed) return;
      failed = true;
      this.failed += 1;
      this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${this.token}` } })));
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (!acked && text.includes('"connection_ack"')) {
        acked = true;
        this.acked += 1;
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: this.query } }));
        return;
      }
      // Only the seq and the time are read, so the clients' cost is the same against hub and baseline.
      const seq = /"seq":"(\d+)"/.exec(text)?.[1];
      if (!seq) return;
      const now = Date.now();
      const s = this.seen.get(seq);
      if (s) {
        s.count += 1;
        s.last = now;
      } else {
        const at = /"occurredAt":"([^"]+)"/.exec(text)?.[1];
        this.seen.set(seq, { count: 1, last: now, occurredAt: at ? Date.parse(at) : now });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
    socket.on('close', (code: number) => fail(`closed ${code}`));
    this.sockets.push(socket);
  }

  close() {
    for (const s of this.sockets) s.terminate();
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

interface Server {
  wsUrl: string;
  /** Causes one event; resolves when it is committed. */
  trigger(): Promise<void>;
  rss(): Promise<number>;
}

/** Opens the fleet, lets it idle, sends the probe and the timed events, and reads the result. */
async function measure(side: string, server: Server, token: string, query: string): Promise<SubscriberResult> {
  const before = await server.rss();
  const fleet = new Fleet(server.wsUrl, token, query);
  try {
    const connectSeconds = await fleet.open(SUBSCRIBERS, RATE);
    // Subscriptions start asynchronously after `subscribe`; a probe event counts who is live.
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await server.rss();
    const events: number[] = [];
    let live = 0;
    for (let i = 0; i <= EVENTS; i++) {
      const known = new Set(fleet.seen.keys());
      await server.trigger();
      const target = i === 0 ? fleet.acked : live;
      await until(() => [...fleet.seen].some(([seq, s]) => !known.has(seq) && s.count >= target), i === 0 ? 30_000 : 10_000);
      // Everything that arrived for this trigger: the probe counts who is live, the rest are timed.
      await new Promise((r) => setTimeout(r, i === 0 ? 500 : 50));
      const fresh = [...fleet.seen].filter(([seq]) => !known.has(seq)).map(([, s]) => s);
      if (i === 0) live = Math.max(0, ...fresh.map((s) => s.count));
      else for (const s of fresh) events.push(s.last - s.occurredAt);
    }
    return {
      side,
      subscribers: SUBSCRIBERS,
      lost: SUBSCRIBERS - live,
      refused: fleet.failed,
      refusedBecause: [...fleet.reasons].map(([why, n]) => `${why}: ${n}`).join(', '),
      kibPerSocket: (idle - before) / 1024 / SUBSCRIBERS,
      p50: percentile(events, 50),
      p99: percentile(events, 99),
      connectSeconds,
    };
  } finally {
    fleet.close();
  }
}

async function baseline(): Promise<SubscriberResult> {
  const proc = runNode(join(__dirname, 'ws-baseline.js'), [], {});
  try {
    const [, url] = await waitForOutput(proc, /ws baseline at (http:\/\/\S+)/);
    return await measure(
      'bare ws',
      {
        wsUrl: `${url.replace('http', 'ws')}/graphql`,
        trigger: () => fetch(`${url}/broadcast`, { method: 'POST' }).then((r) => r.text().then(() => undefined)),
        rss: async () => ((await (await fetch(`${url}/memory`)).json()) as { rss: number }).rss,
      },
      'baseline',
      'subscription { stockChanged { seq occurredAt } }',
    );
  } finally {
    await stop(proc);
  }
}

async function hub(databaseUrl?: string): Promise<SubscriberResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-p4-'));
  let proc: ChildProcess | undefined;
  try {
    proc = runNode(HUB_MAIN, [], {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      JWT_SECRET: SECRET,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
    });
    const [, url] = await waitForOutput(proc, /running at (http:\/\/\S+\/graphql)/, 180_000);
    const admin = signToken(jwt, { subject: 'bench-p4', role: Role.admin });
    const call = async <T>(doc: Parameters<typeof print>[0], variables: unknown): Promise<T> => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: print(doc), variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown };
      if (body.errors || !body.data) throw new Error(`P4 set-up failed: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    const item = (
      await call<{ createItem: { item: { id: string } } }>(CreateItemDocument, {
        input: { sku: 'P4', name: 'P4', type: 'RAW', standardCost: '1' },
      })
    ).createItem.item;
    const loc = (
      await call<{ createLocation: { location: { id: string } } }>(CreateLocationDocument, {
        input: { code: 'P4', name: 'P4', type: 'STORAGE' },
      })
    ).createLocation.location;
    const metricsUrl = url.replace(/\/graphql$/, '/metrics');
    return await measure(
      databaseUrl ? 'hub, PostgreSQL' : 'hub, PGlite',
      {
        wsUrl: url.replace('http', 'ws'),
        trigger: () => call(ReceiveStockDocument, { input: { itemId: item.id, locationId: loc.id, qty: '1' } }).then(() => undefined),
        rss: async () => {
          const m = /^process_resident_memory_bytes (\d+)/m.exec(await (await fetch(metricsUrl)).text());
          if (!m) throw new Error('/metrics has no process_resident_memory_bytes');
          return Number(m[1]);
        },
      },
      signToken(jwt, { subject: 'bench-p4-screen', role: Role.planner }),
      `subscription { stockChanged(itemId: "${item.id}") { seq occurredAt } }`,
    );
  } finally {
    if (proc) await stop(proc);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** P4 beside its baseline: the bare `ws` server, then the hub (on PostgreSQL when a server is given). */
export async function benchSubscribers(): Promise<SubscriberResult[]> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const results = [await baseline()];
  results.push(serverUrl ? await withScratchDatabase(serverUrl, 'p4', (u) => hub(u)) : await hub());
  console.log(
    `\nP4, stockChanged to ${SUBSCRIBERS} subscribers opened at ${RATE}/s, ${EVENTS} events (goal: none lost, p99 < 250 ms, ≤ 20 KiB per idle socket):`,
  );
  for (const r of results) {
    const ok = (cond: boolean) => (r.side === 'bare ws' ? '' : cond ? ' ✓' : ' ✗');
    console.log(
      `  ${r.side.padEnd(16)} lost ${String(r.lost).padStart(5)}${ok(r.lost === 0)}   ` +
        `commit → last receiver p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms${ok(r.p99 < 250)}   ` +
        `(${r.refused} before ack${r.refusedBecause ? `: ${r.refusedBecause}` : ''})   ${r.kibPerSocket.toFixed(1)} KiB per idle socket${ok(r.kibPerSocket <= 20)}   connected in ${r.connectSeconds.toFixed(1)} s`,
    );
  }
  return results;
}

if (require.main === module) {
  benchSubscribers().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
