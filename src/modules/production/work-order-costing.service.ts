import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { Decimal, dec } from '../../kernel/common/quantity';
import { getOrFail } from '../../kernel/db/lookup';
import { bookEntry, postingFor } from '../finance/journal.service';
import { JournalSource } from '../finance/journal-entry.entity';
import { Item } from '../catalog/item.entity';
import { WorkOrder, WorkOrderState } from './work-order.entity';
import { ExecutionEvent } from './execution-event.entity';
import {
  costReached,
  costsOf,
  variancesOf,
  VarianceKind,
  runningMinutes,
  type CostBreakdown,
  type CostedOperation,
} from './work-order-costs';

/** What the journal holds in WIP for one work order, by the source that booked it (debit positive). */
async function bookedWip(ctx: Ctx, wo: WorkOrder): Promise<Map<string, Decimal>> {
  const rows = await ctx.em.execute<{ source: string; kind: string | null; wip: string }[]>(
    `select je.source, je.variance_kind as kind, sum(jl.debit - jl.credit)::text as wip
     from journal_entry je join journal_line jl on jl.entry_id = je.id and jl.account = ?
     where je.work_order_id = ? group by je.source, je.variance_kind`,
    [ctx.runtime.accounts.wip, wo.id],
  );
  return new Map(rows.map((r) => [r.kind ? `${r.source}:${r.kind}` : r.source, dec(r.wip)]));
}

/** Material per unit of the order at the components' standard costs, from its requirements (BOM exploded at release). */
async function materialPerUnit(ctx: Ctx, wo: WorkOrder): Promise<Decimal> {
  await ctx.em.populate(wo, ['materials.item']);
  return wo.materials.getItems().reduce((acc, m) => acc.plus(dec(m.qtyRequired).div(wo.qty).mul(m.item.getEntity().standardCost)), dec(0));
}

async function costedOperations(ctx: Ctx, wo: WorkOrder, now: Date): Promise<CostedOperation[]> {
  await ctx.em.populate(wo, ['operations.workCenter']);
  const scans = await ctx.em.find(ExecutionEvent, { workOrder: wo.id });
  return wo.operations.getItems().map((op) => {
    const wc = op.workCenter.getEntity();
    return {
      sequence: op.sequence,
      setupMinutes: op.setupMinutes,
      runMinutesPerUnit: op.runMinutesPerUnit,
      units: dec(op.qtyGood).plus(op.qtyScrap),
      labourRatePerHour: wc.labourRatePerHour,
      machineRatePerHour: wc.machineRatePerHour,
      minutes: runningMinutes(
        scans.filter((s) => s.operation.id === op.id),
        op.actualEnd,
        now,
      ),
    };
  });
}

/** The cost per unit a scrap at this operation writes off: what the unit had reached, at standard. */
export async function scrapUnitCost(tx: TxCtx, wo: WorkOrder, sequence: number): Promise<string> {
  const ops = await costedOperations(tx, wo, new Date());
  return costReached(await materialPerUnit(tx, wo), ops, sequence).toFixed();
}

export interface WorkOrderCostView {
  workOrder: WorkOrder;
  currency: string;
  standard: CostBreakdown;
  actual: CostBreakdown;
  runMinutes: Decimal;
  completedAtStandard: Decimal;
  scrapAtCostReached: Decimal;
  wipBalance: Decimal;
  variances: { kind: VarianceKind; amount: Decimal; posted: boolean }[];
}

async function costView(ctx: Ctx, wo: WorkOrder, now: Date): Promise<WorkOrderCostView> {
  const booked = await bookedWip(ctx, wo);
  const at = (key: string) => booked.get(key) ?? dec(0);
  const ops = await costedOperations(ctx, wo, now);
  const sums = {
    material: at(JournalSource.ISSUE).plus(at(JournalSource.RETURN)),
    completions: at(JournalSource.COMPLETION).neg(),
    scrap: at(JournalSource.SCRAP).neg(),
  };
  const { standard, actual } = costsOf({
    materialPerUnit: await materialPerUnit(ctx, wo),
    operations: ops,
    unitsStarted: dec(wo.qtyCompleted).plus(wo.qtyScrapped),
    booked: sums,
  });
  const closed = wo.state === WorkOrderState.CLOSED;
  if (closed) {
    // Once closed, the time is what was booked (rates may have changed since).
    actual.labour = at(JournalSource.LABOUR);
    actual.machine = at(JournalSource.MACHINE);
  }
  const computed = variancesOf(standard, actual, sums);
  return {
    workOrder: wo,
    currency: ctx.runtime.currency,
    standard,
    actual,
    runMinutes: ops.reduce((acc, op) => acc.plus(op.minutes), dec(0)).toDecimalPlaces(2),
    completedAtStandard: sums.completions,
    scrapAtCostReached: sums.scrap,
    wipBalance: [...booked.values()].reduce((a, b) => a.plus(b), dec(0)),
    variances: Object.values(VarianceKind).map((kind) => ({
      kind,
      amount: closed ? at(`${JournalSource.VARIANCE}:${kind}`).neg() : computed[kind],
      posted: closed,
    })),
  };
}

/** Standard against actual for one work order, with its variance by kind (posted once it is closed). */
export async function workOrderCost(ctx: Ctx, workOrderId: string): Promise<WorkOrderCostView> {
  const wo = await getOrFail(ctx.em, WorkOrder, workOrderId, 'Work order');
  return costView(ctx, wo, new Date());
}

/**
 * Books what closing a work order owes finance: the labour and machine time measured from its scans
 * (not booked before, since a corrected scan could still change it), then its variances by kind, which
 * take everything left in its WIP out to the variance account — the order's WIP ends at exactly zero.
 */
export async function settleWorkOrderCosts(tx: TxCtx, wo: WorkOrder): Promise<void> {
  const view = await costView(tx, wo, new Date());
  const item = await tx.em.findOneOrFail(Item, wo.item.id);
  const accounts = tx.runtime.accounts;
  const post = (source: JournalSource, amount: Decimal, memo: string, varianceKind?: VarianceKind) =>
    bookEntry(tx, {
      ...postingFor(source, accounts),
      source,
      amount,
      item,
      qty: wo.qtyCompleted,
      memo,
      workOrderId: wo.id,
      varianceKind,
    });
  await post(JournalSource.LABOUR, view.actual.labour, `labour on ${wo.code}: ${view.runMinutes.toFixed()} min`);
  await post(JournalSource.MACHINE, view.actual.machine, `machine time on ${wo.code}: ${view.runMinutes.toFixed()} min`);
  let left = view.wipBalance.plus(view.actual.labour).plus(view.actual.machine);
  for (const { kind, amount } of view.variances) {
    // The last kind takes what rounding left, so the order's WIP is zero to the cent.
    const booked = kind === VarianceKind.STANDARD ? left : amount.toDecimalPlaces(2);
    await post(JournalSource.VARIANCE, booked, `${kind.toLowerCase()} variance of ${wo.code}`, kind);
    left = left.minus(booked.toDecimalPlaces(2));
  }
}
