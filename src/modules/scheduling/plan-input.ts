import type { Ctx } from '../../kernel/unit-of-work/context';
import { schedulableWork } from '../production/production.queries';
import { WorkOrderState } from '../production/work-order.entity';
import { activeBomLinesOf, activeRoutingStepsOf, itemLeadTimes, workCentersForPlanning } from '../catalog/catalog.queries';
import { usableOnHand } from '../inventory/inventory.queries';
import { committedSupply } from '../purchasing/requirements.service';
import {
  CalendarException,
  CapacityLoss,
  CapacityLossSource,
  Plan,
  PlanState,
  SchedulingPolicy,
  WorkCenterPlanning,
  WorkOrderPriority,
  type PlanBody,
} from './scheduling.entities';
import { bodyById } from './plan-bodies';

/**
 * Everything a plan is computed from, read in a handful of set-based statements and kept as plain data,
 * so a what-if can change a copy of it without touching the database.
 */
export interface RawOp {
  operationId: string | null;
  sequence: number;
  name: string;
  workCenterId: string;
  setup: number;
  run: number;
  qtyGood: number;
  qtyScrap: number;
  state: string;
  actualStart: number | null;
}

export interface RawOrder {
  id: string;
  code: string;
  itemId: string;
  qty: number;
  dueDate: string;
  state: string;
  salesOrderLineId: string | null;
  priority: number;
  ops: RawOp[];
  materials: { itemId: string; qty: number }[];
}

export interface RawWorkCenter {
  id: string;
  code: string;
  calendar: string;
  state: string;
  machines: number;
  transferBatchQty: number | null;
  alternativeIds: string[];
}

export interface RawInput {
  now: number;
  workCenters: RawWorkCenter[];
  exceptions: { workCenterId: string | null; kind: string; startsAt: number; endsAt: number; note: string }[];
  losses: { workCenterId: string; machineId: string | null; reason: string; startedAt: number; expectedEnd: number | null }[];
  orders: RawOrder[];
  onHand: Map<string, number>;
  commitments: { code: string; itemId: string; qty: number; date: number }[];
  items: Map<string, { sku: string; leadTimeDays: number }>;
  published: { id: string; version: number; ops: Map<string, { machine: number; start: number; end: number }> } | null;
  publishedBody?: PlanBody;
  policy: { frozenHours: number; improveSeconds: number; assumedRepairHours: number; autoPublish: boolean };
}

const dayStart = (d: string) => Date.parse(`${d}T00:00:00Z`);

export async function policyOf(ctx: Ctx): Promise<SchedulingPolicy> {
  const [found] = await ctx.em.find(SchedulingPolicy, {}, { orderBy: { createdAt: 'asc' }, limit: 1 });
  return found ?? ctx.em.create(SchedulingPolicy, {}, { persist: false });
}

/** Whether planning is in use: a plan has been published. */
export async function hasPublishedPlan(ctx: Ctx): Promise<boolean> {
  const rows = await ctx.em.execute(`select 1 from plan where state = 'PUBLISHED' limit 1`);
  return rows.length > 0;
}

export async function publishedPlan(ctx: Ctx): Promise<Plan | null> {
  return ctx.em.findOne(Plan, { state: PlanState.PUBLISHED }, { orderBy: { version: 'desc' } });
}

export async function loadInput(ctx: Ctx, now = Date.now()): Promise<RawInput> {
  const work = await schedulableWork(ctx);
  const planned = work.orders.filter((o) => o.state === WorkOrderState.PLANNED);
  const plannedItems = [...new Set(planned.map((o) => o.itemId))];
  // One after another: inside a transaction the statements share one connection anyway.
  const steps = await activeRoutingStepsOf(ctx, plannedItems);
  const bomLines = await activeBomLinesOf(ctx, plannedItems);
  const centers = await workCentersForPlanning(ctx);
  const settings = await ctx.em.find(WorkCenterPlanning, {});
  const exceptions = await ctx.em.find(CalendarException, { endsAt: { $gt: new Date(now) } });
  // A maintenance window that has passed is over (an order started in it stops the machine: a downtime of its own).
  const losses = await ctx.em.find(CapacityLoss, {
    endedAt: null,
    $or: [{ source: { $ne: CapacityLossSource.MAINTENANCE } }, { expectedEnd: { $gt: new Date(now) } }],
  });
  const priorities = await ctx.em.find(WorkOrderPriority, {});
  const policy = await policyOf(ctx);
  const [publishedRow] = await ctx.em.execute<{ id: string; version: number }[]>(
    `select id, version from plan where state = 'PUBLISHED' order by version desc limit 1`,
  );
  const publishedBody = publishedRow ? await bodyById(ctx, publishedRow.id) : null;
  const published =
    publishedRow && publishedBody ? { id: String(publishedRow.id), version: Number(publishedRow.version), body: publishedBody } : null;
  const opsByOrder = new Map<string, RawOp[]>();
  for (const o of work.operations) {
    const list = opsByOrder.get(o.workOrderId) ?? [];
    list.push({
      operationId: o.id,
      sequence: o.sequence,
      name: o.name,
      workCenterId: o.workCenterId,
      setup: Number(o.setupMinutes),
      run: Number(o.runMinutesPerUnit),
      qtyGood: Number(o.qtyGood),
      qtyScrap: Number(o.qtyScrap),
      state: o.state,
      actualStart: o.actualStart ? o.actualStart.getTime() : null,
    });
    opsByOrder.set(o.workOrderId, list);
  }
  const matsByOrder = new Map<string, { itemId: string; qty: number }[]>();
  for (const m of work.materials) {
    const list = matsByOrder.get(m.workOrderId) ?? [];
    list.push({ itemId: m.itemId, qty: Number(m.qty) });
    matsByOrder.set(m.workOrderId, list);
  }
  const priorityOf = new Map(priorities.map((p) => [p.workOrder.id, p.priority]));
  const orders: RawOrder[] = work.orders.map((wo) => {
    const isPlanned = wo.state === WorkOrderState.PLANNED;
    const qty = Number(wo.qty);
    return {
      id: wo.id,
      code: wo.code,
      itemId: wo.itemId,
      qty,
      dueDate: wo.dueDate,
      state: wo.state,
      salesOrderLineId: wo.salesOrderLineId,
      priority: priorityOf.get(wo.id) ?? 1,
      ops: isPlanned
        ? steps
            .filter((s) => s.itemId === wo.itemId)
            .map((s) => ({
              operationId: null,
              sequence: s.sequence,
              name: s.name,
              workCenterId: s.workCenterId,
              setup: Number(s.setupMinutes),
              run: Number(s.runMinutesPerUnit),
              qtyGood: 0,
              qtyScrap: 0,
              state: 'PENDING',
              actualStart: null,
            }))
        : (opsByOrder.get(wo.id) ?? []),
      materials: isPlanned
        ? bomLines
            .filter((l) => l.parentItemId === wo.itemId)
            .map((l) => ({ itemId: l.componentId, qty: qty * Number(l.qtyPer) * (1 + Number(l.scrapPct) / 100) }))
        : (matsByOrder.get(wo.id) ?? []),
    };
  });
  const componentIds = [...new Set(orders.flatMap((o) => o.materials.map((m) => m.itemId)))];
  const onHand = await usableOnHand(ctx, componentIds);
  const supply = await committedSupply(ctx, componentIds);
  const items = await itemLeadTimes(ctx, componentIds);
  const planning = new Map(settings.map((s) => [s.workCenter.id, s]));
  return {
    now,
    workCenters: centers.map((c) => {
      const s = planning.get(c.id);
      return {
        id: c.id,
        code: c.code,
        calendar: c.calendar,
        state: c.state,
        machines: s?.machines ?? 1,
        transferBatchQty: s?.transferBatchQty ? Number(s.transferBatchQty) : null,
        alternativeIds: s?.alternativeIds ?? [],
      };
    }),
    exceptions: exceptions.map((e) => ({
      workCenterId: e.workCenter?.id ?? null,
      kind: e.kind,
      startsAt: e.startsAt.getTime(),
      endsAt: e.endsAt.getTime(),
      note: e.note,
    })),
    losses: losses.map((l) => ({
      workCenterId: l.workCenter.id,
      machineId: l.machineId ?? null,
      reason: l.reason,
      startedAt: l.startedAt.getTime(),
      expectedEnd: l.expectedEnd ? l.expectedEnd.getTime() : null,
    })),
    orders,
    onHand: new Map([...onHand].map(([k, v]) => [k, Number(v)])),
    commitments: supply.map((c) => ({ code: c.code, itemId: c.itemId, qty: Number(c.qty), date: dayStart(c.date) })),
    items,
    published: published
      ? {
          id: published.id,
          version: published.version,
          ops: new Map(
            published.body.ops
              .filter((o) => o.operationId)
              .map((o) => [o.operationId!, { machine: o.machine, start: Date.parse(o.start), end: Date.parse(o.end) }]),
          ),
        }
      : null,
    publishedBody: published?.body,
    policy: {
      frozenHours: policy.frozenHours,
      improveSeconds: Number(policy.improveSeconds),
      assumedRepairHours: policy.assumedRepairHours,
      autoPublish: policy.autoPublish,
    },
  };
}
