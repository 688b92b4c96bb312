import { hubWithFactory } from './support/suite';
import { inDays, uniq } from './support/factory';
import { eventually } from './support/receiver';
import { lotItem, lotOf, supplied } from './support/production-chain';
import { Collector } from './support/client';
import {
  ApproveNonconformanceDocument,
  ControlChartDocument,
  CreatePartnerDocument,
  ReceiveLotDocument,
  CreateInspectionPlanDocument,
  CreateRoutingWithIdsDocument,
  CreateSalesOrderDocument,
  CreateWorkOrderDocument,
  DispositionNonconformanceDocument,
  InspectionTasksDocument,
  JournalEntriesDocument,
  NonconformancesDocument,
  OrderQualityDocument,
  QualityAlertsDocument,
  QualityFiguresDocument,
  RecordExecutionEventDocument,
  RecordInspectionResultDocument,
  ReleaseWorkOrderDocument,
  ReportNonconformanceDocument,
  RespondToNonconformanceDocument,
  ShipSalesOrderDocument,
  StockMovesOfLotDocument,
  UpdateNonconformanceDocument,
  WorkOrderOperationsDocument,
  type InspectionTaskFieldsFragment,
} from './generated/graphql';

const s = hubWithFactory();
const quality = () => s.t.client('quality');
const planner = () => s.t.client('planner');
const operator = () => s.t.client('operator');
const client = (role: 'planner' | 'operator' | 'supplier', partnerId?: string) => s.t.client(role, partnerId);

/** A lot-tracked finished item with two operations (Turn, Final check) and a plan on the check. */
async function gearWithPlan(sampling: 'N_PER_LOT' | 'EVERY_UNIT' | 'FIRST_ARTICLE', sampleSize?: number) {
  const gear = await lotItem(planner(), 'GEAR', 'FINISHED');
  const routing = (
    await planner().ok(CreateRoutingWithIdsDocument, {
      input: {
        itemId: gear.id,
        operations: [
          { sequence: 10, name: 'Turn', workCenterId: s.f.wc1.id, runMinutesPerUnit: '1' },
          { sequence: 20, name: 'Final check', workCenterId: s.f.wc2.id, runMinutesPerUnit: '1', inspection: true },
        ],
      },
    })
  ).createRouting.routing;
  const plan = (
    await quality().ok(CreateInspectionPlanDocument, {
      input: {
        name: 'Gear final check',
        point: 'OPERATION',
        routingOperationId: routing.operations[0].id,
        sampling,
        sampleSize,
        characteristics: [
          { name: 'Bore', kind: 'NUMERIC', target: '20', lowerLimit: '19.95', upperLimit: '20.05', unit: 'mm' },
          { name: 'Surface', kind: 'ATTRIBUTE', defectCodes: ['SCRATCH', 'BURR'] },
        ],
      },
    })
  ).createInspectionPlan.plan;
  return { gear, routing, plan, bore: plan.characteristics[0], surface: plan.characteristics[1] };
}

async function workOrder(itemId: string, qty: string, salesOrderLineId?: string) {
  const wo = (await planner().ok(CreateWorkOrderDocument, { input: { itemId, qty, dueDate: inDays(5), salesOrderLineId } })).createWorkOrder
    .workOrder;
  return (await planner().ok(ReleaseWorkOrderDocument, { input: { workOrderId: wo.id } })).releaseWorkOrder.workOrder;
}

const scan = (operationId: string, type: 'START' | 'COMPLETE', qty?: string) =>
  operator().ok(RecordExecutionEventDocument, { input: { operationId, type, qty, clientEventId: uniq('scan') } });

async function taskFor(
  filter: { workOrderId?: string; lotId?: string },
  states: ('OPEN' | 'SKIPPED')[] = ['OPEN'],
): Promise<InspectionTaskFieldsFragment> {
  const found = await eventually(
    async () => (await quality().ok(InspectionTasksDocument, { filter: { ...filter, states } })).inspectionTasks.edges.map((e) => e.node),
    (tasks) => tasks.length > 0,
  );
  return found[0];
}

const measure = (task: InspectionTaskFieldsFragment, bore: string[], surface: (string | null)[], clientEventId = uniq('insp')) =>
  operator().ok(RecordInspectionResultDocument, {
    input: {
      taskId: task.id,
      clientEventId,
      measurements: bore.flatMap((v, i) => [
        { characteristicId: task.characteristics[0].id, sampleNo: i + 1, value: v },
        { characteristicId: task.characteristics[1].id, sampleNo: i + 1, passed: surface[i] === null, defectCode: surface[i] ?? undefined },
      ]),
    },
  });

describe('inspections from completions, results by the operator', () => {
  test('a completion puts an inspection on the dispatch list; an out-of-spec result raises a nonconformance, holds the lot and blocks its shipment', async () => {
    const { gear, bore } = await gearWithPlan('N_PER_LOT', 2);
    const so = (
      await planner().ok(CreateSalesOrderDocument, {
        input: { customerId: s.f.customer.id, lines: [{ itemId: gear.id, qty: '3', dueDate: inDays(9) }] },
      })
    ).createSalesOrder.salesOrder;
    const wo = await workOrder(gear.id, '3', so.lines[0].id);
    await scan(wo.operations[0].id, 'START');
    await scan(wo.operations[0].id, 'COMPLETE', '3');
    await scan(wo.operations[1].id, 'START');
    await scan(wo.operations[1].id, 'COMPLETE', '3');
    const task = await taskFor({ workOrderId: wo.id });
    expect(task).toMatchObject({
      state: 'OPEN',
      point: 'OPERATION',
      workOrderCode: wo.code,
      operationName: 'Turn',
      sampleSize: 2,
      qty: '3',
    });

    const before = (await quality().ok(InspectionTasksDocument, { filter: { workOrderId: wo.id } })).inspectionTasks.totalCount;
    // A result missing a sample is refused; then sample 2's bore is out of spec.
    const missing = await operator().fail(RecordInspectionResultDocument, {
      input: { taskId: task.id, clientEventId: uniq('x'), measurements: [{ characteristicId: bore.id, sampleNo: 1, value: '20' }] },
    });
    expect(missing).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/Surface of sample 1 is missing/) });
    const key = uniq('insp');
    const { task: failed } = (await measure(task, ['20.01', '20.09'], [null, null], key)).recordInspectionResult;
    expect(failed).toMatchObject({ state: 'FAILED', inspectedBy: 'test-operator' });
    expect(failed.measurements.filter((m) => !m.passed)).toEqual([
      { characteristicId: bore.id, sampleNo: 2, value: '20.09', passed: false, defectCode: 'BORE_OUT_OF_SPEC' },
    ]);
    // The scanner retries: the first result comes back, nothing is counted twice.
    expect((await measure(task, ['20.01', '20.09'], [null, null], key)).recordInspectionResult.task.id).toBe(task.id);
    expect((await quality().ok(InspectionTasksDocument, { filter: { workOrderId: wo.id } })).inspectionTasks.totalCount).toBe(before - 1);

    const [nc] = (await quality().ok(NonconformancesDocument, { filter: { workOrderId: wo.id } })).nonconformances.edges.map((e) => e.node);
    expect(nc).toMatchObject({ state: 'OPEN', whereFound: 'OPERATION', defectCodes: ['BORE_OUT_OF_SPEC'], qty: '1', lotCode: wo.code });
    const shipped = await planner().fail(ShipSalesOrderDocument, {
      input: { salesOrderId: so.id, lines: [{ salesOrderLineId: so.lines[0].id, qty: '3', picks: [{ lotCode: wo.code, qty: '3' }] }] },
    });
    expect(shipped).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(new RegExp(`on hold by HOLD-\\d+ \\(${nc.code}: `)),
    });
    // The customer's order shows the failed inspection, and its certificate would not conform.
    const lotId = await lotOf(planner(), gear.id, wo.code);
    expect(lotId).toBeTruthy();
  });

  test('use as is takes a second person; the lot ships and its certificate lists the inspection', async () => {
    const { gear } = await gearWithPlan('FIRST_ARTICLE');
    const so = (
      await planner().ok(CreateSalesOrderDocument, {
        input: { customerId: s.f.customer.id, lines: [{ itemId: gear.id, qty: '2', dueDate: inDays(9) }] },
      })
    ).createSalesOrder.salesOrder;
    const wo = await workOrder(gear.id, '2', so.lines[0].id);
    await scan(wo.operations[0].id, 'START');
    await scan(wo.operations[0].id, 'COMPLETE', '1');
    await scan(wo.operations[0].id, 'COMPLETE', '1');
    await scan(wo.operations[1].id, 'START');
    await scan(wo.operations[1].id, 'COMPLETE', '2');
    const task = await taskFor({ workOrderId: wo.id });
    expect(task.sampleSize).toBe(1);
    await measure(task, ['20'], ['SCRATCH']);
    // First article: the second completion made no second task.
    expect(
      (await quality().ok(InspectionTasksDocument, { filter: { workOrderId: wo.id, states: ['OPEN', 'FAILED', 'PASSED'] } }))
        .inspectionTasks.totalCount,
    ).toBe(1);
    const [nc] = (await quality().ok(NonconformancesDocument, { filter: { workOrderId: wo.id } })).nonconformances.edges.map((e) => e.node);
    expect(nc.defectCodes).toEqual(['SCRATCH']);
    await quality().ok(UpdateNonconformanceDocument, {
      input: { nonconformanceId: nc.id, rootCause: 'chip under the clamp', correctiveAction: 'clean the clamp each set-up' },
    });
    const decided = (
      await quality().ok(DispositionNonconformanceDocument, {
        input: { nonconformanceId: nc.id, disposition: 'USE_AS_IS', note: 'cosmetic only' },
      })
    ).dispositionNonconformance.nonconformance;
    expect(decided).toMatchObject({ state: 'AWAITING_APPROVAL', dispositionBy: 'test-quality', rootCause: 'chip under the clamp' });
    const self = await quality().fail(ApproveNonconformanceDocument, { input: { nonconformanceId: nc.id } });
    expect(self).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/a second person must approve it/) });
    const approved = (await s.t.client('admin').ok(ApproveNonconformanceDocument, { input: { nonconformanceId: nc.id } }))
      .approveNonconformance.nonconformance;
    expect(approved).toMatchObject({ state: 'CLOSED', approvedBy: 'test-admin' });

    const shipment = (await planner().ok(ShipSalesOrderDocument, { input: { salesOrderId: so.id } })).shipSalesOrder.shipment;
    const customer = s.t.client('customer', s.f.customer.id);
    const q = await customer.ok(OrderQualityDocument, { salesOrderId: so.id, shipmentId: shipment.id });
    expect(q.orderInspections.map((i) => [i.code, i.state, i.operationName])).toEqual([[task.code, 'FAILED', 'Turn']]);
    expect(q.certificateOfConformance).toMatchObject({ deliveryNote: shipment.code, conforms: false });
    expect(q.certificateOfConformance.lines).toEqual([
      { sku: gear.sku, lotCode: wo.code, qty: '2', inspections: [{ code: task.code, step: 'Turn', state: 'FAILED' }] },
    ]);
    // Another customer sees neither.
    const other = s.t.client('customer', s.f.supplier.id);
    expect((await other.fail(OrderQualityDocument, { salesOrderId: so.id, shipmentId: shipment.id })).code).toMatch(/NOT_FOUND|FORBIDDEN/);
  });

  test('rework inserts a rework operation after the one inspected; the order completes once it is done', async () => {
    const { gear } = await gearWithPlan('EVERY_UNIT');
    const wo = await workOrder(gear.id, '2');
    await scan(wo.operations[0].id, 'START');
    await scan(wo.operations[0].id, 'COMPLETE', '2');
    const task = await taskFor({ workOrderId: wo.id });
    expect(task.sampleSize).toBe(2);
    await measure(task, ['20', '19.9'], [null, null]);
    const [nc] = (await quality().ok(NonconformancesDocument, { filter: { workOrderId: wo.id } })).nonconformances.edges.map((e) => e.node);
    const reworked = (await quality().ok(DispositionNonconformanceDocument, { input: { nonconformanceId: nc.id, disposition: 'REWORK' } }))
      .dispositionNonconformance.nonconformance;
    expect(reworked.state).toBe('IN_REWORK');
    const ops = (await planner().ok(WorkOrderOperationsDocument, { id: wo.id })).workOrder.operations;
    expect(ops.map((o) => [o.sequence, o.name, o.reworkQty])).toEqual([
      [10, 'Turn', null],
      [11, `Rework ${nc.code}`, '1'],
      [20, 'Final check', null],
    ]);
    await scan(ops[2].id, 'START');
    await scan(ops[2].id, 'COMPLETE', '2');
    expect((await planner().ok(WorkOrderOperationsDocument, { id: wo.id })).workOrder.state).toBe('IN_PROGRESS');
    await scan(ops[1].id, 'START');
    await scan(ops[1].id, 'COMPLETE', '1');
    expect((await planner().ok(WorkOrderOperationsDocument, { id: wo.id })).workOrder.state).toBe('COMPLETED');
  });
});

describe('receipt inspections and dispositions that move stock', () => {
  async function resinPlan(sampling: 'N_PER_LOT' | 'SKIP_LOT', skipAfter?: number) {
    const resin = await lotItem(planner(), 'EPOXY', 'RAW', 'kg');
    await quality().ok(CreateInspectionPlanDocument, {
      input: {
        name: 'Epoxy incoming',
        point: 'RECEIPT',
        itemId: resin.id,
        sampling,
        sampleSize: 1,
        skipAfter,
        characteristics: [{ name: 'Viscosity', kind: 'NUMERIC', lowerLimit: '100', upperLimit: '200', unit: 'mPa·s' }],
      },
    });
    return resin;
  }
  const viscosity = (task: InspectionTaskFieldsFragment, value: string) =>
    quality().ok(RecordInspectionResultDocument, {
      input: {
        taskId: task.id,
        clientEventId: uniq('v'),
        measurements: [{ characteristicId: task.characteristics[0].id, sampleNo: 1, value }],
      },
    });

  test('return to supplier: the supplier sees it in its list, answers, and the stock and money went back', async () => {
    const resin = await resinPlan('N_PER_LOT');
    const lotCode = uniq('EP');
    await supplied(client, s.f, resin.id, '50', lotCode, uniq('ASN'));
    const lotId = await lotOf(planner(), resin.id, lotCode);
    const task = await taskFor({ lotId });
    expect(task).toMatchObject({ point: 'RECEIPT', lotCode, supplierId: s.f.supplier.id, sampleSize: 1 });
    await viscosity(task, '260');
    const [nc] = (await quality().ok(NonconformancesDocument, { filter: { lotId } })).nonconformances.edges.map((e) => e.node);
    expect(nc).toMatchObject({ whereFound: 'RECEIPT', supplierId: s.f.supplier.id, defectCodes: ['VISCOSITY_OUT_OF_SPEC'] });
    // Return the whole lot (the nonconformance counts the one sample; the disposition says how much).
    await quality().ok(UpdateNonconformanceDocument, { input: { nonconformanceId: nc.id, rootCause: 'supplier batch too viscous' } });
    const returned = (
      await quality().ok(DispositionNonconformanceDocument, { input: { nonconformanceId: nc.id, disposition: 'RETURN_TO_SUPPLIER' } })
    ).dispositionNonconformance.nonconformance;
    expect(returned.state).toBe('AWAITING_SUPPLIER');
    const moves = (await planner().ok(StockMovesOfLotDocument, { lotId })).stockMoves.edges.map((e) => [
      e.node.reason,
      e.node.qty,
      e.node.reference,
    ]);
    expect(moves).toEqual([
      ['RECEIPT', '50', expect.any(String)],
      ['RETURN_TO_SUPPLIER', '1', nc.code],
    ]);
    const journal = (await s.t.client('finance').ok(JournalEntriesDocument, { filter: { source: 'SUPPLIER_RETURN' } })).journalEntries.edges
      .map((e) => e.node)
      .filter((j) => j.memo.includes(nc.code));
    expect(journal).toHaveLength(1);
    expect(journal[0].lines.map((l) => [l.debit !== '0' ? 'debit' : 'credit', l.account])).toEqual([
      ['debit', expect.any(String)],
      ['credit', expect.any(String)],
    ]);

    const supplier = s.t.client('supplier', s.f.supplier.id);
    const mine = (await supplier.ok(NonconformancesDocument, {})).nonconformances.edges.map((e) => e.node.code);
    expect(mine).toContain(nc.code);
    const answered = (
      await supplier.ok(RespondToNonconformanceDocument, { input: { nonconformanceId: nc.id, response: 'Credit note CN-88 issued' } })
    ).respondToNonconformance.nonconformance;
    expect(answered).toMatchObject({ state: 'CLOSED', supplierResponse: 'Credit note CN-88 issued' });
    // A supplier never sees another's.
    const stranger = (
      await planner().ok(CreatePartnerDocument, {
        input: { code: uniq('S'), name: 'Other', kind: 'SUPPLIER' },
      })
    ).createPartner.partner;
    expect((await s.t.client('supplier', stranger.id).ok(NonconformancesDocument, {})).nonconformances.totalCount).toBe(0);
  });

  test('scrap: the held quantity goes to the scrap location, booked out of inventory, and the hold is released', async () => {
    const lot = (
      await planner().ok(ReceiveLotDocument, {
        input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '4', lotCode: uniq('SC') },
      })
    ).receiveStock.stockMove.lot!;
    const nc = (
      await quality().ok(ReportNonconformanceDocument, {
        input: { whereFound: 'STOCK', description: 'drum leaking', defectCodes: ['LEAK'], qty: '4', lotId: lot.id },
      })
    ).reportNonconformance.nonconformance;
    expect(nc.state).toBe('OPEN');
    await quality().ok(DispositionNonconformanceDocument, { input: { nonconformanceId: nc.id, disposition: 'SCRAP' } });
    const moves = (await planner().ok(StockMovesOfLotDocument, { lotId: lot.id })).stockMoves.edges.map((e) => [e.node.reason, e.node.qty]);
    expect(moves).toEqual([
      ['RECEIPT', '4'],
      ['SCRAP', '4'],
    ]);
    const journal = (await s.t.client('finance').ok(JournalEntriesDocument, { filter: { source: 'STOCK_SCRAP' } })).journalEntries.edges
      .map((e) => e.node)
      .filter((j) => j.memo.includes(nc.code));
    // 4 kg at the standard cost of 1.5
    expect(journal.map((j) => j.amount)).toEqual(['6']);
    const after = (await quality().ok(NonconformancesDocument, { filter: { lotId: lot.id } })).nonconformances.edges[0].node;
    expect(after).toMatchObject({ state: 'CLOSED', disposition: 'SCRAP' });
  });

  test('skip-lot: after two good lots every other lot is skipped, and a failure ends the skipping', async () => {
    const resin = await resinPlan('SKIP_LOT', 2);
    const receive = async () => {
      const code = uniq('K');
      await planner().ok(ReceiveLotDocument, {
        input: { itemId: resin.id, locationId: s.f.stock.id, qty: '5', lotCode: code },
      });
      return taskFor({ lotId: await lotOf(planner(), resin.id, code) }, ['OPEN', 'SKIPPED']);
    };
    await viscosity(await receive(), '150');
    await viscosity(await receive(), '150');
    expect((await receive()).state).toBe('SKIPPED');
    const fourth = await receive();
    expect(fourth.state).toBe('OPEN');
    await viscosity(fourth, '150');
    expect((await receive()).state).toBe('SKIPPED');
    const sixth = await receive();
    await viscosity(sixth, '250');
    expect((await receive()).state).toBe('OPEN');
  });
});

describe('statistical process control', () => {
  test('a drift fires the eight-on-one-side rule as an alert while every value is in spec; charts, yield and Pareto answer', async () => {
    const { gear, bore } = await gearWithPlan('EVERY_UNIT');
    const alerts = Collector.start(s.t.ws('quality'), QualityAlertsDocument, {});
    try {
      const values = ['20.000', '20.004', '19.996', '20.002', '19.998', '20.003', '19.997', '20.001', '19.999', '20.002'];
      const drift = ['20.030', '20.031', '20.029', '20.032', '20.030', '20.031', '20.033', '20.030'];
      const wo = await workOrder(gear.id, String(values.length + drift.length));
      await scan(wo.operations[0].id, 'START');
      for (const v of [...values, ...drift]) {
        await scan(wo.operations[0].id, 'COMPLETE', '1');
        const task = await taskFor({ workOrderId: wo.id });
        expect((await measure(task, [v], [null])).recordInspectionResult.task.state).toBe('PASSED');
      }
      // The first drifting value jumps beyond 3σ of the run so far; the eighth makes eight in a row above the center.
      const got = await alerts.until(
        (es) =>
          es.some((a) => a.qualityAlerts.type === 'SpcRuleViolated' && JSON.stringify(a.qualityAlerts.data).includes('EIGHT_ON_ONE_SIDE')),
        60_000,
      );
      const spc = got
        .filter((a) => a.qualityAlerts.type === 'SpcRuleViolated')
        .map((a) => a.qualityAlerts.data as { rules: string[]; values: number[] });
      expect(spc[0]).toMatchObject({ rules: ['BEYOND_3_SIGMA'], values: [20.03] });
      expect(spc.at(-1)!.values).toEqual([20.03]);

      const chart = (await quality().ok(ControlChartDocument, { characteristicId: bore.id, kind: 'I_MR' })).controlChart;
      expect(chart.points).toHaveLength(values.length + drift.length);
      expect(chart.points.at(-1)!.violations).toContain('EIGHT_ON_ONE_SIDE');
      expect(chart.cpk).toBeGreaterThan(0);
      expect(chart.ucl!).toBeGreaterThan(chart.center!);
      const figures = (await quality().ok(QualityFiguresDocument, { by: 'CODE' })).firstPassYield;
      expect(figures.rows.find((r) => r.key === `${gear.sku} / Turn`)).toMatchObject({
        inspected: values.length + drift.length,
        firstPassYield: 100,
      });
    } finally {
      alerts.stop();
    }
  });

  test('the defect Pareto ranks codes by count with the cumulative share', async () => {
    const lot = async () =>
      (
        await planner().ok(ReceiveLotDocument, {
          input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '1', lotCode: uniq('P') },
        })
      ).receiveStock.stockMove.lot!.id;
    const code = uniq('DENT');
    for (const defect of [code, code, code, `${code}-B`]) {
      await quality().ok(ReportNonconformanceDocument, {
        input: { whereFound: 'STOCK', description: 'dent', defectCodes: [defect], qty: '1', lotId: await lot() },
      });
    }
    const pareto = (await quality().ok(QualityFiguresDocument, { by: 'CODE' })).defectPareto;
    const mine = pareto.filter((b) => b.key.startsWith(code));
    expect(mine.map((b) => [b.key, b.count])).toEqual([
      [code, 3],
      [`${code}-B`, 1],
    ]);
    expect(pareto.at(-1)!.cumulativePercent).toBe(100);
  });
});
