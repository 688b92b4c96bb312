import type { Ctx } from '../../../kernel/unit-of-work/context';
import { inTransaction } from '../../../kernel/unit-of-work/transaction';
import { notFound } from '../../../kernel/common/errors';
import { isUuid } from '../../../kernel/db/lookup';
import { dec } from '../../../kernel/common/quantity';
import { WorkOrderState } from '../../production/work-order.entity';
import { placeHold } from '../../inventory/lot-hold.service';
import type { LotHold } from '../../inventory/lot-hold.entity';
import { stockOfLotsSql, traceSql } from './genealogy.sql';
import {
  TraceDirection,
  type LotTrace,
  type RecallCustomer,
  type RecallImpact,
  type RecallStock,
  type TraceLot,
  type TraceReceipt,
  type TraceShipment,
  type TraceWorkOrder,
} from './genealogy.types';

interface TraceRow {
  lots: TraceLot[] | null;
  work_orders: (Omit<TraceWorkOrder, 'completedAt'> & { completedAt: string | null })[] | null;
  receipts: (Omit<TraceReceipt, 'receivedAt'> & { receivedAt: string })[] | null;
  shipments: (Omit<TraceShipment, 'shippedAt'> & { shippedAt: string })[] | null;
}

/** JSON from the driver: PostgreSQL's driver parses json columns, PGlite's too; a string is parsed here for safety. */
const json = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * A lot's genealogy in one statement (see genealogy.sql.ts): backward to what it was made of and who
 * supplied it, or forward to what was made of it and who received that.
 */
export async function traceLot(ctx: Ctx, lotId: string, direction: TraceDirection): Promise<LotTrace> {
  if (!isUuid(lotId)) throw notFound('Lot', lotId);
  const [row] = await ctx.em.execute<TraceRow[]>(traceSql(direction), [lotId]);
  const lots = json(row.lots) ?? [];
  if (!lots.length) throw notFound('Lot', lotId);
  return {
    direction,
    lot: lots.find((l) => l.lotId === lotId)!,
    lots,
    workOrders: (json(row.work_orders) ?? []).map((w) => ({ ...w, completedAt: w.completedAt ? new Date(w.completedAt) : null })),
    receipts: (json(row.receipts) ?? []).map((r) => ({ ...r, receivedAt: new Date(r.receivedAt) })),
    shipments: (json(row.shipments) ?? []).map((s) => ({ ...s, shippedAt: new Date(s.shippedAt) })),
  };
}

interface StockRow {
  lot_id: string;
  lot_code: string;
  item_id: string;
  sku: string;
  unit: string;
  location_id: string;
  location_code: string;
  qty: string;
  lot_status: string;
}

/**
 * A recall of a lot: the forward trace, read as who received goods made of it (per customer and order)
 * and what of it is still in the plant — in stock, and in work orders not completed yet.
 */
export async function recallImpact(ctx: Ctx, lotId: string): Promise<RecallImpact> {
  const trace = await traceLot(ctx, lotId, TraceDirection.FORWARD);
  const stock = await ctx.em.execute<StockRow[]>(stockOfLotsSql(), [`{${trace.lots.map((l) => l.lotId).join(',')}}`]);
  const inStock: RecallStock[] = stock.map((r) => ({
    lotId: r.lot_id,
    lotCode: r.lot_code,
    itemId: r.item_id,
    sku: r.sku,
    unit: r.unit,
    locationId: r.location_id,
    locationCode: r.location_code,
    qty: r.qty,
    onHold: r.lot_status === 'ON_HOLD',
  }));
  const toHold = new Set(inStock.filter((s) => !s.onHold).map((s) => s.lotId));
  const done = new Set<string>([WorkOrderState.COMPLETED, WorkOrderState.CLOSED, WorkOrderState.CANCELLED]);
  return {
    lot: trace.lot,
    lots: trace.lots,
    customers: byCustomer(trace.shipments),
    inStock,
    lotsToHold: trace.lots.filter((l) => toHold.has(l.lotId)),
    openWorkOrders: trace.workOrders.filter((w) => !done.has(w.state)),
  };
}

function byCustomer(shipments: readonly TraceShipment[]): RecallCustomer[] {
  const customers = new Map<string, RecallCustomer>();
  for (const s of shipments) {
    let c = customers.get(s.customerId);
    if (!c) {
      c = { customerId: s.customerId, customerCode: s.customerCode, customerName: s.customerName, qty: '0', orders: [] };
      customers.set(s.customerId, c);
    }
    c.qty = dec(c.qty).plus(s.qty).toFixed();
    let o = c.orders.find((x) => x.salesOrderId === s.salesOrderId);
    if (!o) {
      o = { salesOrderId: s.salesOrderId, salesOrderCode: s.salesOrderCode, qty: '0', deliveryNotes: [] };
      c.orders.push(o);
    }
    o.qty = dec(o.qty).plus(s.qty).toFixed();
    if (!o.deliveryNotes.includes(s.code)) o.deliveryNotes.push(s.code);
  }
  return [...customers.values()].sort((a, b) => a.customerCode.localeCompare(b.customerCode));
}

/**
 * Holds every affected lot that still has stock here and is not on hold yet, in one transaction, each
 * hold naming the recalled lot. Returns the holds placed (none when everything is held already).
 */
export async function holdForRecall(ctx: Ctx, lotId: string, reason: string): Promise<LotHold[]> {
  const impact = await recallImpact(ctx, lotId);
  return inTransaction(ctx, async (tx) => {
    const holds: LotHold[] = [];
    for (const lot of impact.lotsToHold) {
      holds.push(
        await placeHold(tx, lot.lotId, `${reason} (recall of lot ${impact.lot.lotCode} of ${impact.lot.sku})`, {
          type: 'RECALL',
          id: lotId,
        }),
      );
    }
    return holds;
  });
}
