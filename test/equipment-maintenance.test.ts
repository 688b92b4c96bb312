import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, receive, releasedOrder, uniq, type Factory } from './support/factory';
import { Collector } from './support/client';
import { eventually, MachinePublisher, mqttRun } from './support/machines';
import {
  AssignMaintenanceOrderDocument,
  CancelMaintenanceOrderDocument,
  CompleteMaintenanceOrderDocument,
  CreateDowntimeReasonDocument,
  CreateMachineDocument,
  CreateMaintenanceOrderDocument,
  CreateMaintenancePlanDocument,
  EquipmentChangedDocument,
  MachineDocument,
  MaintenanceOrderDocument,
  MaintenanceOrdersDocument,
  MaintenancePlansDocument,
  MoveJournalDocument,
  PlanDetailDocument,
  ReplanDocument,
  ScheduleMaintenanceOrderDocument,
  SetMachineStateDocument,
  SetWorkCenterStateDocument,
  StartMaintenanceOrderDocument,
  StockBalancesDocument,
  WorkCenterStatesDocument,
} from './generated/graphql';

/**
 * Maintenance as its people use it: preventive plans falling due by counts from MQTT, by the calendar
 * and by running hours (the periodic check, every second here); orders assigned, started and done with
 * spare parts issued from stock; breakdowns opening corrective orders; a planned window the scheduler
 * plans around; a work center following its machines.
 */
const run = mqttRun('maintenance');
let t: TestHub;
let f: Factory;
let pub: MachinePublisher;
const BREAKDOWN = uniq('BRK');
const HYDRAULIC = uniq('BRK-HYD');
const JAM = uniq('JAM');

beforeAll(async () => {
  t = await startTestHub({}, undefined, { ...run.env, MAINTENANCE_CHECK_SCHEDULE: '* * * * * *' });
  f = await buildFactory(t.client('planner'));
  pub = await MachinePublisher.connect(`${run.clientId}-machine`);
  const planner = t.client('planner');
  await planner.ok(CreateDowntimeReasonDocument, { input: { code: BREAKDOWN, name: 'Breakdown', breakdown: true } });
  await planner.ok(CreateDowntimeReasonDocument, { input: { code: HYDRAULIC, name: 'Hydraulic leak', parentCode: BREAKDOWN } });
  await planner.ok(CreateDowntimeReasonDocument, { input: { code: JAM, name: 'Material jam' } });
}, 120_000);

afterAll(async () => {
  await pub?.end();
  await t?.close();
  await run.forgetSession();
});

async function machine(workCenterId = f.wc1.id) {
  return (await t.client('planner').ok(CreateMachineDocument, { input: { code: uniq('M'), name: 'Press', workCenterId } })).createMachine
    .machine;
}
const orders = async (machineId: string) =>
  (await t.client('viewer').ok(MaintenanceOrdersDocument, { filter: { machineId } })).maintenanceOrders.edges.map((e) => e.node);
const balance = async (itemId: string, locationId: string) => {
  const rows = (await t.client('viewer').ok(StockBalancesDocument, { filter: { itemId, locationId }, first: 10 })).stockBalances.edges;
  return rows.reduce((s, e) => s + Number(e.node.qty), 0);
};

describe('preventive maintenance', () => {
  test('a plan every 100 cycles falls due from MQTT counts; the order is assigned, started, done with a spare part from stock', async () => {
    const m = await machine();
    const planner = t.client('planner');
    const plan = (
      await planner.ok(CreateMaintenancePlanDocument, {
        input: { machineId: m.id, name: 'Lubricate spindle', trigger: 'CYCLES', interval: '100', durationMinutes: 45 },
      })
    ).createMaintenancePlan.plan;
    expect(plan).toMatchObject({ trigger: 'CYCLES', baselineCycles: '0', dueAtCounter: '100', dueAt: null, openOrder: null });
    const events = Collector.start(t.ws('viewer'), EquipmentChangedDocument, { machineId: m.id, fromSeq: '0' });

    const topic = run.topic(f.wc1.code, m.code, 'count', 'good');
    for (let i = 0; i < 9; i++) await pub.publish(topic, 10);
    await eventually(
      async () => ((await t.client('viewer').ok(MachineDocument, { id: m.id })).machine.totalCycles === '90' ? true : undefined),
      '90 cycles',
    );
    expect(await orders(m.id)).toEqual([]);
    await pub.publish(topic, 7);
    await pub.publish(run.topic(f.wc1.code, m.code, 'count', 'reject'), 5);
    const [due] = await eventually(async () => {
      const list = await orders(m.id);
      return list.length ? list : undefined;
    }, 'the preventive order to open');
    expect(due).toMatchObject({
      kind: 'PREVENTIVE',
      state: 'OPEN',
      title: 'Lubricate spindle',
      plan: { id: plan.id },
      workCenter: { id: f.wc1.id },
      cause: expect.stringMatching(/every 100 cycles, 10[25] counted/),
    });
    // More counts while it is open open nothing more.
    await pub.publish(topic, 50);
    await eventually(
      async () => ((await t.client('viewer').ok(MachineDocument, { id: m.id })).machine.totalCycles === '152' ? true : undefined),
      '152 cycles',
    );
    expect(await orders(m.id)).toHaveLength(1);

    const assigned = (await planner.ok(AssignMaintenanceOrderDocument, { input: { orderId: due.id, assignee: 'li.wei' } }))
      .assignMaintenanceOrder.order;
    expect(assigned.assignee).toBe('li.wei');
    const op = t.client('operator');
    const started = (await op.ok(StartMaintenanceOrderDocument, { input: { orderId: due.id } })).startMaintenanceOrder.order;
    expect(started).toMatchObject({ state: 'IN_PROGRESS', startedBy: 'test-operator', machine: { state: 'MAINTENANCE' } });
    // Starting again (a retried scan) changes nothing.
    expect((await op.ok(StartMaintenanceOrderDocument, { input: { orderId: due.id } })).startMaintenanceOrder.order.startedAt).toBe(
      started.startedAt,
    );

    await receive(planner, f, f.plate.id, '10');
    const before = await balance(f.plate.id, f.stock.id);
    const input = {
      orderId: due.id,
      notes: 'Spindle greased, one plate replaced',
      parts: [{ itemId: f.plate.id, qty: '2', locationId: f.stock.id }],
    };
    const done = (await op.ok(CompleteMaintenanceOrderDocument, { input })).completeMaintenanceOrder.order;
    expect(done).toMatchObject({
      state: 'DONE',
      completedBy: 'test-operator',
      notes: 'Spindle greased, one plate replaced',
      machine: { state: 'IDLE' },
      parts: [{ qty: '2', item: { sku: f.plate.sku }, lotCode: null }],
    });
    // A retried completion issues nothing twice.
    expect((await op.ok(CompleteMaintenanceOrderDocument, { input })).completeMaintenanceOrder.order.parts).toHaveLength(1);
    expect(await balance(f.plate.id, f.stock.id)).toBe(before - 2);
    const journal = (await t.client('finance').ok(MoveJournalDocument, { stockMoveId: done.parts[0].stockMoveId })).journalEntries.edges;
    expect(journal.map((e) => ({ source: e.node.source, amount: e.node.amount, lines: e.node.lines }))).toEqual([
      {
        source: 'MAINTENANCE',
        amount: '3',
        lines: [
          { account: '5730', debit: '3', credit: '0' },
          { account: '1400', debit: '0', credit: '3' },
        ],
      },
    ]);

    // The plan counts again from the completion: due at 152 + 100.
    const [again] = (await t.client('viewer').ok(MaintenancePlansDocument, { machineId: m.id })).maintenancePlans.edges.map((e) => e.node);
    expect(again).toMatchObject({ baselineCycles: '152', dueAtCounter: '252', openOrder: null });

    const seen = await events.until((es) => es.filter((e) => e.equipmentChanged.type === 'MaintenanceOrderChanged').length >= 4);
    const changes = seen
      .map((e) => e.equipmentChanged)
      .filter((e) => e.type === 'MaintenanceOrderChanged')
      .map((e) => (JSON.parse(e.data) as { change: string }).change);
    expect(changes).toEqual(['OPENED', 'ASSIGNED', 'STARTED', 'DONE']);
    expect(JSON.parse(seen.find((e) => e.equipmentChanged.type === 'MaintenanceOrderChanged')!.equipmentChanged.data)).toMatchObject({
      maintenanceOrderId: due.id,
      kind: 'PREVENTIVE',
      workCenterId: f.wc1.id,
    });
  }, 90_000);

  test('a calendar plan and a running-hours plan fall due by the periodic check', async () => {
    const m = await machine();
    const planner = t.client('planner');
    // Every 0.00005 days (4.3 s) and every 0.001 running hours (3.6 s).
    await planner.ok(CreateMaintenancePlanDocument, {
      input: { machineId: m.id, name: 'Inspect guards', trigger: 'CALENDAR', interval: '0.00005' },
    });
    await planner.ok(CreateMaintenancePlanDocument, {
      input: { machineId: m.id, name: 'Change filter', trigger: 'RUNNING_HOURS', interval: '0.001' },
    });
    await t.client('operator').ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'RUNNING' } });
    const list = await eventually(
      async () => {
        const l = await orders(m.id);
        return l.length === 2 ? l : undefined;
      },
      'both plans to fall due',
      30_000,
    );
    expect(list.map((o) => o.title).sort()).toEqual(['Change filter', 'Inspect guards']);
    expect(list.find((o) => o.title === 'Change filter')!.cause).toMatch(/running hours/);

    // A calendar plan last done long ago is due at once.
    const late = (
      await planner.ok(CreateMaintenancePlanDocument, {
        input: { machineId: m.id, name: 'Yearly overhaul', trigger: 'CALENDAR', interval: '365', lastDoneAt: '2025-01-01T00:00:00Z' },
      })
    ).createMaintenancePlan.plan;
    expect(late.openOrder?.code).toMatch(/^MNT-\d{6}$/);
    // Cancelled, it counts again from now rather than falling due at once again.
    const cancelled = (
      await planner.ok(CancelMaintenanceOrderDocument, { input: { orderId: late.openOrder!.id, reason: 'Done by the vendor' } })
    ).cancelMaintenanceOrder.order;
    expect(cancelled).toMatchObject({ state: 'CANCELLED', notes: 'Done by the vendor' });
    const plans = (await t.client('viewer').ok(MaintenancePlansDocument, { machineId: m.id })).maintenancePlans.edges.map((e) => e.node);
    const yearly = plans.find((p) => p.id === late.id)!;
    expect(yearly.openOrder).toBeNull();
    expect(new Date(yearly.dueAt!).getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);
  }, 60_000);
});

describe('breakdowns and repairs', () => {
  test('a machine down for a breakdown reason (by API or MQTT) opens one corrective order; a jam opens none', async () => {
    const m = await machine();
    const op = t.client('operator');
    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'DOWN', reasonCode: JAM } });
    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'RUNNING' } });
    expect(await orders(m.id)).toEqual([]);

    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'DOWN', reasonCode: HYDRAULIC } });
    const [repair] = await orders(m.id);
    expect(repair).toMatchObject({ kind: 'CORRECTIVE', state: 'OPEN', title: 'Repair: Hydraulic leak', downtimeId: expect.any(String) });
    // The same stop confirmed again opens no second order.
    await op.ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'DOWN', reasonCode: BREAKDOWN } });
    expect(await orders(m.id)).toHaveLength(1);
    const done = (await op.ok(CompleteMaintenanceOrderDocument, { input: { orderId: repair.id, notes: 'Seal replaced', parts: [] } }))
      .completeMaintenanceOrder.order;
    // A machine down stays down until it reports running.
    expect(done).toMatchObject({ state: 'DONE', machine: { state: 'DOWN' } });

    const m2 = await machine();
    await pub.publish(run.topic(f.wc1.code, m2.code, 'state'), 'DOWN', { reason: HYDRAULIC });
    const [fromMqtt] = await eventually(async () => {
      const l = await orders(m2.id);
      return l.length ? l : undefined;
    }, 'the corrective order from machine data');
    expect(fromMqtt).toMatchObject({ kind: 'CORRECTIVE', machine: { id: m2.id, state: 'DOWN' } });
  });

  test('a completion short of stock, or of a finished order, is refused with a code and writes nothing', async () => {
    const m = await machine();
    const order = (await t.client('operator').ok(CreateMaintenanceOrderDocument, { input: { machineId: m.id, title: 'Noise at spindle' } }))
      .createMaintenanceOrder.order;
    expect(order).toMatchObject({ kind: 'CORRECTIVE', state: 'OPEN', cause: 'Opened by test-operator' });
    const op = t.client('operator');
    const before = await balance(f.plate.id, f.stock.id);
    const short = await op.fail(CompleteMaintenanceOrderDocument, {
      input: { orderId: order.id, parts: [{ itemId: f.plate.id, qty: String(before + 1000), locationId: f.stock.id }] },
    });
    expect(short.code).toBe('INSUFFICIENT_STOCK');
    expect((await t.client('viewer').ok(MaintenanceOrderDocument, { id: order.id })).maintenanceOrder).toMatchObject({
      state: 'OPEN',
      parts: [],
    });
    expect(await balance(f.plate.id, f.stock.id)).toBe(before);
    const virtualPart = await op.fail(CompleteMaintenanceOrderDocument, {
      input: { orderId: order.id, parts: [{ itemId: f.plate.id, qty: '0', locationId: f.stock.id }] },
    });
    expect(virtualPart.code).toBe('BAD_USER_INPUT');
    const planner = t.client('planner');
    await planner.ok(CancelMaintenanceOrderDocument, { input: { orderId: order.id, reason: 'Could not reproduce' } });
    const late = await op.fail(CompleteMaintenanceOrderDocument, { input: { orderId: order.id, parts: [] } });
    expect(late).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/is CANCELLED; it cannot be completed/) });
    const window = await planner.fail(ScheduleMaintenanceOrderDocument, {
      input: { orderId: order.id, plannedStart: '2030-01-02T00:00:00Z', plannedEnd: '2030-01-01T00:00:00Z' },
    });
    expect(window.code).toBe('BAD_USER_INPUT');
    expect((await planner.fail(MaintenanceOrderDocument, { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
    expect(
      (await planner.fail(CreateMaintenancePlanDocument, { input: { machineId: m.id, name: 'x', trigger: 'CYCLES', interval: '1.5' } }))
        .code,
    ).toBe('BAD_USER_INPUT');
  });
});

describe('capacity for the scheduler', () => {
  test("a maintenance order's planned window is lost capacity: the plan moves the work out of it", async () => {
    const planner = t.client('planner');
    const g = await buildFactory(planner);
    const m = await machine(g.wc1.id);
    const { wo } = await releasedOrder(planner, g, '5');
    const cutStart = async () => {
      const plan = (await planner.ok(ReplanDocument, { input: { improveSeconds: 0, reason: 'test' } })).replan.plan;
      const ops = (await planner.ok(PlanDetailDocument, { id: plan.id, workOrderId: wo.id })).plan.operations;
      return ops.find((o) => o.name === 'Cut')!;
    };
    const free = await cutStart();
    const order = (await planner.ok(CreateMaintenanceOrderDocument, { input: { machineId: m.id, title: 'Replace belt' } }))
      .createMaintenanceOrder.order;
    const start = new Date(new Date(free.start).getTime() - 60_000);
    const end = new Date(new Date(free.start).getTime() + 3 * 3_600_000);
    await planner.ok(ScheduleMaintenanceOrderDocument, {
      input: { orderId: order.id, plannedStart: start.toISOString(), plannedEnd: end.toISOString() },
    });
    // The scheduler hears of the window from the event log: re-plan until it is taken into account.
    const moved = await eventually(async () => {
      const cut = await cutStart();
      return new Date(cut.start) >= end ? cut : undefined;
    }, 'the plan to move Cut out of the maintenance window');
    expect(new Date(moved.start).getTime()).toBeGreaterThanOrEqual(end.getTime());

    // Cancelled, the window is capacity again.
    await planner.ok(CancelMaintenanceOrderDocument, { input: { orderId: order.id, reason: 'Belt is fine' } });
    await eventually(async () => ((await cutStart()).start === free.start ? true : undefined), 'Cut back at its first time');
  }, 90_000);

  test('a work center follows its machines: all stopped, it is DOWN; one back, it is UP', async () => {
    const planner = t.client('planner');
    const g = await buildFactory(planner);
    const a = await machine(g.wc2.id);
    const b = await machine(g.wc2.id);
    const state = async () =>
      (await t.client('viewer').ok(WorkCenterStatesDocument, {})).workCenters.edges.find((e) => e.node.id === g.wc2.id)!.node.state;
    const op = t.client('operator');
    await op.ok(SetMachineStateDocument, { input: { machineId: a.id, state: 'DOWN', reasonCode: JAM } });
    expect(await state()).toBe('UP');
    await op.ok(SetMachineStateDocument, { input: { machineId: b.id, state: 'MAINTENANCE' } });
    expect(await state()).toBe('DOWN');
    await op.ok(SetMachineStateDocument, { input: { machineId: a.id, state: 'MAINTENANCE' } });
    expect(await state()).toBe('MAINTENANCE');
    await op.ok(SetMachineStateDocument, { input: { machineId: b.id, state: 'IDLE' } });
    expect(await state()).toBe('UP');
  });

  test("a planner's stop holds against the machines until the planner sets it UP; the scheduler's lost capacity follows", async () => {
    const planner = t.client('planner');
    const g = await buildFactory(planner);
    const a = await machine(g.wc1.id);
    const b = await machine(g.wc1.id);
    const { wo } = await releasedOrder(planner, g, '5');
    const wc = async () =>
      (await t.client('viewer').ok(WorkCenterStatesDocument, {})).workCenters.edges.find((e) => e.node.id === g.wc1.id)!.node;
    const openStateLosses = async () =>
      Number(
        (
          await t
            .em()
            .execute<{ n: string }[]>(
              `select count(*) as n from capacity_loss where work_center_id = ? and source = 'STATE' and ended_at is null`,
              [g.wc1.id],
            )
        )[0].n,
      );
    const cutStart = async () => {
      const plan = (await planner.ok(ReplanDocument, { input: { improveSeconds: 0, reason: 'test' } })).replan.plan;
      const ops = (await planner.ok(PlanDetailDocument, { id: plan.id, workOrderId: wo.id })).plan.operations;
      return new Date(ops.find((o) => o.name === 'Cut')!.start).getTime();
    };
    const op = t.client('operator');
    await op.ok(SetMachineStateDocument, { input: { machineId: a.id, state: 'IDLE' } });
    const free = await cutStart();

    // The planner takes the line down for three hours: a hold, and lost capacity the plan works around.
    const until = new Date(Math.max(Date.now(), free) + 3 * 3_600_000);
    const down = await planner.ok(SetWorkCenterStateDocument, {
      input: { workCenterId: g.wc1.id, state: 'DOWN', until: until.toISOString(), reason: 'no operator' },
    });
    expect(down.setWorkCenterState.workCenter).toMatchObject({ state: 'DOWN', stateHeld: true });
    expect(await openStateLosses()).toBe(1);
    expect(await cutStart()).toBeGreaterThanOrEqual(until.getTime());

    // A machine running (a test run during the stop) does not bring the line back, nor do stops and starts.
    await op.ok(SetMachineStateDocument, { input: { machineId: a.id, state: 'RUNNING' } });
    await op.ok(SetMachineStateDocument, { input: { machineId: b.id, state: 'MAINTENANCE' } });
    await op.ok(SetMachineStateDocument, { input: { machineId: b.id, state: 'IDLE' } });
    expect(await wc()).toMatchObject({ state: 'DOWN', stateHeld: true });
    expect(await openStateLosses()).toBe(1);
    expect(await cutStart()).toBeGreaterThanOrEqual(until.getTime());

    // UP releases it: the machines (one running) say UP, the loss is over, the work comes back.
    const up = await planner.ok(SetWorkCenterStateDocument, { input: { workCenterId: g.wc1.id, state: 'UP' } });
    expect(up.setWorkCenterState.workCenter).toMatchObject({ state: 'UP', stateHeld: false });
    expect(await openStateLosses()).toBe(0);
    expect(await cutStart()).toBeLessThan(until.getTime());

    // From then on the machines lead again: all stopped, DOWN — without a planner's loss left open.
    await op.ok(SetMachineStateDocument, { input: { machineId: a.id, state: 'DOWN', reasonCode: JAM } });
    await op.ok(SetMachineStateDocument, { input: { machineId: b.id, state: 'DOWN', reasonCode: JAM } });
    expect(await wc()).toMatchObject({ state: 'DOWN', stateHeld: false });
    // A planner's UP over machines that are all stopped leaves it as they are; a MAINTENANCE by hand holds.
    const asked = await planner.ok(SetWorkCenterStateDocument, { input: { workCenterId: g.wc1.id, state: 'UP' } });
    expect(asked.setWorkCenterState.workCenter).toMatchObject({ state: 'DOWN', stateHeld: false });
    await planner.ok(SetWorkCenterStateDocument, { input: { workCenterId: g.wc1.id, state: 'MAINTENANCE' } });
    await op.ok(SetMachineStateDocument, { input: { machineId: a.id, state: 'IDLE' } });
    expect(await wc()).toMatchObject({ state: 'MAINTENANCE', stateHeld: true });
    expect(await openStateLosses()).toBe(1);
    await planner.ok(SetWorkCenterStateDocument, { input: { workCenterId: g.wc1.id, state: 'UP' } });
    expect(await wc()).toMatchObject({ state: 'UP', stateHeld: false });
    expect(await openStateLosses()).toBe(0);
  }, 90_000);
});
