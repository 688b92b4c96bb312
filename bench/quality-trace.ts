import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { Pool } from 'pg';
import { forkEm } from '../src/kernel/db/orm';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';
import type { Hub } from '../src/app/server';
import { traceLot } from '../src/modules/quality/genealogy/genealogy.service';
import { TraceDirection } from '../src/modules/quality/genealogy/genealogy.types';
import { LotTraceDocument } from '../test/generated/graphql';
import { startBenchHub } from './scenarios';

/**
 * Issue 11's goal: a backward or forward lot trace over a ledger of 100,000 moves answers in under
 * 200 ms on PostgreSQL. The ledger is written in bulk SQL: RAW_LOTS supplier lots received; SEMI work
 * orders each issued three raw lots and completing a semi-finished lot; FINISHED work orders each issued
 * two semi lots and a raw lot and completing a finished lot, which ships to a customer; transfers fill
 * the ledger up to 100,000 moves. A raw lot thus reaches about six semi lots, two dozen finished lots
 * and their shipments. Traces of lots picked across the ledger are timed in-process (the service:
 * one recursive statement) and over HTTP (GraphQL), medians and p95 of TRACES each. Measured, never asserted.
 */
const RAW_LOTS = 2000;
const SEMI = 4000;
const FINISHED = 8000;
const LEDGER = Number(process.env.BENCH_TRACE_MOVES ?? 100_000);
const TRACES = Number(process.env.BENCH_TRACES ?? 100);
const GOAL_MS = 200;

const SEED_SQL = (moves: number) => `
do $$
declare
  raw uuid := gen_random_uuid(); semi uuid := gen_random_uuid(); fin uuid := gen_random_uuid();
  sup uuid; prod uuid; cust uuid; store uuid; fg uuid := gen_random_uuid(); customer uuid := gen_random_uuid();
  so uuid := gen_random_uuid(); sol uuid := gen_random_uuid();
  filler int;
begin
  select id into sup from location where code = 'VIRT-SUPPLIER';
  select id into prod from location where code = 'VIRT-PRODUCTION';
  select id into cust from location where code = 'VIRT-CUSTOMER';
  store := gen_random_uuid();
  insert into location (id, created_at, updated_at, code, name, type, virtual) values
    (store, now(), now(), 'TRACE-STORE', 'Trace store', 'STORAGE', false), (fg, now(), now(), 'TRACE-FG', 'Trace FG', 'FINISHED_GOODS', false);
  insert into item (id, created_at, updated_at, sku, name, type, unit, tracking, standard_cost, lead_time_days) values
    (raw, now(), now(), 'TRACE-RAW', 'Raw', 'RAW', 'kg', 'LOT', 1, 0),
    (semi, now(), now(), 'TRACE-SEMI', 'Semi', 'SEMI', 'pcs', 'LOT', 2, 0),
    (fin, now(), now(), 'TRACE-FIN', 'Finished', 'FINISHED', 'pcs', 'LOT', 5, 0);
  insert into partner (id, created_at, updated_at, code, name, kind) values (customer, now(), now(), 'TRACE-C', 'Trace customer', 'CUSTOMER');
  insert into sales_order (id, created_at, updated_at, code, customer_id, state) values (so, now(), now(), 'TRACE-SO', customer, 'OPEN');
  insert into sales_order_line (id, created_at, updated_at, sales_order_id, line_no, item_id, qty, due_date, qty_shipped)
    values (sol, now(), now(), so, 1, fin, ${FINISHED}, current_date, 0);

  insert into lot (id, created_at, updated_at, item_id, code, status)
    select gen_random_uuid(), now(), now(), raw, 'R-' || n, 'AVAILABLE' from generate_series(1, ${RAW_LOTS}) n
    union all select gen_random_uuid(), now(), now(), semi, 'S-' || n, 'AVAILABLE' from generate_series(1, ${SEMI}) n
    union all select gen_random_uuid(), now(), now(), fin, 'F-' || n, 'AVAILABLE' from generate_series(1, ${FINISHED}) n;
  insert into work_order (id, created_at, updated_at, code, item_id, qty, due_date, state, qty_completed, qty_scrapped, completed_at)
    select gen_random_uuid(), now(), now(), 'TWS-' || n, semi, 1, current_date, 'COMPLETED', 1, 0, now() from generate_series(1, ${SEMI}) n
    union all select gen_random_uuid(), now(), now(), 'TWF-' || n, fin, 1, current_date, 'COMPLETED', 1, 0, now() from generate_series(1, ${FINISHED}) n;

  -- Receipts of the raw lots.
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason, reference)
    select gen_random_uuid(), now(), now(), raw, l.id, sup, store, 10, 'RECEIPT', 'GRN-' || l.code from lot l where l.item_id = raw;
  -- Semi work orders: three raw lots in, one semi lot out.
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason, work_order_id)
    select gen_random_uuid(), now(), now(), raw, l.id, store, prod, 0.5, 'ISSUE', w.id
    from generate_series(1, ${SEMI}) n cross join generate_series(0, 2) k
    join work_order w on w.code = 'TWS-' || n join lot l on l.item_id = raw and l.code = 'R-' || (((n * 7 + k * 13) % ${RAW_LOTS}) + 1);
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason, work_order_id)
    select gen_random_uuid(), now(), now(), semi, l.id, prod, fg, 1, 'COMPLETION', w.id
    from generate_series(1, ${SEMI}) n join work_order w on w.code = 'TWS-' || n join lot l on l.item_id = semi and l.code = 'S-' || n;
  -- Finished work orders: two semi lots and a raw lot in, one finished lot out.
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason, work_order_id)
    select gen_random_uuid(), now(), now(), semi, l.id, fg, prod, 0.5, 'ISSUE', w.id
    from generate_series(1, ${FINISHED}) n cross join generate_series(0, 1) k
    join work_order w on w.code = 'TWF-' || n join lot l on l.item_id = semi and l.code = 'S-' || (((n * 3 + k * 11) % ${SEMI}) + 1);
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason, work_order_id)
    select gen_random_uuid(), now(), now(), raw, l.id, store, prod, 0.25, 'ISSUE', w.id
    from generate_series(1, ${FINISHED}) n join work_order w on w.code = 'TWF-' || n
    join lot l on l.item_id = raw and l.code = 'R-' || (((n * 5) % ${RAW_LOTS}) + 1);
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason, work_order_id)
    select gen_random_uuid(), now(), now(), fin, l.id, prod, fg, 1, 'COMPLETION', w.id
    from generate_series(1, ${FINISHED}) n join work_order w on w.code = 'TWF-' || n join lot l on l.item_id = fin and l.code = 'F-' || n;
  -- Every finished lot ships, one delivery note each.
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason, reference)
    select gen_random_uuid(), now(), now(), fin, l.id, fg, cust, 1, 'SHIPMENT', 'TDN-' || l.code from lot l where l.item_id = fin;
  insert into shipment (id, created_at, updated_at, code, sales_order_id, customer_id, state, shipped_at)
    select gen_random_uuid(), now(), now(), m.reference, so, customer, 'SHIPPED', now() from stock_move m where m.reason = 'SHIPMENT' and m.item_id = fin;
  insert into shipment_line (id, created_at, updated_at, shipment_id, line_no, sales_order_line_id, item_id, lot_id, from_location_id, qty, stock_move_id)
    select gen_random_uuid(), now(), now(), s.id, 1, sol, fin, m.lot_id, fg, 1, m.id
    from stock_move m join shipment s on s.code = m.reference where m.reason = 'SHIPMENT' and m.item_id = fin;
  -- Transfers of raw lots fill the ledger to its size.
  select ${moves} - count(*) into filler from stock_move;
  insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason)
    select gen_random_uuid(), now(), now(), raw, l.id, store, fg, 0.01, 'TRANSFER'
    from generate_series(1, greatest(filler, 0)) n join lot l on l.item_id = raw and l.code = 'R-' || ((n % ${RAW_LOTS}) + 1);
end $$`;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    ms.push(performance.now() - start);
  }
  return { median: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function lotIds(hub: Hub, prefix: string): Promise<string[]> {
  const rows = await forkEm(hub.orm).execute<{ id: string }[]>(`select id from lot where code like ? order by code`, [`${prefix}-%`]);
  // Spread across the ledger, not the first few.
  const step = Math.max(1, Math.floor(rows.length / TRACES));
  return Array.from({ length: TRACES }, (_, i) => rows[(i * step) % rows.length].id);
}

async function measure(database: string, databaseUrl: string | undefined): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-trace-'));
  const { hub, config } = await startBenchHub(databaseUrl, dataDir);
  try {
    const started = performance.now();
    await forkEm(hub.orm).execute(SEED_SQL(LEDGER));
    await forkEm(hub.orm).execute('analyze');
    const [count] = await forkEm(hub.orm).execute<{ n: string }[]>('select count(*)::text as n from stock_move');
    console.log(
      `  ${database}: a ledger of ${Number(count.n).toLocaleString('en')} moves written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const ctx = () => ({ em: forkEm(hub.orm), actor: SYSTEM_ACTOR, runtime: hub.runtime });
    const finished = await lotIds(hub, 'F');
    const raw = await lotIds(hub, 'R');
    const token = signToken(config.jwt, { subject: 'bench', role: Role.quality });
    const query = print(LotTraceDocument);
    const http = (lotId: string, direction: TraceDirection) =>
      fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { lotId, direction } }),
      })
        .then((r) => r.json() as Promise<{ errors?: unknown[]; data?: { lotTrace: { lots: unknown[]; shipments: unknown[] } } }>)
        .then((r) => {
          if (r.errors) throw new Error(JSON.stringify(r.errors));
          return r.data!.lotTrace;
        });
    // Warm-up, and a look at what one forward trace of a raw lot reaches.
    const sample = await traceLot(ctx(), raw[0], TraceDirection.FORWARD);
    await traceLot(ctx(), finished[0], TraceDirection.BACKWARD);
    const rows = [
      ['backward, service', await timed(TRACES, (i) => traceLot(ctx(), finished[i], TraceDirection.BACKWARD))],
      ['forward, service', await timed(TRACES, (i) => traceLot(ctx(), raw[i], TraceDirection.FORWARD))],
      ['backward, GraphQL/HTTP', await timed(TRACES, (i) => http(finished[i], TraceDirection.BACKWARD))],
      ['forward, GraphQL/HTTP', await timed(TRACES, (i) => http(raw[i], TraceDirection.FORWARD))],
    ] as const;
    console.log(
      `  a forward trace of a raw lot reaches ${sample.lots.length} lots, ${sample.workOrders.length} work orders, ${sample.shipments.length} shipments`,
    );
    for (const [label, r] of rows) {
      console.log(
        `  | ${label.padEnd(24)} | median ${r.median.toFixed(1).padStart(6)} ms | p95 ${r.p95.toFixed(1).padStart(6)} ms | ${r.p95 < GOAL_MS ? '✓' : '✗'} < ${GOAL_MS} ms |`,
      );
    }
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** On PostgreSQL (a scratch database on BENCH_DATABASE_URL or DATABASE_URL) and on PGlite (BENCH_TRACE_PGLITE=false skips it). */
export async function benchQualityTrace(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  console.log(`Lot genealogy (issue 11): traces of ${TRACES} lots each way over a ledger of ${LEDGER.toLocaleString('en')} moves`);
  if (serverUrl) {
    const admin = new Pool({ connectionString: serverUrl, max: 1 });
    const db = `mom_hub_bench_trace_${process.pid}_${Date.now()}`;
    await admin.query(`create database ${db}`);
    try {
      const u = new URL(serverUrl);
      u.pathname = `/${db}`;
      const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
      await measure(`PostgreSQL ${version.split(' ')[0]}`, u.toString());
    } finally {
      await admin.query(`drop database if exists ${db} with (force)`);
      await admin.end();
    }
  } else {
    console.log('  (PostgreSQL skipped: set BENCH_DATABASE_URL or DATABASE_URL)');
  }
  if (process.env.BENCH_TRACE_PGLITE !== 'false') await measure('PGlite', undefined);
}

if (require.main === module) {
  benchQualityTrace().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
