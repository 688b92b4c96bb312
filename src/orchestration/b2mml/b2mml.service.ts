import type { Ctx } from '../../kernel/unit-of-work/context';
import { badInput } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { dec } from '../../kernel/common/quantity';
import { Item } from '../../modules/catalog/item.entity';
import { WorkCenter } from '../../modules/catalog/work-center.entity';
import { StockMove, StockMoveReason } from '../../modules/inventory/stock-move.entity';
import { WorkOrder } from '../../modules/production/work-order.entity';
import { createWorkOrder } from '../../modules/production/work-order.service';
import { findByExternalRef } from '../../kernel/external-refs/external-refs.service';
import { reasonOf } from '../integration/import.service';
import { ExternalRefLink } from '../../kernel/external-refs/external-ref.entity';
import type { RecordError } from '../integration/sync.entity';
import { operationsPerformanceXml } from './performance';
import { parseOperationsSchedule } from './schedule';
import type { WorkOrderPerformance } from './types';

/** A work order's production performance as B2MML (OperationsPerformance, OperationsType Production). */
export async function workOrderPerformanceXml(ctx: Ctx, workOrderId: string): Promise<string> {
  const wo = await getOrFail(ctx.em, WorkOrder, workOrderId, 'Work order', { populate: ['operations'] });
  const item = await ctx.em.findOneOrFail(Item, wo.item.id);
  const ops = wo.operations.getItems();
  const centers = await ctx.em.find(WorkCenter, { id: { $in: ops.map((o) => o.workCenter.id) } });
  const moves = await ctx.em.find(StockMove, { workOrderId: wo.id }, { populate: ['item', 'lot'] });
  const requestRef = await ctx.em.findOne(ExternalRefLink, { entityType: 'WorkOrder', entityId: wo.id });

  const consumed = new Map<string, { sku: string; unit: string; qty: ReturnType<typeof dec>; lotCodes: Set<string> }>();
  const produced: { code: string; qty: string }[] = [];
  for (const m of moves) {
    const moved = m.item.getEntity();
    const lot = m.lot ? m.lot.getEntity() : undefined;
    if (m.reason === StockMoveReason.ISSUE) {
      const entry = consumed.get(moved.id) ?? { sku: moved.sku, unit: moved.unit, qty: dec(0), lotCodes: new Set<string>() };
      entry.qty = entry.qty.plus(m.qty);
      if (lot) entry.lotCodes.add(lot.code);
      consumed.set(moved.id, entry);
    } else if (m.reason === StockMoveReason.COMPLETION && lot) {
      const known = produced.find((p) => p.code === lot.code);
      if (known) known.qty = dec(known.qty).plus(m.qty).toFixed();
      else produced.push({ code: lot.code, qty: dec(m.qty).toFixed() });
    }
  }
  const performance: WorkOrderPerformance = {
    workOrderCode: wo.code,
    workOrderId: wo.id,
    requestId: requestRef?.externalId,
    state: wo.state,
    itemSku: item.sku,
    unit: item.unit,
    qtyOrdered: dec(wo.qty).toFixed(),
    qtyGood: dec(wo.qtyCompleted).toFixed(),
    qtyScrapped: dec(wo.qtyScrapped).toFixed(),
    startTime: wo.startedAt,
    endTime: wo.completedAt,
    publishedAt: new Date(),
    operations: ops.map((o) => ({
      sequence: o.sequence,
      name: o.name,
      workCenterCode: centers.find((c) => c.id === o.workCenter.id)?.code ?? '',
      state: o.state,
      qtyGood: dec(o.qtyGood).toFixed(),
      qtyScrap: dec(o.qtyScrap).toFixed(),
      actualStart: o.actualStart,
      actualEnd: o.actualEnd,
    })),
    materialsConsumed: [...consumed.values()].map((c) => ({ sku: c.sku, unit: c.unit, qty: c.qty.toFixed(), lotCodes: [...c.lotCodes] })),
    lotsProduced: produced,
  };
  return operationsPerformanceXml(performance);
}

export interface ScheduleImport {
  scheduleId: string;
  created: WorkOrder[];
  unchanged: number;
  errors: RecordError[];
}

/**
 * A B2MML production schedule becomes planned work orders, one per OperationsRequest, keyed by the
 * request's ID (an external ref), so sending the same schedule again creates nothing twice. Requests
 * that cannot be read or name an unknown item are reported; the others are imported.
 */
export async function importProductionSchedule(ctx: Ctx, xml: string, system: string): Promise<ScheduleImport> {
  let parsed;
  try {
    parsed = parseOperationsSchedule(xml);
  } catch (e) {
    throw badInput('xml', (e as Error).message);
  }
  const result: ScheduleImport = {
    scheduleId: parsed.scheduleId,
    created: [],
    unchanged: 0,
    errors: parsed.errors.map((e) => ({ record: `OperationsRequest ${e.record}`, reason: e.reason })),
  };
  for (const r of parsed.requests) {
    const record = `OperationsRequest ${r.requestId}`;
    try {
      if (await findByExternalRef(ctx.em, 'WorkOrder', system, r.requestId)) {
        result.unchanged++;
        continue;
      }
      const item = await ctx.em.findOne(Item, { sku: r.itemSku });
      if (!item) throw new Error(`item ${r.itemSku} is not known to the hub`);
      const wo = await createWorkOrder(ctx, { itemId: item.id, qty: r.qty, dueDate: r.dueDate }, [{ system, externalId: r.requestId }]);
      result.created.push(wo);
    } catch (e) {
      ctx.em.clear();
      result.errors.push({ record, reason: reasonOf(e) });
    }
  }
  return result;
}
