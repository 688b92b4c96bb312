import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, inDays, releasedOrder, uniq, type Factory } from './support/factory';
import { eventually, MachinePublisher, mqttRun } from './support/machines';
import {
  CreateMachineDocument,
  KpiCostsDocument,
  KpisDocument,
  MachineDocument,
  ParameterYieldDocument,
  PublishPlanDocument,
  RecordExecutionEventDocument,
  ReplanDocument,
  ShipSalesOrderDocument,
  SetMachineJobDocument,
} from './generated/graphql';

/**
 * The seed's example answered: a simulated machine publishes, over MQTT, three hours of temperature
 * readings and counts where the scrap depends on the temperature in a way known beforehand; the
 * parameter-yield query must find the band that yields best and the correlation computed here by hand.
 * Then the plant KPIs over the same period.
 */
const run = mqttRun('analysis');
let t: TestHub;
let f: Factory;
let pub: MachinePublisher;
const QUARTER = 15 * 60_000;
// Quarter hour i runs at TEMPS[i % 6] °C and makes 100 units, REJECTS of them bad.
const TEMPS = [180, 190, 200, 210, 220, 230];
const REJECTS: Record<number, number> = { 180: 10, 190: 6, 200: 1, 210: 3, 220: 8, 230: 12 };
const start = Math.floor(Date.now() / QUARTER) * QUARTER - 13 * QUARTER;
const from = new Date(start).toISOString();
const to = new Date(start + 12 * QUARTER).toISOString();

beforeAll(async () => {
  t = await startTestHub({}, undefined, run.env);
  f = await buildFactory(t.client('planner'));
  pub = await MachinePublisher.connect(`${run.clientId}-machine`);
}, 120_000);

afterAll(async () => {
  await pub?.end();
  await t?.close();
  await run.forgetSession();
});

/** Pearson's r of the pairs, written out. */
function pearson(xs: number[], ys: number[]) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

test('yield by temperature band: the band that yields best, the correlation, narrowed by work center and item', async () => {
  const planner = t.client('planner');
  const m = (await planner.ok(CreateMachineDocument, { input: { code: uniq('OVEN'), name: 'Oven', workCenterId: f.wc1.id } })).createMachine
    .machine;
  const { wo } = await releasedOrder(planner, f, '2000');
  const cut = wo.operations.find((o) => o.name === 'Cut')!;
  await t.client('operator').ok(SetMachineJobDocument, { input: { machineId: m.id, operationId: cut.id, lotCode: 'L-42' } });
  const param = run.topic(f.wc1.code, m.code, 'param', 'temperature');
  for (let i = 0; i < 12; i++) {
    const temp = TEMPS[i % 6];
    const at = (minute: number) => new Date(start + i * QUARTER + minute * 60_000);
    // Two readings around the quarter hour's temperature: their average is the temperature.
    await pub.publish(param, temp - 1, {}, at(2));
    await pub.publish(param, temp + 1, {}, at(9));
    await pub.publish(run.topic(f.wc1.code, m.code, 'count', 'good'), 100 - REJECTS[temp], {}, at(5));
    await pub.publish(run.topic(f.wc1.code, m.code, 'count', 'reject'), REJECTS[temp], {}, at(6));
  }
  await eventually(
    async () => ((await t.client('viewer').ok(MachineDocument, { id: m.id })).machine.totalCycles === '1200' ? true : undefined),
    'all counts',
  );

  const ask = (extra: { workCenterId?: string; itemId?: string } = {}) =>
    t
      .client('viewer')
      .ok(ParameterYieldDocument, { parameter: 'temperature', from, to, bands: 5, ...extra })
      .then((r) => r.parameterYield);
  const answer = await eventually(async () => {
    const a = await ask();
    return a.samples === 12 ? a : undefined;
  }, 'the readings to be stored');

  // Five bands of 10 °C from 180 to 230; the top band holds 220 and 230.
  const yields = (temps: number[]) => {
    const bad = temps.reduce((s, x) => s + REJECTS[x], 0);
    return { good: temps.length * 2 * 100 - bad * 2, reject: bad * 2 };
  };
  expect(answer.bands.map((b) => ({ band: b.band, from: b.from, to: b.to, samples: b.samples, good: b.good, reject: b.reject }))).toEqual([
    { band: 1, from: 180, to: 190, samples: 2, ...yields([180]) },
    { band: 2, from: 190, to: 200, samples: 2, ...yields([190]) },
    { band: 3, from: 200, to: 210, samples: 2, ...yields([200]) },
    { band: 4, from: 210, to: 220, samples: 2, ...yields([210]) },
    { band: 5, from: 220, to: 230, samples: 4, ...yields([220, 230]) },
  ]);
  expect(answer.bestBand).toEqual({ band: 3, from: 200, to: 210, yield: 0.99 });
  expect(answer.bands[0].scrapRate).toBeCloseTo(0.1, 10);
  const xs = Array.from({ length: 12 }, (_, i) => TEMPS[i % 6]);
  const ys = xs.map((x) => (100 - REJECTS[x]) / 100);
  expect(answer.correlation).toBeCloseTo(pearson(xs, ys), 9);

  // Narrowed: the item made then answers the same; another item, or another work center, has no samples.
  expect((await ask({ itemId: f.product.id, workCenterId: f.wc1.id })).bestBand?.band).toBe(3);
  expect((await ask({ itemId: f.plate.id })).samples).toBe(0);
  expect(await ask({ workCenterId: f.wc2.id })).toEqual({
    parameter: 'temperature',
    samples: 0,
    correlation: null,
    bands: [],
    bestBand: null,
  });
  const bad = await t.client('viewer').fail(ParameterYieldDocument, { parameter: 'temperature', from, to, bands: 50 });
  expect(bad.code).toBe('BAD_USER_INPUT');

  // The KPIs of the same period: OEE's quality from the same counts, scrap cost by reason from a scrap on the floor.
  const op = t.client('operator');
  await op.ok(RecordExecutionEventDocument, { input: { operationId: cut.id, type: 'START', clientEventId: uniq('e') } });
  await op.ok(RecordExecutionEventDocument, {
    input: { operationId: cut.id, type: 'SCRAP', qty: '4', reason: 'burnt', clientEventId: uniq('e') },
  });
  const now = new Date(Date.now() + 60_000).toISOString();
  const kpis = (await t.client('viewer').ok(KpisDocument, { from, to: now, workCenterId: f.wc1.id })).kpis;
  expect(kpis.oee).toMatchObject({ good: 1200 - 80, reject: 80 });
  expect(kpis.oee.quality).toBeCloseTo(1120 / 1200, 10);
  expect(kpis.firstPassYield).toEqual({ inspected: 0, passed: 0, rate: null });
  expect(kpis.onTimeDelivery.due).toBe(0);
  expect(kpis.leadTime).toEqual({ orders: 0, averageHoursFromRelease: null });
  const costs = (await t.client('planner').ok(KpiCostsDocument, { from, to: now, workCenterId: f.wc1.id, itemId: f.product.id })).kpis;
  expect(costs.scrapCostByReason).toEqual([{ reason: 'burnt', qty: '4', cost: expect.stringMatching(/^\d+(\.\d+)?$/) }]);
  // Nothing was issued to the order yet, so its WIP is the scrap written off it.
  expect(Number(costs.wipValue)).toBeCloseTo(-Number(costs.scrapCostByReason[0].cost), 6);
  // Money is for planners, finance and admins.
  expect((await t.client('viewer').fail(KpiCostsDocument, { from, to: now })).code).toBe('FORBIDDEN');
}, 120_000);

test('lead time, on-time delivery and schedule adherence of an order planned, made and shipped', async () => {
  const planner = t.client('planner');
  const g = await buildFactory(planner);
  const begin = new Date(Date.now() - 60_000).toISOString();
  const { so, wo } = await releasedOrder(planner, g, '2');
  const plan = (await planner.ok(ReplanDocument, { input: { improveSeconds: 0, reason: 'kpi test' } })).replan.plan;
  await planner.ok(PublishPlanDocument, { input: { planId: plan.id } });
  const op = t.client('operator');
  for (const o of wo.operations) {
    await op.ok(RecordExecutionEventDocument, { input: { operationId: o.id, type: 'START', clientEventId: uniq('s') } });
    await op.ok(RecordExecutionEventDocument, { input: { operationId: o.id, type: 'COMPLETE', qty: '2', clientEventId: uniq('c') } });
  }
  await t.client('planner').ok(ShipSalesOrderDocument, { input: { salesOrderId: so.id } });
  const end = `${inDays(12)}T00:00:00Z`;
  const k = (await t.client('viewer').ok(KpisDocument, { from: begin, to: end, itemId: g.product.id })).kpis;
  expect(k.onTimeDelivery).toEqual({ due: 1, onTime: 1, rate: 1 });
  // Made at once: every operation ended before its planned end (the plan starts at the next working time).
  expect(k.scheduleAdherence).toEqual({ finished: 3, onTime: 3, rate: 1 });
  expect(k.leadTime.orders).toBe(1);
  expect(k.leadTime.averageHoursFromRelease).toBeGreaterThan(0);
  expect(k.leadTime.averageHoursFromRelease).toBeLessThan(1);
  // Another item's orders are not counted.
  const other = (await t.client('viewer').ok(KpisDocument, { from: begin, to: end, itemId: g.plate.id })).kpis;
  expect(other.leadTime.orders).toBe(0);
  expect(other.onTimeDelivery.due).toBe(0);
}, 120_000);

test('OEE narrowed to an item: its units, and availability over the time it ran (hand-computed)', async () => {
  const planner = t.client('planner');
  const g = await buildFactory(planner);
  const m = (
    await planner.ok(CreateMachineDocument, {
      input: { code: uniq('PRESS'), name: 'Press', workCenterId: g.wc1.id, idealCycleSeconds: '60' },
    })
  ).createMachine.machine;
  const { wo } = await releasedOrder(planner, g, '100');
  const cut = wo.operations.find((o) => o.name === 'Cut')!;
  // Two days ago, 08:00 UTC: a day of its own, long before anything else this machine saw.
  const base = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000 + 8 * 3_600_000;
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
  const post = async (messages: Record<string, unknown>[]) => {
    const res = await fetch(t.hub.url.replace(/\/graphql$/, '/machine-data'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token('integration')}` },
      body: JSON.stringify({ messages: messages.map((x) => ({ machine: m.code, id: uniq('msg'), ...x })) }),
    });
    expect(res.status).toBe(200);
  };
  const op = t.client('operator');
  // 08:00–09:00 on the item's Cut: running, a 15-minute unplanned stop, running again; 35 units, 5 bad.
  await op.ok(SetMachineJobDocument, { input: { machineId: m.id, operationId: cut.id } });
  await post([
    { kind: 'state', value: 'RUNNING', ts: at(0) },
    { kind: 'count', name: 'good', value: 20, ts: at(5) },
    { kind: 'count', name: 'reject', value: 5, ts: at(6) },
    { kind: 'state', value: 'DOWN', ts: at(30) },
    { kind: 'state', value: 'RUNNING', ts: at(45) },
    { kind: 'count', name: 'good', value: 10, ts: at(50) },
  ]);
  // Then no job: 10 more units, idle from 09:30, maintenance from 10:00.
  await op.ok(SetMachineJobDocument, { input: { machineId: m.id } });
  await post([
    { kind: 'count', name: 'good', value: 10, ts: at(70) },
    { kind: 'state', value: 'IDLE', ts: at(90) },
    { kind: 'state', value: 'MAINTENANCE', ts: at(120) },
  ]);
  const oeeOf = async (itemId?: string) =>
    (await t.client('viewer').ok(KpisDocument, { from: at(0), to: at(120), workCenterId: g.wc1.id, itemId })).kpis.oee;

  // The whole work center: 08:00–10:00 is planned (7200 s), running 08:00–08:30 and 08:45–09:30 (4500 s);
  // 45 units × 60 s ideal = 2700 s; 40 good.
  const all = await oeeOf();
  expect(all).toMatchObject({ plannedSeconds: 7200, runningSeconds: 4500, good: 40, reject: 5 });
  expect(all.availability).toBeCloseTo(4500 / 7200, 10);
  expect(all.performance).toBeCloseTo(2700 / 4500, 10);
  expect(all.quality).toBeCloseTo(40 / 45, 10);
  // The item ran 08:00–09:00 (its quarter hours 08:00 to 08:45, to the end of that one): planned 3600 s,
  // running 2700 s; 35 units × 60 s = 2100 s ideal; 30 good. OEE = 3/4 × 7/9 × 6/7 = 1/2.
  const item = await oeeOf(g.product.id);
  expect(item).toMatchObject({ plannedSeconds: 3600, runningSeconds: 2700, good: 30, reject: 5 });
  expect(item.availability).toBeCloseTo(0.75, 10);
  expect(item.performance).toBeCloseTo(7 / 9, 10);
  expect(item.quality).toBeCloseTo(6 / 7, 10);
  expect(item.oee).toBeCloseTo(0.5, 10);
  // An item nothing was made of here has no OEE.
  expect(await oeeOf(g.plate.id)).toMatchObject({ plannedSeconds: 0, good: 0, availability: null, oee: null });
}, 120_000);
