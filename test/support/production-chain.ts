import type { HttpClient } from './client';
import { inDays, uniq, type Factory } from './factory';
import {
  ConfirmCommitmentDocument,
  CreateBomDocument,
  CreateItemDocument,
  CreateRoutingDocument,
  CreateSalesOrderDocument,
  CreateWorkOrderDocument,
  IssueMaterialDocument,
  LotsOfItemDocument,
  ReceiveCommitmentDocument,
  ReceiveLotDocument,
  RecordExecutionEventDocument,
  ReleaseWorkOrderDocument,
  RequestCommitmentDocument,
  ShipCommitmentDocument,
  ShipSalesOrderDocument,
} from '../generated/graphql';

type Client = (role: 'planner' | 'operator' | 'supplier', partnerId?: string) => HttpClient;

export async function lotItem(api: HttpClient, sku: string, type: 'RAW' | 'SEMI' | 'FINISHED', unit = 'pcs') {
  return (await api.ok(CreateItemDocument, { input: { sku: uniq(sku), name: sku, type, tracking: 'LOT', unit, standardCost: '2' } }))
    .createItem.item;
}

/** A work order made, released, its materials issued as given, started and completed: its lot is its code. */
export async function make(
  client: Client,
  f: Factory,
  itemId: string,
  qty: string,
  issues: { itemId: string; qty: string; lotId?: string; fromLocationId?: string }[],
) {
  const planner = client('planner');
  const wo = (await planner.ok(CreateWorkOrderDocument, { input: { itemId, qty, dueDate: inDays(5) } })).createWorkOrder.workOrder;
  const released = (await planner.ok(ReleaseWorkOrderDocument, { input: { workOrderId: wo.id } })).releaseWorkOrder.workOrder;
  const operator = client('operator');
  for (const i of issues) {
    await operator.ok(IssueMaterialDocument, {
      input: { workOrderId: wo.id, itemId: i.itemId, qty: i.qty, lotId: i.lotId, fromLocationId: i.fromLocationId ?? f.stock.id },
    });
  }
  for (const op of released.operations) {
    await operator.ok(RecordExecutionEventDocument, { input: { operationId: op.id, type: 'START', clientEventId: uniq('start') } });
    await operator.ok(RecordExecutionEventDocument, { input: { operationId: op.id, type: 'COMPLETE', qty, clientEventId: uniq('done') } });
  }
  return released;
}

/** Raw material of a lot received against a supplier commitment with an advance shipping notice. */
export async function supplied(client: Client, f: Factory, itemId: string, qty: string, lotCode: string, asn: string) {
  const c = (
    await client('planner').ok(RequestCommitmentDocument, { input: { supplierId: f.supplier.id, itemId, qty, neededBy: inDays(3) } })
  ).requestCommitment.commitment;
  const supplier = client('supplier', f.supplier.id);
  await supplier.ok(ConfirmCommitmentDocument, { input: { commitmentId: c.id, qty, promisedDate: inDays(2) } });
  await supplier.ok(ShipCommitmentDocument, {
    input: { commitmentId: c.id, shipmentRef: asn, expectedArrival: inDays(2), lines: [{ qty, lotCode }] },
  });
  await client('operator').ok(ReceiveCommitmentDocument, { input: { commitmentId: c.id, locationId: f.stock.id } });
  return c;
}

/**
 * Three levels of production over the factory's resin: supplier lot R1 (received against a commitment
 * with an ASN) and plates make a SHAFT lot; the shaft lot and resin lot R2 (a plain receipt) make a
 * MOTOR lot; two motors ship to the customer, one stays in finished goods.
 */
export async function threeLevelChain(client: Client, f: Factory) {
  const planner = client('planner');
  const shaft = await lotItem(planner, 'SHAFT', 'SEMI');
  const motor = await lotItem(planner, 'MOTOR', 'FINISHED');
  await planner.ok(CreateBomDocument, {
    input: {
      itemId: shaft.id,
      lines: [
        { componentId: f.resin.id, qtyPer: '0.5' },
        { componentId: f.plate.id, qtyPer: '1' },
      ],
    },
  });
  await planner.ok(CreateBomDocument, {
    input: {
      itemId: motor.id,
      lines: [
        { componentId: shaft.id, qtyPer: '1' },
        { componentId: f.resin.id, qtyPer: '0.2' },
      ],
    },
  });
  await planner.ok(CreateRoutingDocument, {
    input: { itemId: shaft.id, operations: [{ sequence: 10, name: 'Turn', workCenterId: f.wc1.id, runMinutesPerUnit: '1' }] },
  });
  await planner.ok(CreateRoutingDocument, {
    input: { itemId: motor.id, operations: [{ sequence: 10, name: 'Wind', workCenterId: f.wc2.id, runMinutesPerUnit: '2' }] },
  });
  const r1Code = uniq('R1');
  const asn = uniq('ASN');
  const commitment = await supplied(client, f, f.resin.id, '10', r1Code, asn);
  const r2 = (
    await planner.ok(ReceiveLotDocument, {
      input: { itemId: f.resin.id, locationId: f.stock.id, qty: '5', lotCode: uniq('R2'), reference: 'GRN-77' },
    })
  ).receiveStock.stockMove;
  await planner.ok(ReceiveLotDocument, { input: { itemId: f.plate.id, locationId: f.stock.id, qty: '20' } });
  const r1 = { lot: { id: await lotOf(planner, f.resin.id, r1Code) } };

  const wo1 = await make(client, f, shaft.id, '4', [
    { itemId: f.resin.id, qty: '2', lotId: r1.lot.id },
    { itemId: f.plate.id, qty: '4' },
  ]);
  const shaftLot = await lotOf(planner, shaft.id, wo1.code);
  const wo2 = await make(client, f, motor.id, '3', [
    { itemId: shaft.id, qty: '3', lotId: shaftLot, fromLocationId: f.fg.id },
    { itemId: f.resin.id, qty: '0.6', lotId: r2.lot!.id },
  ]);
  const motorLot = await lotOf(planner, motor.id, wo2.code);
  const so = (
    await planner.ok(CreateSalesOrderDocument, {
      input: { customerId: f.customer.id, lines: [{ itemId: motor.id, qty: '2', dueDate: inDays(7) }] },
    })
  ).createSalesOrder.salesOrder;
  const shipment = (await planner.ok(ShipSalesOrderDocument, { input: { salesOrderId: so.id } })).shipSalesOrder.shipment;
  return {
    shaft,
    motor,
    commitment,
    asn,
    r1: { id: r1.lot.id, code: r1Code },
    r2: { id: r2.lot!.id, code: r2.lot!.code },
    wo1,
    wo2,
    shaftLot: { id: shaftLot, code: wo1.code },
    motorLot: { id: motorLot, code: wo2.code },
    so,
    shipment,
  };
}

export async function lotOf(api: HttpClient, itemId: string, code: string): Promise<string> {
  const lots = (await api.ok(LotsOfItemDocument, { filter: { itemId } })).lots.edges.map((e) => e.node);
  const lot = lots.find((l) => l.code === code);
  if (!lot) throw new Error(`no lot ${code}`);
  return lot.id;
}
