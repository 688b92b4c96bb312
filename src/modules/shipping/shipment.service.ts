import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { idempotent, record, type Idempotency } from '../../kernel/unit-of-work/transaction';
import { requestFingerprint } from '../../kernel/common/idempotency';
import { dec } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/db/codes';
import { externalRefsOf } from '../../kernel/external-refs/external-refs.service';
import { StockMoveReason } from '../inventory/stock-move.entity';
import { moveStock, systemLocation } from '../inventory/stock-ledger';
import { countShipment } from '../sales/sales-shipping.service';
import type { SalesOrder, SalesOrderLine } from '../sales/sales-order.entity';
import { Shipment, ShipmentLine } from './shipment.entity';
import { Picker, shipFromLocations } from './picking';
import { ShippingEvent } from './shipping.events';
import type { ShipSalesOrderInput } from './dto/shipping.inputs';
import { resolveRefs } from '../../kernel/codes/code-book';

/**
 * Ships (part of) a sales order, in one transaction: sales counts the quantities against the order's
 * lines (refusing to over-ship), the lots are picked, each pick moves through the stock ledger from its
 * location to the virtual customer location (which books the cost of goods sold and applies the lot
 * rules), the shipment is recorded under a new delivery note number, and ShipmentPosted carries it to
 * subscribers and adapters. Anything refused writes nothing. Idempotent on `idempotencyKey`.
 */
export async function shipSalesOrder(ctx: Ctx, given: ShipSalesOrderInput): Promise<Shipment> {
  const input = await withIds(ctx, given);
  const keyed: Idempotency<Shipment> = {
    field: 'idempotencyKey',
    key: input.idempotencyKey,
    fingerprint: requestFingerprint('shipSalesOrder', input),
    earlier: async (c) => {
      const found = await c.em.findOne(Shipment, { idempotencyKey: input.idempotencyKey });
      return found && { fingerprint: found.idempotencyFingerprint, result: found };
    },
  };
  return idempotent(ctx, keyed, async (tx, replay) => {
    const requests = input.lines?.map((l) => ({ salesOrderLineId: l.salesOrderLineId, qty: l.qty }));
    const { order, lines } = await countShipment(tx, input.salesOrderId, requests);
    // A retry that waited for the order's lock behind the first try answers the first result.
    const earlier = await replay(tx);
    if (earlier) return earlier;
    const picker = new Picker(tx, await shipFromLocations(tx, input.fromLocationId));
    const customer = await systemLocation(tx, 'VIRT-CUSTOMER');
    const code = await nextCode(tx.em, 'delivery_note_code_seq', 'DN');
    const shipment = tx.em.create(Shipment, {
      code,
      salesOrder: order,
      customer: order.customer,
      carrier: input.carrier,
      trackingRef: input.trackingRef,
      shippedAt: new Date(),
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: input.idempotencyKey ? keyed.fingerprint : undefined,
      actor: tx.actor?.subject,
    });
    const shipped: ShippedLine[] = [];
    for (const [i, { line, qty }] of lines.entries()) {
      const item = line.item.getEntity();
      const named = input.lines?.[i]?.picks;
      const picks = await picker.pick(item, dec(qty), named, `line ${line.lineNo} of ${order.code}`, `lines[${i}]`);
      for (const pick of picks) {
        const move = await moveStock(tx, {
          item,
          from: pick.location,
          to: customer,
          qty: pick.qty.toFixed(),
          lot: pick.lot,
          reason: StockMoveReason.SHIPMENT,
          reference: code,
          context: { shipmentId: shipment.id, deliveryNote: code, salesOrderId: order.id },
        });
        const row = tx.em.create(ShipmentLine, {
          shipment,
          lineNo: shipped.length + 1,
          salesOrderLine: line,
          item,
          lot: pick.lot?.id,
          fromLocation: pick.location.id,
          qty: pick.qty.toFixed(),
          stockMoveId: move.id,
        });
        shipped.push({
          lineNo: row.lineNo,
          salesOrderLineId: line.id,
          salesOrderLineNo: line.lineNo,
          itemId: item.id,
          sku: item.sku,
          unit: item.unit,
          lotId: pick.lot?.id ?? null,
          lotCode: pick.lot?.code ?? null,
          fromLocationId: pick.location.id,
          qty: row.qty,
          stockMoveId: move.id,
        });
      }
    }
    await recordShipmentPosted(
      tx,
      shipment,
      order,
      shipped,
      lines.map((l) => l.line),
    );
    return shipment;
  });
}

/** A line of the ShipmentPosted event. */
interface ShippedLine {
  lineNo: number;
  salesOrderLineId: string;
  salesOrderLineNo: number;
  itemId: string;
  sku: string;
  unit: string;
  lotId: string | null;
  lotCode: string | null;
  fromLocationId: string;
  qty: string;
  stockMoveId: string;
}

/** The event carries the shipment as posted and the order's lines after it, so no reader needs the database. */
async function recordShipmentPosted(
  tx: TxCtx,
  shipment: Shipment,
  order: SalesOrder,
  shipped: readonly ShippedLine[],
  orderLines: readonly SalesOrderLine[],
): Promise<void> {
  // The ERP links the shipment to its own sale (system + id), as it does for a completed work order.
  const [salesOrderRefs] = await externalRefsOf(tx.em, 'SalesOrder', [order.id]);
  record(tx, {
    type: ShippingEvent.ShipmentPosted,
    aggregateType: 'Shipment',
    aggregateId: shipment.id,
    data: {
      shipmentId: shipment.id,
      code: shipment.code,
      state: shipment.state,
      carrier: shipment.carrier ?? null,
      trackingRef: shipment.trackingRef ?? null,
      shippedAt: shipment.shippedAt.toISOString(),
      salesOrderId: order.id,
      salesOrderCode: order.code,
      salesOrderState: order.state,
      customerId: order.customer.id,
      lines: shipped,
      salesOrderLines: orderLines.map((l) => ({
        salesOrderLineId: l.id,
        lineNo: l.lineNo,
        qty: dec(l.qty).toFixed(),
        qtyShipped: dec(l.qtyShipped).toFixed(),
      })),
      ...(salesOrderRefs?.length ? { salesOrderRefs } : {}),
    },
  });
}

/** The order and locations named by code become ids (lot codes are read by the picker, within the line's item). */
async function withIds(ctx: Ctx, given: ShipSalesOrderInput) {
  const input = await resolveRefs<ShipSalesOrderInput, 'salesOrderId'>(ctx, given, [
    { id: 'salesOrderId', code: 'salesOrderCode', kind: 'salesOrder' },
    { id: 'fromLocationId', code: 'fromLocationCode', kind: 'location', optional: true },
  ]);
  if (!input.lines?.some((l) => l.picks?.some((p) => p.locationCode != null))) return input;
  const lines = [];
  for (const [i, line] of input.lines.entries()) {
    const picks = [];
    for (const [j, pick] of (line.picks ?? []).entries()) {
      picks.push(
        await resolveRefs(
          ctx,
          pick,
          [{ id: 'locationId', code: 'locationCode', kind: 'location', optional: true }],
          `lines[${i}].picks[${j}].`,
        ),
      );
    }
    lines.push(Object.assign(Object.create(Object.getPrototypeOf(line) as object) as object, line, { picks: line.picks && picks }));
  }
  return Object.assign(Object.create(Object.getPrototypeOf(input) as object) as object, input, { lines }) as typeof input;
}
