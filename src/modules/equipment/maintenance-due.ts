import type { TxCtx } from '../../kernel/unit-of-work/context';
import { record } from '../../kernel/unit-of-work/transaction';
import { dec } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/db/codes';
import { Machine, MachineState } from './machine.entity';
import { MaintenanceKind, MaintenanceOrder, MaintenancePlan, MaintenanceTrigger } from './maintenance.entity';
import { EquipmentEvent } from './equipment.events';

const DAY_MS = 86_400_000;

/** Running seconds up to `now`: the counter (kept up to the last state change) plus the running stretch still open. */
export function runningSecondsAt(machine: Machine, now: Date): number {
  const open = machine.state === MachineState.RUNNING && machine.stateSince ? Math.max(0, now.getTime() - machine.stateSince.getTime()) : 0;
  return Number(machine.runningSeconds) + open / 1000;
}

/** When (calendar) or at what count (cycles, running hours) the plan falls due next. */
export function nextDue(plan: MaintenancePlan): { at: Date | null; counter: string | null } {
  switch (plan.trigger) {
    case MaintenanceTrigger.CALENDAR:
      return { at: new Date(plan.baselineAt.getTime() + Number(plan.interval) * DAY_MS), counter: null };
    case MaintenanceTrigger.CYCLES:
      return { at: null, counter: dec(plan.baselineCycles).plus(plan.interval).toFixed() };
    case MaintenanceTrigger.RUNNING_HOURS:
      return { at: null, counter: dec(plan.baselineRunningSeconds).div(3600).plus(plan.interval).toFixed() };
  }
}

/** Why the plan is due now (for the order's cause), or null while it is not. */
export function dueCause(plan: MaintenancePlan, machine: Machine, now: Date): string | null {
  const due = nextDue(plan);
  const every = dec(plan.interval).toFixed();
  switch (plan.trigger) {
    case MaintenanceTrigger.CALENDAR:
      return now >= due.at! ? `${plan.name}: every ${every} days, last ${plan.baselineAt.toISOString()}` : null;
    case MaintenanceTrigger.CYCLES:
      return dec(machine.totalCycles).gte(due.counter!)
        ? `${plan.name}: every ${every} cycles, ${machine.totalCycles} counted (due at ${due.counter})`
        : null;
    case MaintenanceTrigger.RUNNING_HOURS: {
      const hours = runningSecondsAt(machine, now) / 3600;
      return hours >= Number(due.counter)
        ? `${plan.name}: every ${every} running hours, ${hours.toFixed(2)} run (due at ${due.counter})`
        : null;
    }
  }
}

/** What every maintenance order event carries, so a subscriber (the scheduler, a board) needs no read. */
export function orderFacts(order: MaintenanceOrder, machine: Machine): Record<string, unknown> {
  return {
    maintenanceOrderId: order.id,
    code: order.code,
    kind: order.kind,
    state: order.state,
    machineId: machine.id,
    machineCode: machine.code,
    workCenterId: machine.workCenter.id,
    planId: order.plan?.id ?? null,
    downtimeId: order.downtimeId ?? null,
    assignee: order.assignee ?? null,
    plannedStart: order.plannedStart?.toISOString() ?? null,
    plannedEnd: order.plannedEnd?.toISOString() ?? null,
    completedAt: order.completedAt?.toISOString() ?? null,
  };
}

export function recordOrderChange(tx: TxCtx, order: MaintenanceOrder, machine: Machine, change: string): void {
  record(tx, {
    type: EquipmentEvent.MaintenanceOrderChanged,
    aggregateType: 'MaintenanceOrder',
    aggregateId: order.id,
    data: { ...orderFacts(order, machine), change },
  });
}

/** Opens a maintenance order on a machine (held locked by the caller) and says so. */
export async function openOrder(
  tx: TxCtx,
  machine: Machine,
  o: {
    kind: MaintenanceKind;
    title: string;
    cause: string;
    plan?: MaintenancePlan;
    downtimeId?: string;
    plannedStart?: Date;
    plannedEnd?: Date;
  },
): Promise<MaintenanceOrder> {
  const order = tx.em.create(MaintenanceOrder, {
    code: await nextCode(tx.em, 'maintenance_order_code_seq', 'MNT'),
    kind: o.kind,
    machine,
    workCenter: machine.workCenter,
    plan: o.plan,
    title: o.title,
    cause: o.cause,
    downtimeId: o.downtimeId,
    plannedStart: o.plannedStart,
    plannedEnd: o.plannedEnd,
  });
  if (o.plan) o.plan.openOrderId = order.id;
  recordOrderChange(tx, order, machine, 'OPENED');
  return order;
}

/**
 * Opens an order for every active plan of these machines that has fallen due and has none open. The
 * caller holds the machines locked, so two writers (a batch of counts, the periodic check) never open
 * the same plan's order twice. One query for all the machines: this runs with every batch of counts.
 */
export async function openDueOrders(tx: TxCtx, machines: readonly Machine[], now: Date): Promise<MaintenanceOrder[]> {
  if (!machines.length) return [];
  const plans = await tx.em.find(MaintenancePlan, { machine: { $in: machines.map((m) => m.id) }, active: true, openOrderId: null });
  const byId = new Map(machines.map((m) => [m.id, m]));
  const opened: MaintenanceOrder[] = [];
  for (const plan of plans) {
    const machine = byId.get(plan.machine.id)!;
    const cause = dueCause(plan, machine, now);
    if (!cause) continue;
    opened.push(await openOrder(tx, machine, { kind: MaintenanceKind.PREVENTIVE, title: plan.name, cause, plan }));
  }
  return opened;
}
