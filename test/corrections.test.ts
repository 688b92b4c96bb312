import { randomUUID } from 'node:crypto';
import { hubWithFactory } from './support/suite';
import { receive, releasedOrder, uniq } from './support/factory';
import { databaseSnapshot } from './support/invariants';
import {
  AdjustStockDocument,
  CloseOrderDocument,
  CreateLocationDocument,
  CycleCountsDocument,
  ExecutionEventsOfDocument,
  IssueMaterialDocument,
  PostCycleCountDocument,
  ReceiveStockDocument,
  RecordCycleCountDocument,
  RecordExecutionEventDocument,
  ReturnMaterialDocument,
  ReverseExecutionEventDocument,
  ReverseMaterialIssueDocument,
  ReverseStockMoveDocument,
  StartCycleCountDocument,
  StockBalancesDocument,
  TransferStockDocument,
  WorkOrderCostDocument,
  WorkOrderJournalDocument,
  MoveJournalDocument,
  type RecordExecutionEventMutationVariables,
} from './generated/graphql';

const s = hubWithFactory();
const planner = () => s.t.client('planner');
const operator = () => s.t.client('operator');
const finance = () => s.t.client('finance');

async function store() {
  return (await planner().ok(CreateLocationDocument, { input: { code: uniq('BIN'), name: 'Bin', type: 'STORAGE' } })).createLocation
    .location;
}

async function onHand(itemId: string, locationCode: string, lotCode?: string) {
  const rows = (await planner().ok(StockBalancesDocument, { filter: { itemId }, first: 200 })).stockBalances.edges.map((e) => e.node);
  return rows.find((b) => b.location.code === locationCode && (b.lot?.code ?? undefined) === lotCode)?.qty ?? '0';
}

async function entriesOfMove(stockMoveId: string) {
  return (await finance().ok(MoveJournalDocument, { stockMoveId })).journalEntries.edges.map((e) => e.node);
}

/** The refused call writes nothing: every table's row count, the balances and the event log are as before. */
async function refusedWithoutTrace(
  call: () => Promise<{ code: string; message: string; extensions?: unknown }>,
  code: string,
  message: RegExp,
) {
  const before = await databaseSnapshot(s.t.em());
  const error = await call();
  expect({ code: error.code, message: error.message }).toEqual({ code, message: expect.stringMatching(message) });
  expect(await databaseSnapshot(s.t.em())).toEqual(before);
  return error;
}

type ScanInput = RecordExecutionEventMutationVariables['input'];
const scan = async (operationId: string, type: ScanInput['type'], extra: Partial<ScanInput> = {}) =>
  (await operator().ok(RecordExecutionEventDocument, { input: { operationId, type, clientEventId: randomUUID(), ...extra } }))
    .recordExecutionEvent;

describe('corrections are compensating facts, never edits', () => {
  test('a receipt is reversed with a reason: the opposite move and journal lines; twice is a conflict; a consumed one is refused', async () => {
    const bin = await store();
    const receipt = (await planner().ok(ReceiveStockDocument, { input: { itemId: s.f.plate.id, locationId: bin.id, qty: '10' } }))
      .receiveStock.stockMove;
    const { stockMove } = (
      await planner().ok(ReverseStockMoveDocument, { input: { stockMoveId: receipt.id, reason: 'Booked on the wrong delivery note' } })
    ).reverseStockMove;
    expect(stockMove).toMatchObject({
      qty: '10',
      reason: 'REVERSAL',
      reversesMoveId: receipt.id,
      note: 'Booked on the wrong delivery note',
    });
    expect(await onHand(s.f.plate.id, bin.code)).toBe('0');
    const [original] = await entriesOfMove(receipt.id);
    const [opposite] = await entriesOfMove(stockMove.id);
    expect(original.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1400', '15', '0'],
      ['2100', '0', '15'],
    ]);
    expect(opposite).toMatchObject({ source: 'RECEIPT', reversesEntryId: original.id });
    expect(opposite.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['2100', '15', '0'],
      ['1400', '0', '15'],
    ]);
    expect(opposite.amount).toBe(original.amount);

    await refusedWithoutTrace(
      () => planner().fail(ReverseStockMoveDocument, { input: { stockMoveId: receipt.id, reason: 'again' } }),
      'CONFLICT',
      /already reversed/,
    );
    await refusedWithoutTrace(
      () => planner().fail(ReverseStockMoveDocument, { input: { stockMoveId: receipt.id, reason: '   ' } }),
      'BAD_USER_INPUT',
      /reason: say why/,
    );
    expect((await operator().fail(ReverseStockMoveDocument, { input: { stockMoveId: receipt.id, reason: 'x' } })).code).toBe('FORBIDDEN');

    // Seven of ten moved on: the receipt can no longer be undone, and the refusal says what is left.
    const second = (await planner().ok(ReceiveStockDocument, { input: { itemId: s.f.plate.id, locationId: bin.id, qty: '10' } }))
      .receiveStock.stockMove;
    await planner().ok(TransferStockDocument, {
      input: { itemId: s.f.plate.id, fromLocationId: bin.id, toLocationId: s.f.stock.id, qty: '7' },
    });
    const refused = await refusedWithoutTrace(
      () => planner().fail(ReverseStockMoveDocument, { input: { stockMoveId: second.id, reason: 'wrong item' } }),
      'INSUFFICIENT_STOCK',
      /can no longer be reversed: only 3 pcs are still at BIN-.*used, moved or shipped since/,
    );
    expect(refused.extensions).toMatchObject({ reason: 'ALREADY_CONSUMED', available: '3', requested: '10' });
  });

  test('an issue is reversed, unused material comes back at the cost it was issued at, and no more than is in the order', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '2');
    await receive(planner(), s.f, s.f.plate.id, '9');
    const issued = (
      await operator().ok(IssueMaterialDocument, {
        input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '9', fromLocationId: s.f.stock.id },
      })
    ).issueMaterial.stockMove;
    const plateIssued = async () =>
      (await planner().ok(ReverseMaterialIssueDocument, { input: { stockMoveId: issued.id, reason: 'Scanned nine instead of four' } }))
        .reverseMaterialIssue;
    const reversed = await plateIssued();
    expect(reversed.stockMove).toMatchObject({ reason: 'REVERSAL', qty: '9', reversesMoveId: issued.id });
    expect(reversed.workOrder.materials.find((m) => m.item.sku === s.f.plate.sku)!.qtyIssued).toBe('0');
    expect((await finance().ok(WorkOrderCostDocument, { workOrderId: wo.id })).workOrderCost.wipBalance).toBe('0');

    await operator().ok(IssueMaterialDocument, {
      input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '5', fromLocationId: s.f.stock.id },
    });
    const back = (
      await operator().ok(ReturnMaterialDocument, {
        input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '1', toLocationId: s.f.stock.id, reason: 'one left over' },
      })
    ).returnMaterial;
    expect(back.stockMove).toMatchObject({ reason: 'RETURN', qty: '1', note: 'one left over' });
    expect(back.workOrder.materials.find((m) => m.item.sku === s.f.plate.sku)!.qtyIssued).toBe('4');
    const [returned] = await entriesOfMove(back.stockMove.id);
    expect(returned).toMatchObject({ source: 'RETURN', amount: '1.5' });
    expect(returned.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1400', '1.5', '0'],
      ['1410', '0', '1.5'],
    ]);
    await refusedWithoutTrace(
      () =>
        operator().fail(ReturnMaterialDocument, {
          input: { workOrderId: wo.id, itemId: s.f.plate.id, qty: '5', toLocationId: s.f.stock.id },
        }),
      'BAD_USER_INPUT',
      /holds 4 pcs .* issued and not returned; 5 cannot come back/,
    );
    expect((await finance().ok(WorkOrderCostDocument, { workOrderId: wo.id })).workOrderCost.actual.material).toBe('6');
  });

  test('scans are reversed: a completion takes finished goods back, a scrap its entry; later work and consumed goods refuse', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '3');
    const [op10, op20, op30] = wo.operations;
    await scan(op10.id, 'START');
    const first = await scan(op10.id, 'COMPLETE', { qty: '3' });
    await scan(op20.id, 'START');
    await scan(op20.id, 'COMPLETE', { qty: '3' });
    await scan(op30.id, 'START');
    const good = await scan(op30.id, 'COMPLETE', { qty: '2' });
    const scrap = await scan(op30.id, 'SCRAP', { qty: '1', reason: 'Leak' });
    expect(scrap.workOrder.state).toBe('COMPLETED');

    await refusedWithoutTrace(
      () => planner().fail(ReverseExecutionEventDocument, { input: { executionEventId: first.event.id, reason: 'miscount' } }),
      'INVALID_STATE',
      /operation 20 has already worked on this quantity/,
    );

    const fgBefore = await onHand(s.f.product.id, s.f.fg.code);
    const undone = (
      await planner().ok(ReverseExecutionEventDocument, {
        input: { executionEventId: good.event.id, reason: 'Counted the test rig twice' },
      })
    ).reverseExecutionEvent;
    expect(undone.event).toMatchObject({
      type: 'COMPLETE',
      qty: '2',
      reason: 'Counted the test rig twice',
      reversesEventId: good.event.id,
    });
    expect(undone.event.actor).toBeTruthy();
    expect(undone.workOrder).toMatchObject({ state: 'IN_PROGRESS', qtyCompleted: '0', qtyScrapped: '1' });
    expect(undone.workOrder.operations.map((o) => [o.sequence, o.state, o.qtyGood])).toEqual([
      [10, 'DONE', '3'],
      [20, 'DONE', '3'],
      [30, 'RUNNING', '0'],
    ]);
    expect(Number(await onHand(s.f.product.id, s.f.fg.code))).toBe(Number(fgBefore) - 2);
    const events = (await planner().ok(ExecutionEventsOfDocument, { workOrderId: wo.id })).executionEvents.edges.map((e) => e.node);
    expect(events.filter((e) => e.reversesEventId === good.event.id)).toHaveLength(1);

    const unscrapped = (
      await planner().ok(ReverseExecutionEventDocument, { input: { executionEventId: scrap.event.id, reason: 'The leak was the fixture' } })
    ).reverseExecutionEvent;
    expect(unscrapped.workOrder).toMatchObject({ qtyScrapped: '0' });
    const journal = (await finance().ok(WorkOrderJournalDocument, { workOrderId: wo.id })).journalEntries.edges.map((e) => e.node);
    const scrapEntries = journal.filter((e) => e.source === 'SCRAP');
    expect(scrapEntries).toHaveLength(2);
    expect(scrapEntries[1].reversesEntryId).toBeTruthy();

    // Finished again, then every finished product leaves FG: that completion can no longer be taken back.
    const again = await scan(op30.id, 'COMPLETE', { qty: '3' });
    expect(again.workOrder.state).toBe('COMPLETED');
    const bin = await store();
    const inFg = await onHand(s.f.product.id, s.f.fg.code);
    await planner().ok(TransferStockDocument, {
      input: { itemId: s.f.product.id, fromLocationId: s.f.fg.id, toLocationId: bin.id, qty: inFg },
    });
    const refused = await refusedWithoutTrace(
      () => planner().fail(ReverseExecutionEventDocument, { input: { executionEventId: again.event.id, reason: 'late doubt' } }),
      'INSUFFICIENT_STOCK',
      /completion of 3 pcs .* can no longer be reversed: only 0 pcs are still at/,
    );
    expect(refused.extensions).toMatchObject({ reason: 'ALREADY_CONSUMED' });
    await planner().ok(TransferStockDocument, {
      input: { itemId: s.f.product.id, fromLocationId: bin.id, toLocationId: s.f.fg.id, qty: inFg },
    });

    // Closed, its costs settled: nothing more is corrected.
    await planner().ok(CloseOrderDocument, { input: { workOrderId: wo.id } });
    await refusedWithoutTrace(
      () => planner().fail(ReverseExecutionEventDocument, { input: { executionEventId: again.event.id, reason: 'too late' } }),
      'INVALID_STATE',
      /is closed; corrections are accepted only until the order is closed/,
    );
  });

  test('a start, pause or resume is undone only as the latest of its operation', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '1');
    const op10 = wo.operations[0];
    const start = await scan(op10.id, 'START');
    const pause = await scan(op10.id, 'PAUSE');
    await refusedWithoutTrace(
      () => planner().fail(ReverseExecutionEventDocument, { input: { executionEventId: start.event.id, reason: 'x' } }),
      'INVALID_STATE',
      /only its latest start, pause or resume can be reversed/,
    );
    const resumed = (
      await planner().ok(ReverseExecutionEventDocument, { input: { executionEventId: pause.event.id, reason: 'wrong button' } })
    ).reverseExecutionEvent;
    expect(resumed.workOrder.operations[0].state).toBe('RUNNING');
    const pending = (
      await planner().ok(ReverseExecutionEventDocument, { input: { executionEventId: start.event.id, reason: 'wrong order' } })
    ).reverseExecutionEvent;
    expect(pending.workOrder.operations[0].state).toBe('PENDING');
    expect((await operator().fail(ReverseExecutionEventDocument, { input: { executionEventId: start.event.id, reason: 'x' } })).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('stock adjustments and cycle counts', () => {
  test('a count sheet lists the books, takes counted quantities and posts the variances as adjustments with journal entries', async () => {
    const bin = await store();
    await planner().ok(ReceiveStockDocument, { input: { itemId: s.f.plate.id, locationId: bin.id, qty: '10' } });
    await planner().ok(ReceiveStockDocument, { input: { itemId: s.f.resin.id, locationId: bin.id, qty: '2', lotCode: 'CC-LOT' } });

    const sheet = (await operator().ok(StartCycleCountDocument, { input: { locationId: bin.id } })).startCycleCount.cycleCount;
    expect(sheet).toMatchObject({ code: expect.stringMatching(/^CC-\d{6}$/), state: 'OPEN', location: { code: bin.code } });
    expect(sheet.lines.map((l) => [l.item.sku, l.lot?.code ?? null, l.expectedQty, l.countedQty])).toEqual(
      [
        [s.f.plate.sku, null, '10', null],
        [s.f.resin.sku, 'CC-LOT', '2', null],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    await refusedWithoutTrace(
      () => operator().fail(StartCycleCountDocument, { input: { locationId: bin.id } }),
      'CONFLICT',
      /already being counted on CC-/,
    );

    const counted = (
      await operator().ok(RecordCycleCountDocument, {
        input: {
          cycleCountId: sheet.id,
          lines: [
            { itemId: s.f.plate.id, countedQty: '8' },
            { itemId: s.f.product.id, countedQty: '1' },
          ],
        },
      })
    ).recordCycleCount.cycleCount;
    expect(counted.lines.map((l) => [l.item.sku, l.expectedQty, l.countedQty])).toContainEqual([s.f.product.sku, '0', '1']);
    expect(counted.lines.find((l) => l.lot)!.countedQty).toBeNull();
    expect((await operator().fail(PostCycleCountDocument, { input: { cycleCountId: sheet.id } })).code).toBe('FORBIDDEN');

    const posted = (await planner().ok(PostCycleCountDocument, { input: { cycleCountId: sheet.id } })).postCycleCount.cycleCount;
    expect(posted.state).toBe('POSTED');
    const byItem = Object.fromEntries(posted.lines.map((l) => [l.item.sku, l]));
    expect(byItem[s.f.plate.sku]).toMatchObject({ varianceQty: '-2', stockMoveId: expect.any(String) });
    expect(byItem[s.f.product.sku]).toMatchObject({ varianceQty: '1', stockMoveId: expect.any(String) });
    expect(byItem[s.f.resin.sku]).toMatchObject({ varianceQty: null, stockMoveId: null }); // not counted: left alone
    expect(await onHand(s.f.plate.id, bin.code)).toBe('8');
    expect(await onHand(s.f.resin.id, bin.code, 'CC-LOT')).toBe('2');
    expect(await onHand(s.f.product.id, bin.code)).toBe('1');

    const [lost] = await entriesOfMove(byItem[s.f.plate.sku].stockMoveId!);
    expect([lost.source, lost.amount, lost.lines.map((l) => [l.account, l.debit, l.credit])]).toEqual([
      'ADJUSTMENT',
      '3',
      [
        ['5910', '3', '0'],
        ['1400', '0', '3'],
      ],
    ]);
    const [found] = await entriesOfMove(byItem[s.f.product.sku].stockMoveId!);
    expect(found.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1400', '1.5', '0'],
      ['5910', '0', '1.5'],
    ]);
    await refusedWithoutTrace(
      () => planner().fail(PostCycleCountDocument, { input: { cycleCountId: sheet.id } }),
      'INVALID_STATE',
      /is posted/,
    );
    const listed = (await planner().ok(CycleCountsDocument, { filter: { locationId: bin.id } })).cycleCounts.edges.map((e) => e.node.code);
    expect(listed).toEqual([sheet.code]);
  });

  test('an adjustment needs a reason, cannot lose more than is there, and is itself reversible', async () => {
    const bin = await store();
    await planner().ok(ReceiveStockDocument, { input: { itemId: s.f.plate.id, locationId: bin.id, qty: '3' } });
    await refusedWithoutTrace(
      () => planner().fail(AdjustStockDocument, { input: { itemId: s.f.plate.id, locationId: bin.id, qty: '-4', reason: 'broken' } }),
      'INSUFFICIENT_STOCK',
      /3 pcs on hand, 4 needed/,
    );
    const lost = (
      await planner().ok(AdjustStockDocument, { input: { itemId: s.f.plate.id, locationId: bin.id, qty: '-1', reason: 'Dropped' } })
    ).adjustStock.stockMove;
    expect(lost).toMatchObject({ reason: 'ADJUSTMENT', qty: '1', note: 'Dropped' });
    expect(await onHand(s.f.plate.id, bin.code)).toBe('2');
    await planner().ok(ReverseStockMoveDocument, { input: { stockMoveId: lost.id, reason: 'Found it after all' } });
    expect(await onHand(s.f.plate.id, bin.code)).toBe('3');
  });
});
