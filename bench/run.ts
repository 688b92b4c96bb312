import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { loadConfig } from '../src/app/config';
import { startHub } from '../src/app/server';
import { forkEm } from '../src/kernel/db/orm';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import { SYSTEM_ACTOR } from '../src/kernel/auth/actor';
import { receiveStock } from '../src/modules/inventory/inventory.service';
import { createItem } from '../src/modules/catalog/catalog.service';
import { createLocation } from '../src/modules/inventory/inventory.service';
import { ItemType, ItemTracking } from '../src/modules/catalog/item.entity';
import { LocationType } from '../src/modules/inventory/location.entity';
import { ReceiveStockDocument } from '../test/generated/graphql';
import { benchStartUp } from './start-up';
import { benchScenarios } from './scenarios';
import { benchScheduling } from './scheduling';
import { benchMachineData } from './machine-data';
import { benchQualityTrace } from './quality-trace';

/**
 * `npm run bench`: first the scenario table (bench/scenarios.ts), then how much a stock receipt costs at each layer, against the raw database as the
 * limit. Raw = the same SQL the ledger runs (balance upsert, two conditional updates, the move, the
 * journal entry and the event) issued directly; service = the domain service in-process; api = GraphQL
 * over HTTP. Reported as receipts per second and as ratios to raw, with the process's memory. Then the
 * start-up times of bench/start-up.ts.
 */
const N = Number(process.env.BENCH_N ?? 300);

async function time(label: string, n: number, fn: (i: number) => Promise<unknown>) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { label, perSecond: (n / ms) * 1000, msEach: ms / n };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-bench-'));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
  });
  const hub = await startHub(config);
  try {
    const ctx = { em: forkEm(hub.orm), actor: SYSTEM_ACTOR, runtime: hub.runtime };
    const item = await createItem(ctx, {
      sku: 'BENCH',
      name: 'Bench',
      type: ItemType.RAW,
      unit: 'pcs',
      tracking: ItemTracking.NONE,
      standardCost: '1.25',
      leadTimeDays: 0,
    });
    const loc = await createLocation(ctx, { code: 'BENCH', name: 'Bench', type: LocationType.STORAGE });
    const [supplier] = await ctx.em.execute<{ id: string }[]>(`select id from location where code = 'VIRT-SUPPLIER'`);

    const raw = await time('raw SQL', N, (i) =>
      forkEm(hub.orm).transactional(async (em) => {
        await em.execute(
          `insert into stock_balance (id, created_at, updated_at, item_id, location_id, lot_key, qty) values
           (gen_random_uuid(), now(), now(), ?, ?, '', 0), (gen_random_uuid(), now(), now(), ?, ?, '', 0)
           on conflict (item_id, location_id, lot_key) do nothing`,
          [item.id, supplier.id, item.id, loc.id],
        );
        await em.execute('update stock_balance set qty = qty - 1 where item_id = ? and location_id = ? returning qty', [
          item.id,
          supplier.id,
        ]);
        await em.execute('update stock_balance set qty = qty + 1 where item_id = ? and location_id = ? and qty + 1 >= 0 returning qty', [
          item.id,
          loc.id,
        ]);
        await em.execute(
          `insert into stock_move (id, created_at, updated_at, item_id, from_location_id, to_location_id, qty, reason)
           values (gen_random_uuid(), now(), now(), ?, ?, ?, 1, 'RECEIPT')`,
          [item.id, supplier.id, loc.id],
        );
        await em.execute(
          `insert into event_log (id, type, aggregate_type, aggregate_id, data, occurred_at) values (gen_random_uuid(), 'Bench', 'Item', ?, '{}', now())`,
          [item.id],
        );
        return i;
      }),
    );
    const service = await time('service', N, () =>
      receiveStock({ em: forkEm(hub.orm), actor: SYSTEM_ACTOR, runtime: hub.runtime }, { itemId: item.id, locationId: loc.id, qty: '1' }),
    );
    const token = signToken(config.jwt, { subject: 'bench', role: Role.admin });
    const query = print(ReceiveStockDocument);
    const api = await time('GraphQL over HTTP', N, () =>
      fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { input: { itemId: item.id, locationId: loc.id, qty: '1' } } }),
      }).then((r) => r.json()),
    );
    const rss = process.memoryUsage().rss / 2 ** 20;
    console.log(`stock receipts, ${N} each, ${config.databaseUrl ? 'PostgreSQL' : 'PGlite'}:`);
    for (const r of [raw, service, api]) {
      console.log(
        `  ${r.label.padEnd(20)} ${r.perSecond.toFixed(0).padStart(6)}/s  ${r.msEach.toFixed(2)} ms each  ${(raw.perSecond / r.perSecond).toFixed(2)}× raw`,
      );
    }
    console.log(`  memory: ${rss.toFixed(0)} MiB resident`);
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// First the scenario table of issue 8 (bench/scenarios.ts); BENCH_SCENARIOS=false skips it.
(process.env.BENCH_SCENARIOS === 'false' ? Promise.resolve() : benchScenarios())
  .then(() => main())
  // Then how long a user waits for `npm start` and `npm run token` (bench/start-up.ts); BENCH_START=false skips it.
  .then(() => (process.env.BENCH_START === 'false' ? undefined : benchStartUp()))
  // Then the scheduler's quality and speed (bench/scheduling.ts); BENCH_SCHEDULING=false skips it.
  .then(() => (process.env.BENCH_SCHEDULING === 'false' ? undefined : benchScheduling()))
  // Then machine data: MQTT ingest and OEE over a month (bench/machine-data.ts); BENCH_MACHINE_DATA=false skips it.
  .then(() => (process.env.BENCH_MACHINE_DATA === 'false' ? undefined : benchMachineData()))
  // Then lot genealogy over a 100,000-move ledger (bench/quality-trace.ts); BENCH_QUALITY=false skips it.
  .then(() => (process.env.BENCH_QUALITY === 'false' ? undefined : benchQualityTrace()))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
