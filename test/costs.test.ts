import { randomUUID } from 'node:crypto';
import { hubWithFactory } from './support/suite';
import { receive, releasedOrder } from './support/factory';
import { journalViolations } from './support/invariants';
import {
  CloseOrderDocument,
  IssueMaterialDocument,
  RecordExecutionEventDocument,
  SetWorkCenterRatesDocument,
  WorkOrderCostDocument,
  WorkOrderJournalDocument,
  type RecordExecutionEventMutationVariables,
} from './generated/graphql';

const s = hubWithFactory();
const planner = () => s.t.client('planner');
const operator = () => s.t.client('operator');
const finance = () => s.t.client('finance');

const T0 = Date.parse('2026-12-01T06:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

type ScanInput = RecordExecutionEventMutationVariables['input'];
const scan = (operationId: string, type: ScanInput['type'], minute: number, extra: Partial<ScanInput> = {}) =>
  operator().ok(RecordExecutionEventDocument, {
    input: { operationId, type, clientEventId: randomUUID(), occurredAt: at(minute), ...extra },
  });

const cost = async (workOrderId: string) => (await finance().ok(WorkOrderCostDocument, { workOrderId })).workOrderCost;
const journal = async (workOrderId: string) =>
  (await finance().ok(WorkOrderJournalDocument, { workOrderId })).journalEntries.edges.map((e) => e.node);

describe('a work order is costed at actual and its WIP clears when it closes', () => {
  test("material at issue cost, time from the scans at the work centers' rates, scrap at the cost it had reached", async () => {
    // Machining: 30/h labour, 60/h machine; assembly: 24/h labour, no machine rate.
    const rates = await planner().ok(SetWorkCenterRatesDocument, {
      input: { workCenterId: s.f.wc1.id, labourRatePerHour: '30', machineRatePerHour: '60' },
    });
    expect(rates.setWorkCenterRates.workCenter).toMatchObject({ labourRatePerHour: '30', machineRatePerHour: '60' });
    await finance().ok(SetWorkCenterRatesDocument, {
      input: { workCenterId: s.f.wc2.id, labourRatePerHour: '24', machineRatePerHour: '0' },
    });

    const { wo } = await releasedOrder(planner(), s.f, '10');
    await receive(planner(), s.f, s.f.plate.id, '20');
    const resin = await receive(planner(), s.f, s.f.resin.id, '2.6', 'R-COST');
    await operator().ok(IssueMaterialDocument, {
      input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '20', fromLocationId: s.f.stock.id },
    });
    await operator().ok(IssueMaterialDocument, {
      input: { workOrderId: wo.id, itemId: s.f.resin.id, qty: '2.6', fromLocationId: s.f.stock.id, lotId: resin.lot!.id },
    });
    const [op10, op20, op30] = wo.operations;
    await scan(op10.id, 'START', 0);
    await scan(op10.id, 'COMPLETE', 20, { qty: '9' });
    await scan(op10.id, 'SCRAP', 25, { qty: '1', reason: 'Burr' }); // op 10 ran 25 min
    await scan(op20.id, 'START', 30);
    await scan(op20.id, 'PAUSE', 40);
    await scan(op20.id, 'RESUME', 50);
    await scan(op20.id, 'COMPLETE', 70, { qty: '9' }); // 10 + 20 min
    await scan(op30.id, 'START', 70);
    const done = await scan(op30.id, 'COMPLETE', 79, { qty: '9' }); // 9 min
    expect(done.recordExecutionEvent.workOrder.state).toBe('COMPLETED');

    // The scrapped unit had its material (3.39 a unit at standard) and op 10's run time (1.5 min at 90/h).
    const scrap = (await journal(wo.id)).find((e) => e.source === 'SCRAP')!;
    expect(scrap.amount).toBe('5.64');

    const before = await cost(wo.id);
    expect(before).toMatchObject({
      workOrder: { state: 'COMPLETED' },
      currency: 'EUR',
      standard: { material: '33.9', labour: '25.1', machine: '25', total: '84' },
      actual: { material: '33.9', labour: '28.1', machine: '25', total: '87' },
      runMinutes: '64',
      completedAtStandard: '13.5',
      scrapAtCostReached: '5.64',
      wipBalance: '14.76',
    });
    expect(before.variances).toEqual([
      { kind: 'MATERIAL', amount: '0', posted: false },
      { kind: 'LABOUR', amount: '3', posted: false },
      { kind: 'MACHINE', amount: '0', posted: false },
      { kind: 'STANDARD', amount: '64.86', posted: false },
    ]);

    await planner().ok(CloseOrderDocument, { input: { workOrderId: wo.id } });

    const after = await cost(wo.id);
    expect(after).toMatchObject({ workOrder: { state: 'CLOSED' }, wipBalance: '0', actual: before.actual });
    expect(after.variances).toEqual(before.variances.map((v) => ({ ...v, posted: true })));
    const booked = (await journal(wo.id)).filter((e) => ['LABOUR', 'MACHINE', 'VARIANCE'].includes(e.source));
    expect(booked.map((e) => [e.source, e.varianceKind, e.amount, e.lines.map((l) => [l.account, l.debit, l.credit])])).toEqual([
      [
        'LABOUR',
        null,
        '28.1',
        [
          ['1410', '28.1', '0'],
          ['5710', '0', '28.1'],
        ],
      ],
      [
        'MACHINE',
        null,
        '25',
        [
          ['1410', '25', '0'],
          ['5720', '0', '25'],
        ],
      ],
      [
        'VARIANCE',
        'LABOUR',
        '3',
        [
          ['5800', '3', '0'],
          ['1410', '0', '3'],
        ],
      ],
      [
        'VARIANCE',
        'STANDARD',
        '64.86',
        [
          ['5800', '64.86', '0'],
          ['1410', '0', '64.86'],
        ],
      ],
    ]);
    expect(await journalViolations(s.t.em())).toEqual([]);
  });

  test('a favourable variance books the other way round; closing twice is refused', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '2');
    await receive(planner(), s.f, s.f.plate.id, '3');
    // Three plates where the BOM allows four: the material variance is in the order's favour.
    await operator().ok(IssueMaterialDocument, {
      input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '3', fromLocationId: s.f.stock.id },
    });
    for (const op of wo.operations) {
      await scan(op.id, 'START', 0);
      await scan(op.id, 'COMPLETE', 1, { qty: '2' });
    }
    const open = await cost(wo.id);
    expect(open.standard.material).toBe('6.78'); // 2 × (2 plates + 0.26 kg resin) at 1.5
    expect(open.actual.material).toBe('4.5');
    expect(open.variances.find((v) => v.kind === 'MATERIAL')!.amount).toBe('-2.28');

    await planner().ok(CloseOrderDocument, { input: { workOrderId: wo.id } });
    const material = (await journal(wo.id)).find((e) => e.varianceKind === 'MATERIAL')!;
    expect(material.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1410', '2.28', '0'],
      ['5800', '0', '2.28'],
    ]);
    expect((await cost(wo.id)).wipBalance).toBe('0');

    const again = await planner().fail(CloseOrderDocument, { input: { workOrderId: wo.id } });
    expect(again.code).toBe('INVALID_STATE');
  });

  test('costs are for finance and planners; an operator may not read them', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '1');
    expect((await operator().fail(WorkOrderCostDocument, { workOrderId: wo.id })).code).toBe('FORBIDDEN');
    expect((await finance().fail(WorkOrderCostDocument, { workOrderId: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await planner().ok(WorkOrderCostDocument, { workOrderId: wo.id })).workOrderCost.wipBalance).toBe('0');
  });
});
