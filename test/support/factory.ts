import { randomBytes } from 'node:crypto';
import type { HttpClient } from './client';
import {
  CreateBomDocument,
  CreateItemDocument,
  CreateLocationDocument,
  CreatePartnerDocument,
  CreateRoutingDocument,
  CreateSalesOrderDocument,
  CreateWorkCenterDocument,
  CreateWorkOrdersForSalesOrderDocument,
  LocationsDocument,
  ReceiveStockDocument,
  ReleaseWorkOrderDocument,
} from '../generated/graphql';

export const uniq = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex').toUpperCase()}`;
export const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A small factory made through the API, with codes unique to the call, so tests sharing a database
 * never trip over each other: a customer, a supplier, stores, two work centers, two components
 * (one lot-tracked), and a finished item with a BOM and a three-step routing.
 */
export async function buildFactory(api: HttpClient) {
  const customer = (await api.ok(CreatePartnerDocument, { input: { code: uniq('C'), name: 'Customer', kind: 'CUSTOMER' } })).createPartner
    .partner;
  const supplier = (await api.ok(CreatePartnerDocument, { input: { code: uniq('S'), name: 'Supplier', kind: 'SUPPLIER' } })).createPartner
    .partner;
  const stock = (await api.ok(CreateLocationDocument, { input: { code: uniq('STOCK'), name: 'Store', type: 'STORAGE' } })).createLocation
    .location;
  const existingFg = (await api.ok(LocationsDocument, { filter: { types: ['FINISHED_GOODS'] } })).locations.edges[0]?.node;
  const fg =
    existingFg ??
    (await api.ok(CreateLocationDocument, { input: { code: 'FG', name: 'Finished goods', type: 'FINISHED_GOODS' } })).createLocation
      .location;
  const wc1 = (await api.ok(CreateWorkCenterDocument, { input: { code: uniq('WC'), name: 'Machining' } })).createWorkCenter.workCenter;
  const wc2 = (await api.ok(CreateWorkCenterDocument, { input: { code: uniq('WC'), name: 'Assembly' } })).createWorkCenter.workCenter;
  const item = async (
    sku: string,
    type: 'RAW' | 'FINISHED',
    tracking: 'NONE' | 'LOT' = 'NONE',
    unit = 'pcs',
    preferredSupplierId?: string,
  ) =>
    (
      await api.ok(CreateItemDocument, {
        input: { sku: uniq(sku), name: sku, type, tracking, unit, standardCost: '1.5', preferredSupplierId },
      })
    ).createItem.item;
  const plate = await item('PLATE', 'RAW', 'NONE', 'pcs', supplier.id);
  const resin = await item('RESIN', 'RAW', 'LOT', 'kg', supplier.id);
  const product = await item('WIDGET', 'FINISHED');
  await api.ok(CreateBomDocument, {
    input: {
      itemId: product.id,
      lines: [
        { componentId: plate.id, qtyPer: '2' },
        { componentId: resin.id, qtyPer: '0.25', scrapPct: '4' },
      ],
    },
  });
  await api.ok(CreateRoutingDocument, {
    input: {
      itemId: product.id,
      operations: [
        { sequence: 10, name: 'Cut', workCenterId: wc1.id, setupMinutes: '10', runMinutesPerUnit: '1.5' },
        { sequence: 20, name: 'Assemble', workCenterId: wc2.id, runMinutesPerUnit: '3' },
        { sequence: 30, name: 'Test', workCenterId: wc2.id, runMinutesPerUnit: '0.5', inspection: true },
      ],
    },
  });
  return { customer, supplier, stock, fg, wc1, wc2, plate, resin, product };
}

export type Factory = Awaited<ReturnType<typeof buildFactory>>;

export async function receive(api: HttpClient, f: Factory, itemId: string, qty: string, lotCode?: string) {
  return (await api.ok(ReceiveStockDocument, { input: { itemId, locationId: f.stock.id, qty, lotCode } })).receiveStock.stockMove;
}

/** A sales order for the product, its work order created and released. */
export async function releasedOrder(api: HttpClient, f: Factory, qty: string) {
  const so = (
    await api.ok(CreateSalesOrderDocument, {
      input: { customerId: f.customer.id, customerReference: uniq('PO'), lines: [{ itemId: f.product.id, qty, dueDate: inDays(10) }] },
    })
  ).createSalesOrder.salesOrder;
  const [wo] = (await api.ok(CreateWorkOrdersForSalesOrderDocument, { input: { salesOrderId: so.id } })).createWorkOrdersForSalesOrder
    .workOrders;
  const released = (await api.ok(ReleaseWorkOrderDocument, { input: { workOrderId: wo.id } })).releaseWorkOrder.workOrder;
  return { so, wo: released };
}
