import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, releasedOrder, uniq, type Factory } from './support/factory';
import { eventually, MachinePublisher, mqttRun } from './support/machines';
import {
  CreateDowntimeReasonDocument,
  CreateMachineDocument,
  DowntimeParetoDocument,
  MachineDocument,
  OeeDocument,
  SetMachineJobDocument,
} from './generated/graphql';

/**
 * A simulated machine publishes one shift (A, 06:00–14:00 plant time, UTC+08:00 here) of states,
 * counts and parameters over MQTT; OEE and the downtime Pareto are checked against numbers worked out
 * by hand below.
 */
const run = mqttRun('oee');
let t: TestHub;
let f: Factory;
let pub: MachinePublisher;

beforeAll(async () => {
  t = await startTestHub({}, undefined, {
    ...run.env,
    PLANT_UTC_OFFSET: '+08:00',
    PLANT_SHIFTS: 'A=06:00-14:00,B=14:00-22:00,C=22:00-06:00',
  });
  f = await buildFactory(t.client('planner'));
  pub = await MachinePublisher.connect(`${run.clientId}-machine`);
}, 120_000);

afterAll(async () => {
  await pub?.end();
  await t?.close();
  await run.forgetSession();
});

test('OEE per shift and day, and the downtime Pareto, from a shift of machine data', async () => {
  const planner = t.client('planner');
  const jam = uniq('JAM');
  const pm = uniq('PM');
  await planner.ok(CreateDowntimeReasonDocument, { input: { code: jam, name: 'Material jam' } });
  await planner.ok(CreateDowntimeReasonDocument, { input: { code: pm, name: 'Preventive maintenance', planned: true } });
  const m = (await planner.ok(CreateMachineDocument, { input: { code: uniq('PRESS'), name: 'Press', workCenterId: f.wc1.id } }))
    .createMachine.machine;
  // The routing's Cut operation runs 1.5 minutes per unit: the ideal cycle is 90 s.
  const { wo } = await releasedOrder(planner, f, '200');
  const cut = wo.operations.find((o) => o.name === 'Cut')!;
  await t.client('operator').ok(SetMachineJobDocument, { input: { machineId: m.id, operationId: cut.id, lotCode: 'L1' } });

  // Yesterday in plant time (UTC+08:00): shift A is 06:00–14:00 local, 22:00–06:00 UTC.
  const localMidnight =
    Date.UTC(
      new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(),
      new Date(Date.now() + 8 * 3_600_000).getUTCMonth(),
      new Date(Date.now() + 8 * 3_600_000).getUTCDate(),
    ) -
    86_400_000 -
    8 * 3_600_000;
  const at = (hhmm: string) => new Date(localMidnight + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000);
  const topic = (kind: string, name?: string) => run.topic(f.wc1.code, m.code, kind, name);
  const states: [string, string, string?][] = [
    ['06:00', 'RUNNING'],
    ['08:00', 'DOWN', jam],
    ['08:30', 'RUNNING'],
    ['10:00', 'MAINTENANCE', pm],
    ['11:00', 'RUNNING'],
    ['13:00', 'IDLE'],
    ['14:00', 'DOWN', jam],
    ['14:10', 'IDLE'],
  ];
  for (const [time, state, reason] of states) await pub.publish(topic('state'), state, reason ? { reason } : {}, at(time));
  // 190 good and 10 reject while running, in messages of 10 good / 1 reject; temperature every 10 minutes.
  for (let i = 0; i < 19; i++)
    await pub.publish(topic('count', 'good'), 10, {}, at(`0${6 + Math.floor(i / 10)}:${String((i % 10) * 5 + 2).padStart(2, '0')}`));
  for (let i = 0; i < 10; i++) await pub.publish(topic('count', 'reject'), 1, {}, at(`11:${String(i * 5 + 1).padStart(2, '0')}`));
  for (let i = 0; i < 12; i++)
    await pub.publish(
      topic('param', 'temperature'),
      200 + i,
      {},
      at(`${String(6 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}`),
    );

  await eventually(async () => {
    const r = (await t.client('viewer').ok(MachineDocument, { id: m.id })).machine;
    return r.totalCycles === '200' && r.stateSince === at('14:10').toISOString() ? r : undefined;
  }, 'the shift to be stored');

  const viewer = t.client('viewer');
  const shifts = (
    await viewer.ok(OeeDocument, {
      from: at('06:00').toISOString(),
      to: at('22:00').toISOString(),
      machineIds: [m.id],
      granularity: 'SHIFT',
    })
  ).oee;
  const date = new Date(localMidnight + 8 * 3_600_000).toISOString().slice(0, 10);
  // Shift A: planned 480 − 60 (maintenance) = 420 min; running 120 + 90 + 120 = 330 min;
  // ideal 200 units × 90 s = 300 min; good 190 of 200.
  const a = shifts.machines.find((r) => r.label === `${date} A`)!;
  expect(a).toMatchObject({ plannedSeconds: 420 * 60, runningSeconds: 330 * 60, idealSeconds: 300 * 60, good: 190, reject: 10 });
  expect(a.availability).toBeCloseTo(330 / 420, 10);
  expect(a.performance).toBeCloseTo(300 / 330, 10);
  expect(a.quality).toBeCloseTo(0.95, 10);
  expect(a.oee).toBeCloseTo((300 / 420) * 0.95, 10);
  // Shift B: down 10 min, then idle until 22:00: planned 480 min, nothing running.
  const b = shifts.machines.find((r) => r.label === `${date} B`)!;
  expect(b).toMatchObject({ plannedSeconds: 480 * 60, runningSeconds: 0, availability: 0, performance: null, quality: null, oee: null });
  // The work center has this one machine here: the same figures.
  expect(shifts.workCenters.find((r) => r.label === `${date} A`)).toMatchObject({ plannedSeconds: 420 * 60, good: 190, oee: a.oee });

  // The plant day: 06:00–24:00 planned except the hour of maintenance = 1020 min.
  const day = (
    await viewer.ok(OeeDocument, { from: at('00:00').toISOString(), to: at('24:00').toISOString(), machineIds: [m.id], granularity: 'DAY' })
  ).oee.machines;
  expect(day).toHaveLength(1);
  expect(day[0]).toMatchObject({ label: date, plannedSeconds: 1020 * 60, runningSeconds: 330 * 60, good: 190, reject: 10 });
  expect(day[0].oee).toBeCloseTo((330 / 1020) * (300 / 330) * 0.95, 10);

  const pareto = (
    await viewer.ok(DowntimeParetoDocument, { from: at('00:00').toISOString(), to: at('24:00').toISOString(), machineIds: [m.id] })
  ).downtimePareto;
  expect(pareto).toEqual([
    {
      reasonCode: pm,
      reasonName: 'Preventive maintenance',
      planned: true,
      stops: 1,
      seconds: 3600,
      share: 3600 / 6000,
      cumulativeShare: 3600 / 6000,
    },
    { reasonCode: jam, reasonName: 'Material jam', planned: false, stops: 2, seconds: 2400, share: 2400 / 6000, cumulativeShare: 1 },
  ]);
}, 120_000);

test("the README's Equipment examples run as written", async () => {
  const whole = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const start = whole.indexOf('\n## Equipment and machine data\n');
  const section = whole.slice(start, whole.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThan(0);
  for (const query of blocks) {
    const { status, body } = await t.client('viewer').raw({ query });
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  }
});
