import { randomUUID } from 'node:crypto';
import { hubWithFactory } from './support/suite';
import { receive, releasedOrder, uniq } from './support/factory';
import { databaseSnapshot } from './support/invariants';
import { readScan } from '../src/kernel/codes/scan-text';
import {
  CreateItemDocument,
  CreateLocationDocument,
  IssueByCodesDocument,
  MoveByCodesDocument,
  ReceiveStockDocument,
  RecordExecutionEventDocument,
  ScanCodeDocument,
  ShipSalesOrderDocument,
  CreateSalesOrderDocument,
} from './generated/graphql';

/**
 * The codes on paper and labels work wherever an id does: an operation as WO-000123/20, work orders,
 * SKUs, lots (also from a lot label's GS1 payload) and locations; a code that names nothing is refused
 * naming the field and the code, and writes nothing.
 */
const s = hubWithFactory();
const operator = () => s.t.client('operator');
const planner = () => s.t.client('planner');

async function refusedWithoutTrace(call: () => Promise<{ code: string; message: string; extensions?: Record<string, unknown> }>) {
  const before = await databaseSnapshot(s.t.em());
  const error = await call();
  expect(await databaseSnapshot(s.t.em())).toEqual(before);
  return error;
}

describe('scanned text is read into the code it carries', () => {
  test.each([
    ['WO-000123/20', { text: 'WO-000123/20' }],
    ['  LS-01\r\n', { text: 'LS-01' }],
    [']Q1WO-000123/20', { text: 'WO-000123/20' }],
    ['(240)BOLT-M8(10)L-0042', { text: '(240)BOLT-M8(10)L-0042', gs1: { '240': 'BOLT-M8', '10': 'L-0042' } }],
    [']C124012345\x1d10LOT7', { text: '24012345\x1d10LOT7', gs1: { '240': '12345', '10': 'LOT7' } }],
    [']C10109506000134352' + '10ABC', { text: '0109506000134352' + '10ABC', gs1: { '01': '09506000134352', '10': 'ABC' } }],
    // Not GS1: an AI we do not know, or a fixed-length field of the wrong length, stays text.
    ['(99)X', { text: '(99)X' }],
    ['(01)123', { text: '(01)123' }],
  ])('%j', (raw, read) => {
    expect(readScan(raw)).toEqual(read);
  });
});

describe('an operator works from the codes on the traveller and the labels', () => {
  test('start and complete an operation by WO-code/sequence; a retry by id is the same scan', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '4');
    const start = await operator().ok(RecordExecutionEventDocument, {
      input: { operationCode: `${wo.code}/10`, type: 'START', clientEventId: randomUUID() },
    });
    expect(start.recordExecutionEvent.operation.state).toBe('RUNNING');

    const clientEventId = randomUUID();
    const done = await operator().ok(RecordExecutionEventDocument, {
      input: { operationCode: ` ${wo.code} / 10 `, type: 'COMPLETE', qty: '4', clientEventId },
    });
    expect(done.recordExecutionEvent.operation).toMatchObject({ state: 'DONE', qtyGood: '4' });
    // The same scan sent again by the operation's id is a replay, not a second count.
    const again = await operator().ok(RecordExecutionEventDocument, {
      input: { operationId: done.recordExecutionEvent.operation.id, type: 'COMPLETE', qty: '4', clientEventId },
    });
    expect(again.recordExecutionEvent.replayed).toBe(true);
    expect(again.recordExecutionEvent.operation.qtyGood).toBe('4');
  });

  test('receive, move and issue a lot by SKU, location codes and the lot label', async () => {
    const line = (await planner().ok(CreateLocationDocument, { input: { code: uniq('LS'), name: 'Line side', type: 'LINE_SIDE' } }))
      .createLocation.location;
    const lot = uniq('L');
    const received = await operator().ok(ReceiveStockDocument, {
      input: { itemSku: s.f.resin.sku, locationCode: s.f.stock.code, qty: '10', lotCode: lot },
    });
    expect(received.receiveStock.stockMove.lot?.code).toBe(lot);

    // A lot label carries the SKU and the lot: the item need not be named again.
    const moved = await operator().ok(MoveByCodesDocument, {
      input: { lotCode: `(240)${s.f.resin.sku}(10)${lot}`, fromLocationCode: s.f.stock.code, toLocationCode: line.code, qty: '6' },
    });
    expect(moved.transferStock.stockMove).toMatchObject({
      qty: '6',
      item: { sku: s.f.resin.sku },
      lot: { code: lot },
      fromLocation: { code: s.f.stock.code },
      toLocation: { code: line.code },
    });

    const { wo } = await releasedOrder(planner(), s.f, '2');
    // The operation's code on the traveller names its work order.
    const issued = await operator().ok(IssueByCodesDocument, {
      input: { workOrderCode: `${wo.code}/10`, itemSku: s.f.resin.sku, lotCode: lot, fromLocationCode: line.code, qty: '0.5' },
    });
    expect(issued.issueMaterial.stockMove).toMatchObject({ qty: '0.5', lot: { code: lot }, fromLocation: { code: line.code } });
    expect(issued.issueMaterial.workOrder.materials.find((m) => m.item.sku === s.f.resin.sku)?.qtyIssued).toBe('0.5');
  });

  test("a GS1-128 scanner's raw payload (]C1, group separators, line end) works where codes are read, and only there", async () => {
    const lot = uniq('L');
    await receive(planner(), s.f, s.f.resin.id, '5', lot);
    const GS = '\x1d';
    // What a keyboard-wedge GS1-128 scanner types for a lot label: AIM prefix, AI 240 (variable length,
    // ended by the group separator), AI 10, and the Enter it sends after every scan.
    const raw = `]C1240${s.f.resin.sku}${GS}10${lot}\r\n`;
    const named = (await operator().ok(ScanCodeDocument, { code: raw })).scanCode;
    expect(named.map((f) => [f.kind, f.label])).toEqual([['lot', `${lot} (${s.f.resin.sku})`]]);
    const moved = await operator().ok(MoveByCodesDocument, {
      input: { lotCode: raw, fromLocationCode: `${s.f.stock.code}\r\n`, toLocationCode: s.f.fg.code, qty: '2' },
    });
    expect(moved.transferStock.stockMove).toMatchObject({ qty: '2', item: { sku: s.f.resin.sku }, lot: { code: lot } });
    // Anywhere else a group separator is still a control character nobody meant to type.
    const refused = await refusedWithoutTrace(() =>
      operator().fail(ReceiveStockDocument, {
        input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '1', lotCode: lot, reference: `ASN${GS}7` },
      }),
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'reference' } });
    // And in a code field, other control characters are refused as before.
    const nul = await operator().fail(ScanCodeDocument, { code: `WO-1\x00` });
    expect(nul).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'code' } });
  });

  test('a sales order and its ship-from location by code', async () => {
    await receive(planner(), s.f, s.f.product.id, '3');
    await operator().ok(MoveByCodesDocument, {
      input: { itemSku: s.f.product.sku, fromLocationCode: s.f.stock.code, toLocationCode: s.f.fg.code, qty: '3' },
    });
    const so = (
      await planner().ok(CreateSalesOrderDocument, {
        input: { customerId: s.f.customer.id, lines: [{ itemId: s.f.product.id, qty: '3', dueDate: '2030-01-01' }] },
      })
    ).createSalesOrder.salesOrder;
    const shipped = await planner().ok(ShipSalesOrderDocument, { input: { salesOrderCode: so.code, fromLocationCode: s.f.fg.code } });
    expect(shipped.shipSalesOrder.shipment.salesOrder.code).toBe(so.code);
  });

  test('a code that names nothing is refused naming the field and the code, and writes nothing', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '1');
    const noOp = await refusedWithoutTrace(() =>
      operator().fail(RecordExecutionEventDocument, {
        input: { operationCode: `${wo.code}/99`, type: 'START', clientEventId: randomUUID() },
      }),
    );
    expect(noOp).toMatchObject({
      code: 'NOT_FOUND',
      message: `operationCode: no operation has the code "${wo.code}/99" (operation codes look like WO-000123/20 (work order / sequence))`,
      extensions: { field: 'operationCode', value: `${wo.code}/99` },
    });

    const noLocation = await refusedWithoutTrace(() =>
      operator().fail(MoveByCodesDocument, {
        input: { itemSku: s.f.plate.sku, fromLocationCode: 'NOWHERE-7', toLocationCode: s.f.fg.code, qty: '1' },
      }),
    );
    expect(noLocation).toMatchObject({ code: 'NOT_FOUND', extensions: { field: 'fromLocationCode', value: 'NOWHERE-7' } });

    const both = await refusedWithoutTrace(() =>
      operator().fail(MoveByCodesDocument, {
        input: { itemId: s.f.plate.id, itemSku: s.f.plate.sku, fromLocationId: s.f.stock.id, toLocationCode: s.f.fg.code, qty: '1' },
      }),
    );
    expect(both).toMatchObject({ code: 'BAD_USER_INPUT', message: 'itemSku: give itemId or itemSku, not both' });

    const neither = await refusedWithoutTrace(() =>
      operator().fail(RecordExecutionEventDocument, { input: { type: 'START', clientEventId: randomUUID() } }),
    );
    expect(neither).toMatchObject({ code: 'BAD_USER_INPUT', message: 'operationId: give operationId or operationCode' });
  });

  test('a lot code two items share must be read within its item', async () => {
    const lot = uniq('SHARED');
    await receive(planner(), s.f, s.f.resin.id, '1', lot);
    const glue = (
      await planner().ok(CreateItemDocument, {
        input: { sku: uniq('GLUE'), name: 'Glue', type: 'RAW', tracking: 'LOT', unit: 'kg', standardCost: '2' },
      })
    ).createItem.item;
    const other = await planner().ok(ReceiveStockDocument, {
      input: { itemSku: glue.sku, locationCode: s.f.stock.code, qty: '1', lotCode: lot },
    });
    expect(other.receiveStock.stockMove.lot?.code).toBe(lot);
    const found = (await operator().ok(ScanCodeDocument, { code: lot })).scanCode;
    expect(found.map((f) => [f.kind, f.label]).sort()).toEqual(
      [
        ['lot', `${lot} (${glue.sku})`],
        ['lot', `${lot} (${s.f.resin.sku})`],
      ].sort(),
    );
    const within = await operator().ok(ScanCodeDocument, { code: `(240)${s.f.resin.sku}(10)${lot}` });
    expect(within.scanCode.map((f) => f.label)).toEqual([`${lot} (${s.f.resin.sku})`]);
  });

  test('scanCode tells a station what a code names', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '1');
    const op = (await operator().ok(ScanCodeDocument, { code: `${wo.code}/20` })).scanCode;
    expect(op.map((f) => [f.kind, f.label])).toEqual([
      ['operation', `${wo.code}/20`],
      ['workOrder', wo.code],
    ]);
    expect((await operator().ok(ScanCodeDocument, { code: s.f.fg.code })).scanCode.map((f) => f.kind)).toEqual(['location']);
    expect((await operator().ok(ScanCodeDocument, { code: s.f.plate.sku })).scanCode.map((f) => f.kind)).toEqual(['item']);
    expect((await operator().ok(ScanCodeDocument, { code: 'NOTHING-HAS-THIS' })).scanCode).toEqual([]);
    const customer = await s.t.client('customer', s.f.customer.id).fail(ScanCodeDocument, { code: wo.code });
    expect(customer.code).toBe('FORBIDDEN');
  });
});
