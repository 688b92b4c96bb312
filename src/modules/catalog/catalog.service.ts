import type { Ctx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput, conflict, invalidState } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { nonNegativeQty, positiveQty, qtyString } from '../../kernel/common/quantity';
import { linkExternalRefs } from '../../kernel/external-refs/external-refs.service';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { Item } from './item.entity';
import { WorkCenter } from './work-center.entity';
import { Bom, BomLine } from './bom.entity';
import { Routing, RoutingOperation } from './routing.entity';
import type {
  CreateBomInput,
  CreateItemInput,
  CreateRoutingInput,
  CreateWorkCenterInput,
  SetWorkCenterRatesInput,
} from './dto/catalog.inputs';
import { CatalogEvent } from './catalog.events';

export async function createItem(ctx: Ctx, input: CreateItemInput): Promise<Item> {
  return inTransaction(ctx, async (tx) => {
    if (await tx.em.count(Item, { sku: input.sku })) throw conflict(`An item with SKU ${input.sku} already exists`);
    let supplier: Partner | undefined;
    if (input.preferredSupplierId) {
      supplier = await getOrFail(tx.em, Partner, input.preferredSupplierId, 'Supplier');
      if (supplier.kind !== PartnerKind.SUPPLIER) throw badInput('preferredSupplierId', `${supplier.code} is not a supplier`);
    }
    const item = tx.em.create(Item, {
      sku: input.sku,
      name: input.name,
      type: input.type,
      unit: input.unit,
      tracking: input.tracking,
      standardCost: qtyString(nonNegativeQty(input.standardCost, 'standardCost')),
      leadTimeDays: input.leadTimeDays,
      preferredSupplier: supplier,
    });
    await linkExternalRefs(tx, 'Item', item.id, input.externalRefs);
    record(tx, { type: CatalogEvent.ItemCreated, aggregateType: 'Item', aggregateId: item.id, data: { sku: item.sku, name: item.name } });
    return item;
  });
}

export async function createWorkCenter(ctx: Ctx, input: CreateWorkCenterInput): Promise<WorkCenter> {
  return inTransaction(ctx, async (tx) => {
    if (await tx.em.count(WorkCenter, { code: input.code })) throw conflict(`Work center ${input.code} already exists`);
    const wc = tx.em.create(WorkCenter, {
      ...input,
      capacityHoursPerDay: qtyString(positiveQty(input.capacityHoursPerDay, 'capacityHoursPerDay')),
      labourRatePerHour: qtyString(nonNegativeQty(input.labourRatePerHour, 'labourRatePerHour')),
      machineRatePerHour: qtyString(nonNegativeQty(input.machineRatePerHour, 'machineRatePerHour')),
    });
    record(tx, { type: CatalogEvent.WorkCenterCreated, aggregateType: 'WorkCenter', aggregateId: wc.id, data: { code: wc.code } });
    return wc;
  });
}

/** New hourly rates for a work center: what its time costs from now on (work orders costed at close). */
export async function setWorkCenterRates(ctx: Ctx, input: SetWorkCenterRatesInput): Promise<WorkCenter> {
  return inTransaction(ctx, async (tx) => {
    const wc = await getOrFail(tx.em, WorkCenter, input.workCenterId, 'Work center');
    wc.labourRatePerHour = qtyString(nonNegativeQty(input.labourRatePerHour, 'labourRatePerHour'));
    wc.machineRatePerHour = qtyString(nonNegativeQty(input.machineRatePerHour, 'machineRatePerHour'));
    record(tx, {
      type: CatalogEvent.WorkCenterRatesChanged,
      aggregateType: 'WorkCenter',
      aggregateId: wc.id,
      data: { code: wc.code, labourRatePerHour: wc.labourRatePerHour, machineRatePerHour: wc.machineRatePerHour },
    });
    return wc;
  });
}

/** A new BOM version for the item; it becomes the active one, earlier versions are kept for history. */
export async function createBom(ctx: Ctx, input: CreateBomInput): Promise<Bom> {
  return inTransaction(ctx, async (tx) => {
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    const seen = new Set<string>();
    const components: Item[] = [];
    for (const [i, line] of input.lines.entries()) {
      if (line.componentId === item.id) throw badInput(`lines[${i}].componentId`, `${item.sku} cannot be its own component`);
      if (seen.has(line.componentId)) throw badInput(`lines[${i}].componentId`, 'each component may appear once');
      seen.add(line.componentId);
      components.push(await getOrFail(tx.em, Item, line.componentId, `Component (lines[${i}])`));
    }
    await assertNoCycle(tx, item.id, [...seen]);
    const previous = await tx.em.find(Bom, { item: item.id }, { orderBy: { version: 'desc' } });
    for (const b of previous) b.active = false;
    const bom = tx.em.create(Bom, { item, version: (previous[0]?.version ?? 0) + 1, active: true });
    input.lines.forEach((line, i) =>
      tx.em.create(BomLine, {
        bom,
        position: i + 1,
        component: components[i],
        qtyPer: qtyString(positiveQty(line.qtyPer, `lines[${i}].qtyPer`)),
        scrapPct: qtyString(nonNegativeQty(line.scrapPct, `lines[${i}].scrapPct`)),
      }),
    );
    record(tx, {
      type: CatalogEvent.BomCreated,
      aggregateType: 'Item',
      aggregateId: item.id,
      data: { bomId: bom.id, version: bom.version, lines: input.lines.length },
    });
    return bom;
  });
}

/** Refuses a BOM whose components (transitively, through their active BOMs) contain the parent. */
async function assertNoCycle(ctx: Ctx, parentId: string, componentIds: string[]): Promise<void> {
  const rows = await ctx.em.execute<{ item_id: string }[]>(
    `with recursive tree(item_id, depth) as (
       select unnest(?::uuid[]), 1
       union
       select bl.component_id, t.depth + 1 from tree t
         join bom b on b.item_id = t.item_id and b.active
         join bom_line bl on bl.bom_id = b.id
       where t.depth < 50
     ) select item_id from tree where item_id = ? limit 1`,
    [`{${componentIds.join(',')}}`, parentId],
  );
  if (rows.length) throw badInput('lines', 'this BOM would make the item a component of itself (a BOM cycle)');
}

/** A new routing version for the item; it becomes the active one. */
export async function createRouting(ctx: Ctx, input: CreateRoutingInput): Promise<Routing> {
  return inTransaction(ctx, async (tx) => {
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    const sequences = new Set<number>();
    const centers: WorkCenter[] = [];
    for (const [i, op] of input.operations.entries()) {
      if (sequences.has(op.sequence)) throw badInput(`operations[${i}].sequence`, `sequence ${op.sequence} is used twice`);
      sequences.add(op.sequence);
      centers.push(await getOrFail(tx.em, WorkCenter, op.workCenterId, `Work center (operations[${i}])`));
    }
    const previous = await tx.em.find(Routing, { item: item.id }, { orderBy: { version: 'desc' } });
    for (const r of previous) r.active = false;
    const routing = tx.em.create(Routing, { item, version: (previous[0]?.version ?? 0) + 1, active: true });
    input.operations.forEach((op, i) =>
      tx.em.create(RoutingOperation, {
        routing,
        sequence: op.sequence,
        name: op.name,
        workCenter: centers[i],
        setupMinutes: qtyString(nonNegativeQty(op.setupMinutes, `operations[${i}].setupMinutes`)),
        runMinutesPerUnit: qtyString(nonNegativeQty(op.runMinutesPerUnit, `operations[${i}].runMinutesPerUnit`)),
        inspection: op.inspection,
      }),
    );
    record(tx, {
      type: CatalogEvent.RoutingCreated,
      aggregateType: 'Item',
      aggregateId: item.id,
      data: { routingId: routing.id, version: routing.version, operations: input.operations.length },
    });
    return routing;
  });
}

export async function activeBom(ctx: Ctx, itemId: string): Promise<Bom | null> {
  return ctx.em.findOne(Bom, { item: itemId, active: true }, { populate: ['lines'] });
}

export async function activeRouting(ctx: Ctx, itemId: string): Promise<Routing | null> {
  return ctx.em.findOne(Routing, { item: itemId, active: true }, { populate: ['operations'] });
}

export const requireActiveRouting = async (ctx: Ctx, item: Item) => {
  const routing = await activeRouting(ctx, item.id);
  if (!routing) throw invalidState(`Item ${item.sku} has no active routing; create one before releasing`);
  return routing;
};
