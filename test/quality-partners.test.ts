import { hubWithFactory } from './support/suite';
import { uniq } from './support/factory';
import { eventually } from './support/receiver';
import { Collector } from './support/client';
import { qualityScenarios } from './support/quality-scenarios';
import {
  CreatePartnerDocument,
  DispositionNonconformanceDocument,
  NonconformanceByIdDocument,
  NonconformancesDocument,
  OrderMilestonesDocument,
  OrderProgressDocument,
  ReceiveLotDocument,
  ReportNonconformanceDocument,
  RespondToNonconformanceDocument,
} from './generated/graphql';

/** What partners see of quality: the customer's "inspected" milestone and results, the supplier's returned goods. */
const s = hubWithFactory();
const q = qualityScenarios(s);
const quality = () => s.t.client('quality');
const customer = () => s.t.client('customer', s.f.customer.id);

async function inspected(salesOrderId: string) {
  const order = (await customer().ok(OrderMilestonesDocument, { id: salesOrderId })).salesOrder;
  return { order, milestone: order.lines[0].progress.milestones.find((m) => m.key === 'inspected') };
}

test("the customer's 'inspected' milestone comes from the inspection results of its order's work orders, live", async () => {
  const { gear } = await q.gearWithPlan();
  const { so, wo } = await q.orderedGear(gear.id, '2');
  const progress = Collector.start(s.t.ws('customer', s.f.customer.id), OrderProgressDocument, { salesOrderId: so.id });
  try {
    // Released: the routing promises an inspection, nothing has been inspected.
    expect((await inspected(so.id)).milestone).toMatchObject({ done: false, result: null, inspection: true, at: null });
    await q.make(wo, '2');
    const task = await q.openTask(wo.id);
    // Made, the inspection waits: the operation is done, "inspected" is not.
    const waiting = await inspected(so.id);
    expect(waiting.order.lines[0].progress.milestones.find((m) => m.key === 'operation-20')).toMatchObject({
      done: true,
      label: 'Final check done',
    });
    expect(waiting.milestone).toMatchObject({ done: false, result: null });
    expect(waiting.order.inspections).toEqual([]);

    await q.measure(task, '20.01');
    const passed = await inspected(so.id);
    expect(passed.milestone).toMatchObject({ done: true, result: 'PASSED', label: 'Inspected' });
    expect(passed.milestone!.at).toBeTruthy();
    expect(passed.order.inspections).toEqual([{ code: task.code, state: 'PASSED', operationName: 'Final check', lotCode: null }]);
    // The customer's stream carries the result, so its page refreshes without a reload.
    await progress.until((es) => es.some((e) => e.orderProgress.type === 'InspectionRecorded'), 30_000);
    expect(progress.items.find((e) => e.orderProgress.type === 'InspectionRecorded')!.orderProgress).toMatchObject({
      salesOrderId: so.id,
      workOrderId: null,
    });
  } finally {
    progress.stop();
  }

  // A second order whose inspection fails: inspected, with the deviation said.
  const second = await q.orderedGear(gear.id, '1');
  await q.make(second.wo, '1');
  await q.measure(await q.openTask(second.wo.id), '20.2');
  expect((await inspected(second.so.id)).milestone).toMatchObject({
    done: true,
    result: 'FAILED',
    label: 'Inspected: a deviation is being dealt with',
  });
  // Another customer sees neither order.
  const other = (await s.t.client('planner').ok(CreatePartnerDocument, { input: { code: uniq('C'), name: 'Other', kind: 'CUSTOMER' } }))
    .createPartner.partner;
  expect((await s.t.client('customer', other.id).fail(OrderMilestonesDocument, { id: so.id })).code).toBe('NOT_FOUND');
});

test('a supplier sees only the nonconformances returned to it, answers one, and quality reads the answer', async () => {
  const lotOfResin = async () =>
    (
      await s.t.client('planner').ok(ReceiveLotDocument, {
        input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '10', lotCode: uniq('R') },
      })
    ).receiveStock.stockMove.lot!;
  const raise = async (lotId: string) =>
    (
      await quality().ok(ReportNonconformanceDocument, {
        input: {
          whereFound: 'RECEIPT',
          description: 'drums dented',
          defectCodes: ['DENT'],
          qty: '10',
          lotId,
          supplierId: s.f.supplier.id,
        },
      })
    ).reportNonconformance.nonconformance;
  const returned = await raise((await lotOfResin()).id);
  const scrapped = await raise((await lotOfResin()).id);
  const supplier = s.t.client('supplier', s.f.supplier.id);
  const mine = async () => (await supplier.ok(NonconformancesDocument, {})).nonconformances.edges.map((e) => e.node.code);

  // While quality judges, the supplier sees nothing of it and cannot answer.
  expect(await mine()).not.toContain(returned.code);
  expect((await supplier.fail(NonconformanceByIdDocument, { id: returned.id })).code).toBe('NOT_FOUND');
  expect(
    (await supplier.fail(RespondToNonconformanceDocument, { input: { nonconformanceId: returned.id, response: 'too early' } })).code,
  ).toBe('NOT_FOUND');

  await quality().ok(DispositionNonconformanceDocument, {
    input: { nonconformanceId: returned.id, disposition: 'RETURN_TO_SUPPLIER', note: 'please replace' },
  });
  await quality().ok(DispositionNonconformanceDocument, { input: { nonconformanceId: scrapped.id, disposition: 'SCRAP' } });
  // Returned goods are the supplier's to see; goods scrapped here are not.
  const list = await mine();
  expect(list).toContain(returned.code);
  expect(list).not.toContain(scrapped.code);
  expect((await supplier.fail(NonconformanceByIdDocument, { id: scrapped.id })).code).toBe('NOT_FOUND');

  // Another supplier cannot answer it.
  const stranger = (await s.t.client('planner').ok(CreatePartnerDocument, { input: { code: uniq('S'), name: 'Other', kind: 'SUPPLIER' } }))
    .createPartner.partner;
  expect(
    (
      await s.t
        .client('supplier', stranger.id)
        .fail(RespondToNonconformanceDocument, { input: { nonconformanceId: returned.id, response: 'not mine' } })
    ).code,
  ).toBe('NOT_FOUND');

  await supplier.ok(RespondToNonconformanceDocument, { input: { nonconformanceId: returned.id, response: 'Replacement ships Monday' } });
  const seen = await eventually(
    async () => (await quality().ok(NonconformanceByIdDocument, { id: returned.id })).nonconformance,
    (nc) => nc.state === 'CLOSED',
  );
  expect(seen).toMatchObject({ supplierResponse: 'Replacement ships Monday', disposition: 'RETURN_TO_SUPPLIER' });
  // Answered once: a second answer is refused, saying why.
  const again = await supplier.fail(RespondToNonconformanceDocument, { input: { nonconformanceId: returned.id, response: 'again' } });
  expect(again).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/CLOSED/) });
});
