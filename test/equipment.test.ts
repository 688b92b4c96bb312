import { startTestHub, type TestHub } from './support/hub';
import { startHub } from '../src/app/server';
import { buildFactory, releasedOrder, uniq, type Factory } from './support/factory';
import { Collector } from './support/client';
import { eventually, MachinePublisher, mqttRun } from './support/machines';
import {
  ConfirmDowntimeReasonDocument,
  CreateDowntimeReasonDocument,
  CreateMachineDocument,
  DowntimesDocument,
  EquipmentChangedDocument,
  MachineDocument,
  MachineReliabilityDocument,
  ParameterAlertsDocument,
  ParameterSeriesDocument,
  SetMachineJobDocument,
  SetMachineStateDocument,
  SetParameterLimitsDocument,
} from './generated/graphql';

const run = mqttRun('equipment');
let t: TestHub;
let f: Factory;
let pub: MachinePublisher;

beforeAll(async () => {
  t = await startTestHub({}, undefined, run.env);
  f = await buildFactory(t.client('planner'));
  pub = await MachinePublisher.connect(`${run.clientId}-machine`);
  for (const [code, name, parentCode, planned] of [
    [`${run.clientId}-MECH`, 'Mechanical', undefined, false],
    [`${run.clientId}-JAM`, 'Material jam', `${run.clientId}-MECH`, undefined],
    [`${run.clientId}-PM`, 'Preventive maintenance', undefined, true],
  ] as const) {
    await t.client('planner').ok(CreateDowntimeReasonDocument, { input: { code, name, parentCode, planned } });
  }
}, 120_000);

afterAll(async () => {
  await pub?.end();
  await t?.close();
  await run.forgetSession();
});

const JAM = `${run.clientId}-JAM`;
const PM = `${run.clientId}-PM`;

async function machine(workCenterId = f.wc1.id, idealCycleSeconds?: string) {
  return (
    await t.client('planner').ok(CreateMachineDocument, { input: { code: uniq('M'), name: 'Press', workCenterId, idealCycleSeconds } })
  ).createMachine.machine;
}
const readMachine = async (id: string) => (await t.client('viewer').ok(MachineDocument, { id })).machine;
const downtimes = async (machineId: string) =>
  (await t.client('viewer').ok(DowntimesDocument, { filter: { machineId }, first: 50 })).downtimes.edges.map((e) => e.node);

describe('machines, their states and their stops', () => {
  test('an operator stops a machine with a reason: a downtime opens and DowntimeStarted / DowntimeEnded say so', async () => {
    const m = await machine();
    expect(m).toMatchObject({ state: 'IDLE', workCenter: { id: f.wc1.id } });
    const events = Collector.start(t.ws('viewer'), EquipmentChangedDocument, { machineId: m.id, fromSeq: '0' });
    const op = t.client('operator');
    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'RUNNING' } });
    const expectedEnd = new Date(Date.now() + 3_600_000).toISOString();
    const down = (await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'DOWN', reasonCode: JAM, expectedEnd } }))
      .setMachineState.machine;
    expect(down).toMatchObject({ state: 'DOWN', reason: { code: JAM } });
    const [open] = await downtimes(m.id);
    expect(open).toMatchObject({
      state: 'DOWN',
      planned: false,
      endedAt: null,
      expectedEnd,
      source: 'API',
      confirmedBy: 'test-operator',
      reason: { code: JAM },
    });
    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'RUNNING' } });

    const seen = await events.count(6);
    expect(seen.map((e) => e.equipmentChanged.type)).toEqual([
      'MachineStateChanged',
      'MachineStateChanged',
      'MachineStateChanged',
      'DowntimeStarted',
      'MachineStateChanged',
      'DowntimeEnded',
    ]);
    const started = JSON.parse(seen[3].equipmentChanged.data) as Record<string, unknown>;
    expect(started).toMatchObject({ workCenterId: f.wc1.id, machineId: m.id, reason: JAM, expectedEnd });
    const ended = JSON.parse(seen[5].equipmentChanged.data) as Record<string, unknown>;
    expect(ended).toMatchObject({ workCenterId: f.wc1.id, machineId: m.id, reason: JAM, downtimeId: open.id, endedAt: expect.any(String) });
    const [closed] = await downtimes(m.id);
    expect(closed.endedAt).not.toBeNull();
  });

  test('a stop without a reason waits for one; confirming it records who; maintenance is a planned stop', async () => {
    const m = await machine();
    const op = t.client('operator');
    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'DOWN' } });
    const [open] = (await t.client('viewer').ok(DowntimesDocument, { filter: { machineId: m.id, unconfirmed: true } })).downtimes.edges.map(
      (e) => e.node,
    );
    expect(open).toMatchObject({ reason: null, confirmedBy: null });
    const confirmed = (await op.ok(ConfirmDowntimeReasonDocument, { input: { downtimeId: open.id, reasonCode: JAM } }))
      .confirmDowntimeReason.downtime;
    expect(confirmed).toMatchObject({ reason: { code: JAM }, confirmedBy: 'test-operator', planned: false });
    expect((await readMachine(m.id)).reason?.code).toBe(JAM);

    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'MAINTENANCE', reasonCode: PM } });
    const [pm, jam] = await downtimes(m.id);
    expect(pm).toMatchObject({ state: 'MAINTENANCE', planned: true, endedAt: null });
    expect(jam.endedAt).toBe(pm.endedAt === null ? jam.endedAt : null);
    expect(jam.endedAt).not.toBeNull();
  });

  test('bad input is refused with a code and writes nothing', async () => {
    const m = await machine();
    const planner = t.client('planner');
    expect((await planner.fail(CreateMachineDocument, { input: { code: 'has space', name: 'x', workCenterId: f.wc1.id } })).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await planner.fail(CreateMachineDocument, { input: { code: m.code, name: 'x', workCenterId: f.wc1.id } })).code).toBe(
      'CONFLICT',
    );
    const reasonOnRun = await planner.fail(SetMachineStateDocument, { input: { machineId: m.id, state: 'RUNNING', reasonCode: JAM } });
    expect(reasonOnRun).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/reason belongs to a stop/) });
    const unknown = await planner.fail(SetMachineStateDocument, { input: { machineId: m.id, state: 'DOWN', reasonCode: 'NOPE' } });
    expect(unknown).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/no downtime reason has the code NOPE/) });
    expect((await readMachine(m.id)).state).toBe('IDLE');
    expect(await downtimes(m.id)).toEqual([]);
    await planner.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'RUNNING' } });
    const earlier = await planner.fail(SetMachineStateDocument, { input: { machineId: m.id, state: 'IDLE', at: '2020-01-01T00:00:00Z' } });
    expect(earlier.code).toBe('INVALID_STATE');
    expect((await planner.fail(MachineDocument, { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  test('MTBF and MTTR from the stops of a period', async () => {
    const m = await machine();
    const op = t.client('operator');
    const base = Date.now() - 3_600_000;
    const at = (min: number) => new Date(base + min * 60_000).toISOString();
    // Running 0-20, down 20-25, running 25-45, down 45-55, running 55-60; a planned stop does not count.
    const steps: [string, number, string?][] = [
      ['RUNNING', 0],
      ['DOWN', 20, JAM],
      ['RUNNING', 25],
      ['DOWN', 45, JAM],
      ['RUNNING', 55],
      ['MAINTENANCE', 60, PM],
    ];
    for (const [state, min, reasonCode] of steps) {
      await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: state as 'RUNNING', at: at(min), reasonCode } });
    }
    const [r] = (await t.client('viewer').ok(MachineReliabilityDocument, { machineIds: [m.id], from: at(0), to: at(60) }))
      .machineReliability;
    expect(r).toEqual({
      machineId: m.id,
      failures: 2,
      runningSeconds: 45 * 60,
      downSeconds: 15 * 60,
      mtbfSeconds: 22.5 * 60,
      mttrSeconds: 7.5 * 60,
    });
  });
});

describe('machine data over MQTT', () => {
  test('states, counts and parameters are stored, linked to the running operation and lot; an out-of-range value raises an alert', async () => {
    const m = await machine(f.wc1.id);
    const { wo } = await releasedOrder(t.client('planner'), f, '10');
    const cut = wo.operations.find((o) => o.name === 'Cut')!;
    await t.client('operator').ok(SetMachineJobDocument, { input: { machineId: m.id, operationId: cut.id, lotCode: 'LOT-7' } });
    await t
      .client('planner')
      .ok(SetParameterLimitsDocument, { input: { machineId: m.id, name: 'temperature', unit: '°C', min: 180, max: 220 } });
    const alerts = Collector.start(t.ws('quality'), EquipmentChangedDocument, { machineId: m.id, fromSeq: '0' });

    const topic = (kind: string, name?: string) => run.topic(f.wc1.code, m.code, kind, name);
    const t0 = Date.now() - 120_000;
    await pub.publish(topic('state'), 'RUNNING', {}, new Date(t0));
    await pub.publish(topic('count', 'good'), 5, {}, new Date(t0 + 10_000));
    await pub.publish(topic('count', 'reject'), 1, {}, new Date(t0 + 20_000));
    await pub.publish(topic('param', 'temperature'), 200, {}, new Date(t0 + 30_000));
    await pub.publish(topic('param', 'temperature'), 231.5, {}, new Date(t0 + 40_000));
    await pub.publish(topic('param', 'temperature'), 235, {}, new Date(t0 + 50_000));
    await pub.publish(topic('state'), 'DOWN', { reason: JAM, expectedEnd: new Date(t0 + 600_000).toISOString() }, new Date(t0 + 60_000));

    const stopped = await eventually(async () => {
      const r = await readMachine(m.id);
      return r.state === 'DOWN' && r.totalCycles === '6' ? r : undefined;
    }, 'the machine data to be stored');
    expect(stopped).toMatchObject({ reason: { code: JAM }, currentLotCode: 'LOT-7', currentOperation: { id: cut.id } });
    const [down] = await downtimes(m.id);
    expect(down).toMatchObject({ source: 'MQTT', confirmedBy: null, reason: { code: JAM } });

    const series = (
      await t.client('viewer').ok(ParameterSeriesDocument, {
        machineId: m.id,
        name: 'temperature',
        from: new Date(t0).toISOString(),
        to: new Date(t0 + 60_000).toISOString(),
        points: 60,
      })
    ).parameterSeries;
    expect(series.map((p) => p.value)).toEqual([200, 231.5, 235]);
    const rows = await t
      .em()
      .execute<{ operation_id: string; lot_code: string }[]>(`select operation_id, lot_code from parameter_sample where machine_id = ?`, [
        m.id,
      ]);
    expect(rows).toEqual(Array(3).fill({ operation_id: cut.id, lot_code: 'LOT-7' }));

    // One alert when the value leaves its range, not one per value outside.
    const alertList = (await t.client('quality').ok(ParameterAlertsDocument, { machineId: m.id })).parameterAlerts.edges.map((e) => e.node);
    expect(alertList).toEqual([
      {
        parameter: 'temperature',
        value: 231.5,
        min: 180,
        max: 220,
        at: new Date(t0 + 40_000).toISOString(),
        operationId: cut.id,
        lotCode: 'LOT-7',
        machine: { code: m.code },
      },
    ]);
    const seen = await alerts.until((es) => es.some((e) => e.equipmentChanged.type === 'DowntimeStarted'));
    const out = seen.map((e) => e.equipmentChanged).filter((e) => e.type === 'ParameterOutOfRange');
    expect(out).toEqual([expect.objectContaining({ parameter: 'temperature', value: 231.5, machineId: m.id })]);
    const started = seen.map((e) => e.equipmentChanged).find((e) => e.type === 'DowntimeStarted')!;
    expect(JSON.parse(started.data)).toMatchObject({
      workCenterId: f.wc1.id,
      machineId: m.id,
      reason: JAM,
      expectedEnd: new Date(t0 + 600_000).toISOString(),
    });
  });

  test('a message delivered twice is stored once; a message that cannot be read is refused and the rest go on', async () => {
    const m = await machine();
    const topic = run.topic(f.wc1.code, m.code, 'count', 'good');
    const payload = JSON.stringify({ v: 3, ts: new Date().toISOString(), id: 'dup-1' });
    await pub.publishRaw(topic, payload);
    await pub.publishRaw(topic, payload);
    await pub.publishRaw(run.topic(f.wc1.code, m.code, 'count', 'good'), '{not json');
    await pub.publishRaw(run.topic(f.wc1.code, m.code, 'bogus', 'x'), '1');
    await pub.publish(topic, 4);
    const r = await eventually(async () => {
      const x = await readMachine(m.id);
      return x.totalCycles === '7' ? x : undefined;
    }, '7 cycles');
    expect(r.totalCycles).toBe('7');
  });
});

describe('a hub restart in the middle of a stream', () => {
  test('what machines publish while the hub is away is stored once it is back; nothing is lost or counted twice', async () => {
    const m = await machine();
    const topic = run.topic(f.wc1.code, m.code, 'count', 'good');
    const count = async () =>
      Number(
        (
          await t.em().execute<{ n: number }[]>(`select coalesce(sum(good), 0) as n from machine_count_bucket where machine_id = ?`, [m.id])
        )[0].n,
      );
    const publishing = (async () => {
      for (let i = 0; i < 300; i++) await pub.publish(topic, 1);
    })();
    await eventually(async () => ((await count()) >= 50 ? true : undefined), 'the first messages to be stored');
    await t.hub.stop();
    // The machine keeps publishing while the hub is away: the broker queues it for the hub's session.
    for (let i = 0; i < 200; i++) await pub.publish(topic, 1);
    await publishing;
    t.hub = await startHub(t.config);
    await eventually(async () => ((await count()) >= 500 ? true : undefined), 'all 500 units to be stored', 60_000);
    // Nothing more trickles in (a duplicate would land here).
    await pub.publish(topic, 1);
    await eventually(async () => ((await count()) >= 501 ? true : undefined), 'the marker message');
    expect(await count()).toBe(501);
    expect((await readMachine(m.id)).totalCycles).toBe('501');
  }, 120_000);
});

describe('HTTP ingest for machines without MQTT', () => {
  const post = async (token: string | undefined, body: unknown) => {
    const res = await fetch(t.hub.url.replace(/\/graphql$/, '/machine-data'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  test('the same pipeline: states, counts and parameters; a retry stores nothing twice; bad input is refused whole', async () => {
    const m = await machine();
    const token = t.token('integration');
    const ts = new Date(Date.now() - 5000).toISOString();
    const messages = [
      { machine: m.code, kind: 'state', value: 'RUNNING', ts, id: 'h1' },
      { machine: m.code, kind: 'count', name: 'good', value: 10, ts, id: 'h2' },
      { machine: m.code, kind: 'count', name: 'reject', value: 2, ts, id: 'h3' },
      { machine: m.code, kind: 'param', name: 'pressure', value: 4.2, ts, id: 'h4' },
    ];
    expect(await post(token, { messages })).toEqual({ status: 200, body: { stored: 4, duplicates: 0 } });
    expect(await post(token, { messages })).toEqual({ status: 200, body: { stored: 0, duplicates: 4 } });
    expect(await readMachine(m.id)).toMatchObject({ state: 'RUNNING', totalCycles: '12' });

    expect((await post(undefined, { messages })).status).toBe(401);
    expect((await post(t.token('viewer'), { messages })).status).toBe(403);
    const bad = await post(token, {
      messages: [
        { machine: m.code, kind: 'count', value: 1, id: 'h5' },
        { machine: m.code, kind: 'count', value: -1 },
      ],
    });
    expect(bad).toEqual({
      status: 400,
      body: { code: 'BAD_USER_INPUT', error: expect.stringMatching(/messages.1: a count .* never negative/) },
    });
    const unknown = await post(token, {
      messages: [
        { machine: m.code, kind: 'count', value: 1, id: 'h6' },
        { machine: 'NO-SUCH', kind: 'count', value: 1 },
      ],
    });
    expect(unknown).toEqual({
      status: 400,
      body: { code: 'BAD_USER_INPUT', error: expect.stringMatching(/no machine has the code NO-SUCH/) },
    });
    expect((await post(token, { messages: [] })).status).toBe(400);
    expect((await readMachine(m.id)).totalCycles).toBe('12');
  });
});
