import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Ctx } from '../../kernel/unit-of-work/context';
import { inTransaction } from '../../kernel/unit-of-work/transaction';
import { DomainError, ErrorCode, conflict } from '../../kernel/common/errors';
import { dec, nonNegativeQty } from '../../kernel/common/quantity';
import { Item, ItemTracking, ItemType } from '../../modules/catalog/item.entity';
import { Bom } from '../../modules/catalog/bom.entity';
import { createBom, createItem } from '../../modules/catalog/catalog.service';
import { Partner, PartnerKind } from '../../modules/partners/partner.entity';
import { createPartner } from '../../modules/partners/partner.service';
import { SalesOrder } from '../../modules/sales/sales-order.entity';
import { changeSalesOrderLines, createSalesOrder } from '../../modules/sales/sales.service';
import { createWorkOrdersForSalesOrder, followSalesOrderLine } from '../../modules/production/work-order.service';
import type { ImportedBom, ImportedItem, ImportedPartner, ImportedSalesOrder } from '../../contract/adapter';
import { ExternalRefLink } from '../../kernel/external-refs/external-ref.entity';
import { findByExternalRef, linkExternalRefs } from '../../kernel/external-refs/external-refs.service';
import type { RecordError } from './sync.entity';

export interface ImportBatch {
  items?: ImportedItem[];
  boms?: ImportedBom[];
  salesOrders?: ImportedSalesOrder[];
}

export interface ImportOptions {
  /** Create planned work orders for newly imported sales orders (what an ERP-driven plant wants). */
  planWorkOrders?: boolean;
}

export interface ImportResult {
  imported: number;
  unchanged: number;
  failed: number;
  errors: RecordError[];
}

/**
 * Imports records from an external system as idempotent upserts on their external refs: items first,
 * then BOMs (which need items), then sales orders (which need items and customers). Each record is
 * its own transaction: a bad record is reported — which one and why — and the rest still import.
 */
export async function importBatch(ctx: Ctx, system: string, batch: ImportBatch, options: ImportOptions = {}): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, unchanged: 0, failed: 0, errors: [] };
  const each = async <T>(records: T[] | undefined, label: (r: T) => string, run: (r: T) => Promise<boolean>) => {
    for (const r of records ?? []) {
      try {
        if (await run(r)) result.imported++;
        else result.unchanged++;
      } catch (e) {
        ctx.em.clear();
        result.failed++;
        result.errors.push({ record: label(r), reason: reasonOf(e) });
      }
    }
  };
  await each(
    batch.items,
    (r) => `item ${system}:${r.externalId} (${r.sku})`,
    (r) => upsertItem(ctx, system, r),
  );
  await each(
    batch.boms,
    (r) => `BOM ${system}:${r.externalId} (item ${r.itemExternalId})`,
    (r) => upsertBom(ctx, system, r),
  );
  await each(
    batch.salesOrders,
    (r) => `sales order ${system}:${r.externalId}`,
    (r) => importSalesOrder(ctx, system, r, options),
  );
  return result;
}

/** What to tell the sender about a refused record: our own messages as they are, never the database's. */
export function reasonOf(e: unknown): string {
  if (e instanceof UniqueConstraintViolationException) return 'the same record is being imported at this moment; send it again';
  if (e instanceof DriverException) return 'the database refused the record (a value out of range?)';
  return e instanceof Error ? e.message : String(e);
}

async function itemByRef(ctx: Ctx, system: string, externalId: string, role: string): Promise<Item> {
  const id = await findByExternalRef(ctx.em, 'Item', system, externalId);
  if (!id) throw new Error(`${role} ${system}:${externalId} is not known to the hub; import the item first`);
  return ctx.em.findOneOrFail(Item, id);
}

async function upsertItem(ctx: Ctx, system: string, r: ImportedItem): Promise<boolean> {
  const ref = { system, externalId: r.externalId };
  const existingId = await findByExternalRef(ctx.em, 'Item', system, r.externalId);
  if (!existingId) {
    const bySku = await ctx.em.findOne(Item, { sku: r.sku });
    if (!bySku) {
      await createItem(ctx, {
        sku: r.sku,
        name: r.name,
        type: r.type as ItemType,
        unit: r.unit ?? 'pcs',
        tracking: (r.tracking ?? 'NONE') as ItemTracking,
        standardCost: r.standardCost ?? '0',
        leadTimeDays: r.leadTimeDays ?? 0,
        externalRefs: [ref],
      });
      return true;
    }
    // The item exists already (made by hand, say): adopt it rather than fail on its SKU.
    return inTransaction(ctx, async (tx) => {
      await linkExternalRefs(tx, 'Item', bySku.id, [ref]);
      applyItem(await tx.em.findOneOrFail(Item, bySku.id), r);
      return true;
    });
  }
  return inTransaction(ctx, async (tx) => {
    const item = await tx.em.findOneOrFail(Item, existingId);
    if (item.sku !== r.sku && (await tx.em.count(Item, { sku: r.sku }))) {
      throw conflict(`SKU ${r.sku} belongs to another item`);
    }
    return applyItem(item, r);
  });
}

/** Copies the imported fields; true when anything changed. */
function applyItem(item: Item, r: ImportedItem): boolean {
  const next = {
    sku: r.sku,
    name: r.name,
    type: r.type as ItemType,
    unit: r.unit ?? item.unit,
    tracking: (r.tracking ?? item.tracking) as ItemTracking,
    standardCost: r.standardCost === undefined ? item.standardCost : nonNegativeQty(r.standardCost, 'standardCost').toFixed(),
    leadTimeDays: r.leadTimeDays ?? item.leadTimeDays,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) =>
    k === 'standardCost' ? !dec(item.standardCost).eq(next.standardCost) : item[k] !== next[k],
  );
  Object.assign(item, next);
  return changed;
}

/** A BOM that differs from the one imported last becomes a new version; an unchanged one is left alone. */
async function upsertBom(ctx: Ctx, system: string, r: ImportedBom): Promise<boolean> {
  const item = await itemByRef(ctx, system, r.itemExternalId, 'Item');
  const lines: { componentId: string; qtyPer: string; scrapPct: string }[] = [];
  for (const l of r.lines) {
    const component = await itemByRef(ctx, system, l.componentExternalId, 'Component');
    lines.push({ componentId: component.id, qtyPer: l.qtyPer, scrapPct: l.scrapPct ?? '0' });
  }
  const knownId = await findByExternalRef(ctx.em, 'Bom', system, r.externalId);
  if (knownId) {
    const known = await ctx.em.findOne(Bom, knownId, { populate: ['lines'] });
    const same =
      known?.active &&
      known.lines.length === lines.length &&
      known.lines
        .getItems()
        .every(
          (l, i) => l.component.id === lines[i].componentId && dec(l.qtyPer).eq(lines[i].qtyPer) && dec(l.scrapPct).eq(lines[i].scrapPct),
        );
    if (same) return false;
  }
  const bom = await createBom(ctx, { itemId: item.id, lines });
  await inTransaction(ctx, async (tx) => {
    const link = await tx.em.findOne(ExternalRefLink, { entityType: 'Bom', system, externalId: r.externalId });
    if (link) link.entityId = bom.id;
    else await linkExternalRefs(tx, 'Bom', bom.id, [{ system, externalId: r.externalId }]);
  });
  return true;
}

async function customerFor(ctx: Ctx, system: string, p: ImportedPartner): Promise<Partner> {
  const id = await findByExternalRef(ctx.em, 'Partner', system, p.externalId);
  if (id) return ctx.em.findOneOrFail(Partner, id);
  const byCode = await ctx.em.findOne(Partner, { code: p.code });
  if (byCode) {
    await inTransaction(ctx, (tx) => linkExternalRefs(tx, 'Partner', byCode.id, [{ system, externalId: p.externalId }]));
    return byCode;
  }
  return createPartner(ctx, {
    code: p.code,
    name: p.name,
    email: p.email,
    kind: PartnerKind.CUSTOMER,
    externalRefs: [{ system, externalId: p.externalId }],
  });
}

/**
 * A sales order is created once; a later import of the same order brings its lines' new quantities
 * and due dates (its work orders follow, and so the plan), and leaves everything else as it is.
 */
async function importSalesOrder(ctx: Ctx, system: string, r: ImportedSalesOrder, options: ImportOptions): Promise<boolean> {
  const known = await findByExternalRef(ctx.em, 'SalesOrder', system, r.externalId);
  const lines: { itemId: string; qty: string; dueDate: string }[] = [];
  for (const l of r.lines) {
    const item = await itemByRef(ctx, system, l.itemExternalId, 'Item');
    lines.push({ itemId: item.id, qty: l.qty, dueDate: l.dueDate });
  }
  if (known) {
    const changed = await inTransaction(ctx, async (tx) => {
      const changes = await changeSalesOrderLines(tx, known, lines);
      for (const line of changes) await followSalesOrderLine(tx, line);
      return changes.length > 0;
    });
    const planned = options.planWorkOrders ? await planMissingWorkOrders(ctx, known) : false;
    return changed || planned;
  }
  const customer = await customerFor(ctx, system, r.customer);
  const order: SalesOrder = await createSalesOrder(ctx, {
    customerId: customer.id,
    customerReference: r.customerReference,
    lines,
    externalRefs: [{ system, externalId: r.externalId }],
  });
  if (options.planWorkOrders) await createWorkOrdersForSalesOrder(ctx, { salesOrderId: order.id });
  return true;
}

/**
 * An order imported earlier whose planning failed (or was not asked for) gets its work orders now; an
 * order whose lines all have work, or that is closed, is left as it is.
 */
async function planMissingWorkOrders(ctx: Ctx, salesOrderId: string): Promise<boolean> {
  try {
    await createWorkOrdersForSalesOrder(ctx, { salesOrderId });
    return true;
  } catch (e) {
    if (e instanceof DomainError && e.code === ErrorCode.INVALID_STATE) return false;
    throw e;
  }
}
