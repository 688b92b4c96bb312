import type { Ctx } from '../../kernel/unit-of-work/context';
import { badInput } from '../../kernel/common/errors';
import { isoDate, positiveQty } from '../../kernel/common/quantity';
import { getOrFail } from '../../kernel/db/lookup';
import { Item } from '../catalog/item.entity';
import { activeBomLinesOf, activeRoutingStepsOf } from '../catalog/catalog.queries';
import { computePlan, diffBodies } from './plan.service';
import { loadInput, publishedPlan } from './plan-input';
import { bodyOf } from './plan-bodies';
import type { WhatIfInput } from './dto/scheduling.inputs';

const SIMULATION_MS = 500;

/**
 * Plans a copy of the present with the disruption applied — a work center down, a commitment late or
 * short, a rush order — and compares it with the published plan. Nothing is written.
 */
export async function simulate(ctx: Ctx, input: WhatIfInput) {
  const raw = await loadInput(ctx);
  for (const d of input.workCentersDown) {
    if (!raw.workCenters.some((w) => w.id === d.workCenterId))
      throw badInput('workCentersDown', `work center ${d.workCenterId} does not exist`);
    raw.losses.push({
      workCenterId: d.workCenterId,
      machineId: null,
      reason: 'what-if',
      startedAt: d.from?.getTime() ?? raw.now,
      expectedEnd: d.until.getTime(),
    });
  }
  for (const c of input.commitmentDelays) {
    const found = raw.commitments.filter((x) => x.code === c.commitmentCode);
    if (!found.length) throw badInput('commitmentDelays', `no open confirmed commitment ${c.commitmentCode}`);
    for (const x of found) {
      x.date = Date.parse(`${isoDate(c.newDate, 'newDate')}T00:00:00Z`);
      if (c.qty != null) x.qty = Number(c.qty);
    }
  }
  for (const [i, r] of input.rushOrders.entries()) {
    const item = await getOrFail(ctx.em, Item, r.itemId, 'Item');
    const qty = positiveQty(r.qty).toNumber();
    const steps = await activeRoutingStepsOf(ctx, [item.id]);
    if (!steps.length) throw badInput('rushOrders', `${item.sku} has no active routing`);
    const lines = await activeBomLinesOf(ctx, [item.id]);
    raw.orders.push({
      id: `what-if-${i + 1}`,
      code: `RUSH-${i + 1}`,
      itemId: item.id,
      qty,
      dueDate: isoDate(r.dueDate, 'dueDate'),
      state: 'PLANNED',
      salesOrderLineId: null,
      priority: r.priority,
      ops: steps.map((s) => ({
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
      })),
      // Its components compete for stock with the rest; what is not loaded counts as not on hand.
      materials: lines.map((l) => ({ itemId: l.componentId, qty: qty * Number(l.qtyPer) * (1 + Number(l.scrapPct) / 100) })),
    });
  }
  const base = await publishedPlan(ctx);
  const baseBody = base ? await bodyOf(ctx, base) : undefined;
  const baseline = baseBody ?? computePlan({ ...raw, orders: raw.orders.filter((o) => !o.id.startsWith('what-if-')) }, SIMULATION_MS).body;
  const sim = computePlan(raw, SIMULATION_MS, baseBody);
  const diff = diffBodies(baseline, sim.body);
  return {
    baseVersion: base?.version ?? null,
    lateOrderCount: sim.lateOrderCount,
    tardinessMinutes: sim.tardinessMinutes,
    newlyLate: diff.orders.filter((o) => o.lateMinutes > o.previousLateMinutes),
    orders: sim.body.orders,
  };
}
