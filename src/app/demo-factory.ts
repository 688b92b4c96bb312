import type { Ctx } from '../kernel/unit-of-work/context';
import type { HubRuntime } from '../kernel/unit-of-work/runtime';
import { SYSTEM_ACTOR } from '../kernel/auth/actor';
import type { EntityManager } from '../kernel/db/orm';
import { Item, ItemTracking, ItemType } from '../modules/catalog/item.entity';
import { WorkCenterState } from '../modules/catalog/work-center.entity';
import { PartnerKind } from '../modules/partners/partner.entity';
import { LocationType } from '../modules/inventory/location.entity';
import { createBom, createItem, createRouting, createWorkCenter } from '../modules/catalog/catalog.service';
import { createPartner } from '../modules/partners/partner.service';
import { createLocation, receiveStock } from '../modules/inventory/inventory.service';
import { createSalesOrder } from '../modules/sales/sales.service';
import { createWorkOrdersForSalesOrder, releaseWorkOrder } from '../modules/production/work-order.service';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A small valve factory, loaded on first start so a newcomer has something to query: two customers
 * with open orders, two suppliers, a two-level BOM, routings over three work centers, stock on hand and
 * one work order already released to the floor. It is made through the services, so it obeys every rule.
 */
export async function loadDemoFactory(em: EntityManager, runtime: HubRuntime): Promise<boolean> {
  if ((await em.count(Item, {})) > 0) return false;
  const ctx: Ctx = { em, actor: SYSTEM_ACTOR, runtime };

  const acme = await createPartner(ctx, { code: 'C-ACME', name: 'ACME Tractors', kind: PartnerKind.CUSTOMER, email: 'buyer@acme.example' });
  const nordic = await createPartner(ctx, { code: 'C-NORDIC', name: 'Nordic Farm Machines', kind: PartnerKind.CUSTOMER });
  const steel = await createPartner(ctx, { code: 'S-STEEL', name: 'Baltic Steel Supply', kind: PartnerKind.SUPPLIER });
  const seals = await createPartner(ctx, { code: 'S-SEALS', name: 'Seals & Fasteners Co', kind: PartnerKind.SUPPLIER });

  const loc = async (code: string, name: string, type: LocationType) => createLocation(ctx, { code, name, type });
  await loc('RECV', 'Receiving dock', LocationType.RECEIVING);
  const stock = await loc('STOCK', 'Main store', LocationType.STORAGE);
  await loc('LINE-1', 'Assembly line side', LocationType.LINE_SIDE);
  await loc('FG', 'Finished goods', LocationType.FINISHED_GOODS);
  await loc('SHIP', 'Shipping', LocationType.SHIPPING);

  const wc = async (code: string, name: string, hours: string, labourRatePerHour: string, machineRatePerHour: string) =>
    createWorkCenter(ctx, {
      code,
      name,
      capacityHoursPerDay: hours,
      calendar: 'MON-FRI 06:00-22:00',
      state: WorkCenterState.UP,
      labourRatePerHour,
      machineRatePerHour,
    });
  const cnc = await wc('CNC-1', 'CNC machining cell', '16', '38', '55');
  const asm = await wc('ASM-1', 'Valve assembly', '16', '34', '12');
  const test = await wc('TEST-1', 'Pressure test bench', '8', '34', '20');

  const item = (sku: string, name: string, type: ItemType, unit: string, cost: string, tracking = ItemTracking.NONE, supplier?: string) =>
    createItem(ctx, { sku, name, type, unit, tracking, standardCost: cost, leadTimeDays: supplier ? 7 : 2, preferredSupplierId: supplier });
  const bar = await item('STEEL-BAR-40', 'Steel bar Ø40 mm', ItemType.RAW, 'kg', '2.85', ItemTracking.LOT, steel.id);
  const sealKit = await item('SEAL-KIT-200', 'Seal kit for HV200', ItemType.RAW, 'pcs', '4.10', ItemTracking.NONE, seals.id);
  const bolt = await item('BOLT-M8', 'Bolt M8×30, zinc', ItemType.RAW, 'pcs', '0.06', ItemTracking.NONE, seals.id);
  const body = await item('BODY-200', 'Machined valve body', ItemType.SEMI, 'pcs', '9.80');
  const valve = await item('HV-200', 'Hydraulic valve HV200', ItemType.FINISHED, 'pcs', '31.50', ItemTracking.LOT);

  await createBom(ctx, { itemId: body.id, lines: [{ componentId: bar.id, qtyPer: '1.2', scrapPct: '5' }] });
  await createBom(ctx, {
    itemId: valve.id,
    lines: [
      { componentId: body.id, qtyPer: '1', scrapPct: '0' },
      { componentId: sealKit.id, qtyPer: '1', scrapPct: '2' },
      { componentId: bolt.id, qtyPer: '4', scrapPct: '0' },
    ],
  });
  const op = (sequence: number, name: string, workCenterId: string, setup: string, run: string, inspection = false) => ({
    sequence,
    name,
    workCenterId,
    setupMinutes: setup,
    runMinutesPerUnit: run,
    inspection,
  });
  await createRouting(ctx, { itemId: body.id, operations: [op(10, 'Saw and mill body', cnc.id, '30', '6')] });
  await createRouting(ctx, {
    itemId: valve.id,
    operations: [op(10, 'Assemble valve', asm.id, '15', '4'), op(20, 'Pressure test', test.id, '10', '2', true)],
  });

  const receive = (itemId: string, qty: string, lotCode?: string) =>
    receiveStock(ctx, { itemId, locationId: stock.id, qty, lotCode, reference: 'Opening stock' });
  await receive(bar.id, '500', 'L-2026-0042');
  await receive(sealKit.id, '120');
  await receive(bolt.id, '2000');
  await receive(body.id, '60');

  const so1 = await createSalesOrder(ctx, {
    customerId: acme.id,
    customerReference: 'PO-7781',
    lines: [{ itemId: valve.id, qty: '40', dueDate: inDays(14) }],
  });
  const so2 = await createSalesOrder(ctx, {
    customerId: nordic.id,
    lines: [{ itemId: valve.id, qty: '25', dueDate: inDays(21) }],
  });
  const [wo1] = await createWorkOrdersForSalesOrder(ctx, { salesOrderId: so1.id });
  await createWorkOrdersForSalesOrder(ctx, { salesOrderId: so2.id });
  await releaseWorkOrder(ctx, { workOrderId: wo1.id });
  return true;
}
