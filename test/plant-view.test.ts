import { hubWithFactory } from './support/suite';
import { inDays, releasedOrder, uniq } from './support/factory';
import { Collector } from './support/client';
import {
  CreateDowntimeReasonDocument,
  CreateItemDocument,
  CreateMachineDocument,
  CreateRoutingDocument,
  CreateWorkCenterDocument,
  CreateWorkOrderDocument,
  DispositionNonconformanceDocument,
  PlantChangedDocument,
  PlantViewDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  ReportNonconformanceDocument,
  SetMachineJobDocument,
  SetMachineStateDocument,
} from './generated/graphql';

/** The plant view over GraphQL: every work center with its machines, WIP and queue, and the stream that moves it. */
const s = hubWithFactory();

const view = async (workCenterId?: string, listed?: number) =>
  (await s.t.client('viewer').ok(PlantViewDocument, { workCenterId, listed })).plantView;
const machine = async (workCenterId: string, name: string) =>
  (await s.t.client('planner').ok(CreateMachineDocument, { input: { code: uniq('M'), name, workCenterId } })).createMachine.machine;

test('a viewer sees each work center with its machines, the operation running and the queue; plantChanged follows', async () => {
  const jam = uniq('JAM');
  await s.t.client('planner').ok(CreateDowntimeReasonDocument, { input: { code: jam, name: 'Material jam' } });
  const [saw, press, bench] = [await machine(s.f.wc1.id, 'Saw'), await machine(s.f.wc1.id, 'Press'), await machine(s.f.wc2.id, 'Bench')];
  const { wo } = await releasedOrder(s.t.client('planner'), s.f, '10');
  const [cut, assemble, testOp] = wo.operations;

  const before = await view();
  const wc1 = before.workCenters.find((c) => c.id === s.f.wc1.id)!;
  expect(wc1.machines.map((m) => [m.code, m.state, m.job])).toEqual(
    [
      [saw.code, 'IDLE', null],
      [press.code, 'IDLE', null],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );
  expect(wc1).toMatchObject({
    wipCount: 0,
    wip: [],
    queueCount: 1,
    queue: [{ operationId: cut.id, workOrderCode: wo.code, state: 'PENDING' }],
    upcomingCount: 0,
  });
  // Assembly and test wait for the cut: coming, not in the queue yet.
  expect(before.workCenters.find((c) => c.id === s.f.wc2.id)).toMatchObject({
    queueCount: 0,
    queue: [],
    upcomingCount: 2,
    machines: [{ code: bench.code, state: 'IDLE' }],
  });

  // Both streams from the start of the log: one of the whole plant, one of the assembly work center only.
  const all = Collector.start(s.t.ws('viewer'), PlantChangedDocument, { fromSeq: '0' });
  const assembly = Collector.start(s.t.ws('operator'), PlantChangedDocument, { workCenterId: s.f.wc2.id, fromSeq: '0' });

  const op = s.t.client('operator');
  const expectedEnd = new Date(Date.now() + 3_600_000).toISOString();
  await op.ok(SetMachineStateDocument, { input: { machineId: press.id, state: 'DOWN', reasonCode: jam, expectedEnd } });
  await op.ok(RecordExecutionEventDocument, { input: { operationId: cut.id, type: 'START', clientEventId: uniq('scan') } });
  await op.ok(SetMachineJobDocument, { input: { machineId: saw.id, operationId: cut.id, lotCode: 'LOT-42' } });
  await op.ok(SetMachineStateDocument, { input: { machineId: saw.id, state: 'RUNNING' } });
  await op.ok(RecordExecutionEventDocument, { input: { operationId: cut.id, type: 'COMPLETE', qty: '4', clientEventId: uniq('scan') } });

  const now = await view(s.f.wc1.id);
  expect(now.workCenters).toHaveLength(1);
  const [center] = now.workCenters;
  const byCode = new Map(center.machines.map((m) => [m.code, m]));
  expect(byCode.get(press.code)).toMatchObject({ state: 'DOWN', reasonCode: jam, reasonName: 'Material jam', expectedEnd, job: null });
  expect(byCode.get(saw.code)).toMatchObject({
    state: 'RUNNING',
    reasonCode: null,
    lotCode: 'LOT-42',
    job: { operationId: cut.id, workOrderCode: wo.code, name: 'Cut', state: 'RUNNING', qty: '10', qtyGood: '4' },
  });
  expect(new Date(byCode.get(saw.code)!.stateSince!).getTime()).toBeLessThanOrEqual(Date.now());
  expect(center).toMatchObject({
    wipCount: 1,
    wip: [{ operationId: cut.id, state: 'RUNNING', qtyGood: '4', qtyScrap: '0', sku: s.f.product.sku }],
    queueCount: 0,
    queue: [],
  });
  // The cut passed 4 on: assembly can start, the test still waits for assembly.
  expect((await view(s.f.wc2.id)).workCenters[0]).toMatchObject({
    queueCount: 1,
    queue: [{ operationId: assemble.id, sequence: 20 }],
    upcomingCount: 1,
  });
  expect(testOp.sequence).toBe(30);
  // `listed` bounds the lists, not the counts (none listed, all counted).
  expect((await view(s.f.wc2.id, 0)).workCenters[0]).toMatchObject({ queueCount: 1, queue: [], upcomingCount: 1 });
  expect((await view(s.f.wc1.id, 0)).workCenters[0]).toMatchObject({ wipCount: 1, wip: [] });

  const seen = await all.until(
    (items) =>
      items.some((e) => e.plantChanged.type === 'OperationProgressed' || e.plantChanged.type === 'OperationDone') ||
      items.filter((e) => e.plantChanged.workOrderId === wo.id).length >= 2,
  );
  const types = seen.map((e) => e.plantChanged.type);
  expect(types).toEqual(expect.arrayContaining(['MachineStateChanged', 'DowntimeStarted', 'OperationStarted']));
  expect(seen.find((e) => e.plantChanged.type === 'DowntimeStarted')!.plantChanged).toMatchObject({
    machineId: press.id,
    workCenterId: s.f.wc1.id,
  });
  expect(seen.find((e) => e.plantChanged.type === 'OperationStarted')!.plantChanged.workOrderId).toBe(wo.id);
  // The assembly stream has the work order's events (its queue may move) but not the other work center's machines.
  const assemblySeen = await assembly.until((items) => items.filter((e) => e.plantChanged.workOrderId === wo.id).length >= 2);
  expect(assemblySeen.filter((e) => e.plantChanged.machineId === saw.id || e.plantChanged.machineId === press.id)).toEqual([]);
  expect(assemblySeen.filter((e) => e.plantChanged.machineId !== null).every((e) => e.plantChanged.workCenterId === s.f.wc2.id)).toBe(true);
  expect(all.errors).toEqual([]);
  expect(assembly.errors).toEqual([]);
});

test('the queue holds what can start now: after a partial quantity, and rework on its own; the rest is upcoming and refused a start', async () => {
  const planner = s.t.client('planner');
  const op = s.t.client('operator');
  const center = async (name: string) =>
    (await planner.ok(CreateWorkCenterDocument, { input: { code: uniq('WC'), name } })).createWorkCenter.workCenter;
  const [mills, drills] = [await center('Milling'), await center('Drilling')];
  const bracket = (
    await planner.ok(CreateItemDocument, {
      input: { sku: uniq('BRACKET'), name: 'Bracket', type: 'FINISHED', tracking: 'NONE', unit: 'pcs', standardCost: '2' },
    })
  ).createItem.item;
  await planner.ok(CreateRoutingDocument, {
    input: {
      itemId: bracket.id,
      operations: [
        { sequence: 10, name: 'Mill', workCenterId: mills.id, runMinutesPerUnit: '1' },
        { sequence: 20, name: 'Drill', workCenterId: drills.id, runMinutesPerUnit: '1' },
        { sequence: 30, name: 'Deburr', workCenterId: drills.id, runMinutesPerUnit: '1' },
      ],
    },
  });
  const created = (await planner.ok(CreateWorkOrderDocument, { input: { itemId: bracket.id, qty: '10', dueDate: inDays(5) } }))
    .createWorkOrder.workOrder;
  const wo = (await planner.ok(ReleaseWorkOrderDocument, { input: { workOrderId: created.id } })).releaseWorkOrder.workOrder;
  const [mill, drill, deburr] = wo.operations;
  const scan = (operationId: string, type: 'START' | 'COMPLETE', qty?: string) =>
    op.ok(RecordExecutionEventDocument, { input: { operationId, type, qty, clientEventId: uniq('scan') } });
  const refusedStart = async (operationId: string) =>
    (await op.fail(RecordExecutionEventDocument, { input: { operationId, type: 'START', clientEventId: uniq('scan') } })).code;
  const at = async (wc: { id: string }) => {
    const c = (await view(wc.id, 10)).workCenters[0];
    return {
      wip: c.wip.map((o) => o.name).sort(),
      queue: c.queue.map((o) => o.name).sort(),
      queueCount: c.queueCount,
      upcomingCount: c.upcomingCount,
    };
  };

  expect(await at(mills)).toEqual({ wip: [], queue: ['Mill'], queueCount: 1, upcomingCount: 0 });
  expect(await at(drills)).toEqual({ wip: [], queue: [], queueCount: 0, upcomingCount: 2 });
  // What the view calls upcoming, the shop floor cannot start: one rule.
  expect(await refusedStart(drill.id)).toBe('INVALID_STATE');

  // Milling passes 3 of 10 on and goes on running: drilling may start, deburring still waits for it.
  await scan(mill.id, 'START');
  await scan(mill.id, 'COMPLETE', '3');
  expect(await at(mills)).toEqual({ wip: ['Mill'], queue: [], queueCount: 0, upcomingCount: 0 });
  expect(await at(drills)).toEqual({ wip: [], queue: ['Drill'], queueCount: 1, upcomingCount: 1 });
  expect(await refusedStart(deburr.id)).toBe('INVALID_STATE');
  const queued = async (wc: { id: string }, name: string) => (await view(wc.id, 10)).workCenters[0].queue.find((o) => o.name === name)!;
  expect(await queued(drills, 'Drill')).toMatchObject({ qty: '10', qtyReceived: '3', reworkQty: null });

  // A unit found bad at drilling is reworked there: the rework operation is off the flow and ready at once,
  // though drilling has passed nothing on; deburring still waits for drilling, not for the rework.
  const nc = (
    await s.t.client('quality').ok(ReportNonconformanceDocument, {
      input: {
        whereFound: 'OPERATION',
        description: 'burr in the bore',
        defectCodes: ['BURR'],
        qty: '1',
        itemId: bracket.id,
        workOrderId: wo.id,
        operationId: drill.id,
      },
    })
  ).reportNonconformance.nonconformance;
  await s.t.client('quality').ok(DispositionNonconformanceDocument, { input: { nonconformanceId: nc.id, disposition: 'REWORK' } });
  const rework = `Rework ${nc.code}`;
  expect(await at(drills)).toEqual({ wip: [], queue: ['Drill', rework].sort(), queueCount: 2, upcomingCount: 1 });
  expect(await queued(drills, rework)).toMatchObject({ qtyReceived: '1', reworkQty: '1' });

  // Drilling passes 2 on: deburring is ready although the rework before it in sequence has made nothing.
  await scan(drill.id, 'START');
  await scan(drill.id, 'COMPLETE', '2');
  expect(await at(drills)).toEqual({ wip: ['Drill'], queue: ['Deburr', rework].sort(), queueCount: 2, upcomingCount: 0 });
  expect(await queued(drills, 'Deburr')).toMatchObject({ qtyReceived: '2', reworkQty: null });
  // What the view calls ready, the shop floor can start; what it says arrived is what can be completed.
  const reworkId = (await queued(drills, rework)).operationId;
  await scan(deburr.id, 'START');
  const tooMany = await op.fail(RecordExecutionEventDocument, {
    input: { operationId: deburr.id, type: 'COMPLETE', qty: '3', clientEventId: uniq('scan') },
  });
  expect(tooMany).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/at most 2 more: it received 2/) });
  await scan(reworkId, 'START');
  expect(await at(drills)).toEqual({ wip: ['Deburr', 'Drill', rework].sort(), queue: [], queueCount: 0, upcomingCount: 0 });
});

test('bad arguments are refused with a code', async () => {
  const planner = s.t.client('planner');
  expect((await planner.fail(PlantViewDocument, { listed: 51 })).code).toBe('BAD_USER_INPUT');
  expect((await planner.fail(PlantViewDocument, { listed: -1 })).code).toBe('BAD_USER_INPUT');
  expect((await planner.fail(PlantViewDocument, { workCenterId: 'not-an-id' })).code).toBe('NOT_FOUND');
  expect((await planner.fail(PlantViewDocument, { workCenterId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  expect((await s.t.client('supplier', s.f.supplier.id).fail(PlantViewDocument, {})).code).toBe('FORBIDDEN');
});

test('counts are announced on plantChanged at most every 10 seconds per machine, not per message', async () => {
  const m = await machine(s.f.wc2.id, 'Counter');
  const changes = Collector.start(s.t.ws('viewer'), PlantChangedDocument, { workCenterId: s.f.wc2.id, fromSeq: '0' });
  const ingest = async (id: string, value: number) => {
    const res = await fetch(s.t.hub.url.replace(/\/graphql$/, '/machine-data'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.t.token('integration')}` },
      body: JSON.stringify({ messages: [{ machine: m.code, kind: 'count', name: 'good', value, id }] }),
    });
    expect(res.status).toBe(200);
  };
  await ingest('c1', 5);
  await ingest('c2', 7);
  // A later event of the same machine bounds the wait: every count event before it has arrived too.
  await s.t.client('operator').ok(SetMachineStateDocument, { input: { machineId: m.id, state: 'RUNNING' } });
  const of = (e: { plantChanged: { machineId: string | null; type: string } }, type: string) =>
    e.plantChanged.machineId === m.id && e.plantChanged.type === type;
  const seen = await changes.until((items) => {
    const first = items.findIndex((e) => of(e, 'MachineCounted'));
    return first >= 0 && items.slice(first + 1).some((e) => of(e, 'MachineStateChanged'));
  });
  const counted = seen.filter((e) => of(e, 'MachineCounted'));
  expect(counted).toHaveLength(1);
  expect(counted[0].plantChanged.workCenterId).toBe(s.f.wc2.id);
});
