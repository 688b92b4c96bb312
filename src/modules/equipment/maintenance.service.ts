import { LockMode } from '@mikro-orm/core';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction } from '../../kernel/unit-of-work/transaction';
import { badInput, invalidState } from '../../kernel/common/errors';
import { positiveQty } from '../../kernel/common/quantity';
import { getOrFail } from '../../kernel/db/lookup';
import { Item } from '../catalog/item.entity';
import { Lot } from '../inventory/lot.entity';
import { StockMoveReason } from '../inventory/stock-move.entity';
import { moveStock, systemLocation } from '../inventory/stock-ledger';
import { physicalLocation } from '../inventory/inventory.service';
import { Downtime, DowntimeReason, Machine, MachineState, STOPPED, StateSource } from './machine.entity';
import { changeMachineState, type StateOutcome } from './machine-state';
import {
  MaintenanceKind,
  MaintenanceOrder,
  MaintenanceOrderState,
  MaintenancePartUse,
  MaintenancePlan,
  MaintenanceTrigger,
  OPEN_ORDER_STATES,
} from './maintenance.entity';
import { openDueOrders, openOrder, recordOrderChange, runningSecondsAt } from './maintenance-due';
import type {
  AssignMaintenanceOrderInput,
  CancelMaintenanceOrderInput,
  CompleteMaintenanceOrderInput,
  CreateMaintenanceOrderInput,
  CreateMaintenancePlanInput,
  ScheduleMaintenanceOrderInput,
  StartMaintenanceOrderInput,
} from './dto/maintenance.inputs';

const lockMachineRow = (tx: TxCtx, id: string) =>
  getOrFail(tx.em, Machine, id, 'Machine', { lock: LockMode.PESSIMISTIC_WRITE, populate: ['reason', 'currentOperation'] });

/**
 * What maintenance does when a machine changes state, in the same transaction: a stop for a breakdown
 * reason opens a corrective order (one per stop), and running time may bring a running-hours plan due.
 */
export async function afterStateChange(tx: TxCtx, machine: Machine, outcome: StateOutcome): Promise<void> {
  if (!outcome.changed) return;
  const stop = outcome.opened ?? outcome.corrected;
  if (stop) await openForBreakdown(tx, machine, stop);
  // Running hours are added up when a machine stops running.
  if (machine.state !== MachineState.RUNNING) await openDueOrders(tx, [machine], machine.stateSince ?? new Date());
}

/** A corrective order for a stop whose reason is a breakdown, unless the stop has one already. */
export async function openForBreakdown(tx: TxCtx, machine: Machine, stop: Downtime): Promise<MaintenanceOrder | null> {
  if (stop.state !== MachineState.DOWN || stop.endedAt || !stop.reason) return null;
  const reason = await tx.em.findOne(DowntimeReason, stop.reason.id);
  if (!reason?.breakdown) return null;
  if (await tx.em.count(MaintenanceOrder, { downtimeId: stop.id })) return null;
  return openOrder(tx, machine, {
    kind: MaintenanceKind.CORRECTIVE,
    title: `Repair: ${reason.name}`,
    cause: `${machine.code} down since ${stop.startedAt.toISOString()} for ${reason.code} (${reason.name})`,
    downtimeId: stop.id,
  });
}

export async function createMaintenancePlan(ctx: Ctx, input: CreateMaintenancePlanInput): Promise<MaintenancePlan> {
  const interval = positiveQty(input.interval, 'interval');
  const now = new Date();
  if (input.lastDoneAt && input.lastDoneAt > now) throw badInput('lastDoneAt', 'cannot be in the future');
  if (input.trigger === MaintenanceTrigger.CYCLES && !interval.isInteger()) throw badInput('interval', 'cycles are whole units');
  return inTransaction(ctx, async (tx) => {
    const machine = await lockMachineRow(tx, input.machineId);
    const plan = tx.em.create(MaintenancePlan, {
      machine,
      name: input.name,
      trigger: input.trigger,
      interval: interval.toFixed(),
      durationMinutes: input.durationMinutes ?? 60,
      baselineAt: input.lastDoneAt ?? now,
      baselineCycles: machine.totalCycles,
      baselineRunningSeconds: String(runningSecondsAt(machine, now)),
    });
    // A calendar plan last done long ago is due at once.
    await tx.em.flush();
    await openDueOrders(tx, [machine], now);
    return plan;
  });
}

export async function createMaintenanceOrder(ctx: Ctx, input: CreateMaintenanceOrderInput): Promise<MaintenanceOrder> {
  return inTransaction(ctx, async (tx) => {
    const machine = await lockMachineRow(tx, input.machineId);
    return openOrder(tx, machine, {
      kind: MaintenanceKind.CORRECTIVE,
      title: input.title,
      cause: input.cause ?? `Opened by ${tx.actor?.subject ?? 'hand'}`,
    });
  });
}

/** The order locked, with its machine locked first (the order every maintenance writer takes them in). */
async function lockOrder(tx: TxCtx, id: string): Promise<{ order: MaintenanceOrder; machine: Machine }> {
  const found = await getOrFail(tx.em, MaintenanceOrder, id, 'Maintenance order');
  const machine = await lockMachineRow(tx, found.machine.id);
  const order = await getOrFail(tx.em, MaintenanceOrder, id, 'Maintenance order', { lock: LockMode.PESSIMISTIC_WRITE });
  return { order, machine };
}

function mustBeOpen(order: MaintenanceOrder, what: string) {
  if (!OPEN_ORDER_STATES.includes(order.state))
    throw invalidState(`Maintenance order ${order.code} is ${order.state}; it cannot be ${what}`);
}

export async function scheduleMaintenanceOrder(ctx: Ctx, input: ScheduleMaintenanceOrderInput): Promise<MaintenanceOrder> {
  if (input.plannedEnd <= input.plannedStart) throw badInput('plannedEnd', 'must be after plannedStart');
  if (input.plannedEnd.getTime() - input.plannedStart.getTime() > 31 * 86_400_000)
    throw badInput('plannedEnd', 'a window is at most 31 days');
  return inTransaction(ctx, async (tx) => {
    const { order, machine } = await lockOrder(tx, input.orderId);
    mustBeOpen(order, 'scheduled');
    order.plannedStart = input.plannedStart;
    order.plannedEnd = input.plannedEnd;
    recordOrderChange(tx, order, machine, 'SCHEDULED');
    return order;
  });
}

export async function assignMaintenanceOrder(ctx: Ctx, input: AssignMaintenanceOrderInput): Promise<MaintenanceOrder> {
  return inTransaction(ctx, async (tx) => {
    const { order, machine } = await lockOrder(tx, input.orderId);
    mustBeOpen(order, 'assigned');
    if (order.assignee === input.assignee) return order;
    order.assignee = input.assignee;
    recordOrderChange(tx, order, machine, 'ASSIGNED');
    return order;
  });
}

/**
 * Work starts. A preventive order takes a running or idle machine into MAINTENANCE (a planned stop,
 * expected back after the plan's duration); a corrective one finds it down already. Starting an order
 * in progress again changes nothing (a retried scan).
 */
export async function startMaintenanceOrder(ctx: Ctx, input: StartMaintenanceOrderInput): Promise<MaintenanceOrder> {
  return inTransaction(ctx, async (tx) => {
    const { order, machine } = await lockOrder(tx, input.orderId);
    if (order.state === MaintenanceOrderState.IN_PROGRESS) return order;
    mustBeOpen(order, 'started');
    const now = new Date();
    order.state = MaintenanceOrderState.IN_PROGRESS;
    order.startedAt = now;
    order.startedBy = tx.actor?.subject;
    order.assignee ??= tx.actor?.subject;
    if (!STOPPED.has(machine.state)) {
      const plan = order.plan ? await tx.em.findOne(MaintenancePlan, order.plan.id) : null;
      const minutes = plan?.durationMinutes ?? 60;
      await changeMachineState(tx, machine, {
        state: MachineState.MAINTENANCE,
        at: machine.stateSince && machine.stateSince > now ? machine.stateSince : now,
        source: StateSource.API,
        expectedEnd: new Date(now.getTime() + minutes * 60_000),
        confirmedBy: tx.actor?.subject,
      });
    }
    recordOrderChange(tx, order, machine, 'STARTED');
    return order;
  });
}

/**
 * The work is done: notes, and the spare parts used issued from stock to maintenance (stock moves and
 * journal entries at standard cost, all in this transaction: a part short refuses the whole completion).
 * A preventive plan counts again from now. A machine in MAINTENANCE goes back to IDLE; one DOWN stays
 * down until the machine (or an operator) reports it running. Completing a done order again returns it
 * as it is: parts are never issued twice.
 */
export async function completeMaintenanceOrder(ctx: Ctx, input: CompleteMaintenanceOrderInput): Promise<MaintenanceOrder> {
  const parts = input.parts.map((p, i) => ({ ...p, qty: positiveQty(p.qty, `parts.${i}.qty`).toFixed() }));
  return inTransaction(ctx, async (tx) => {
    const { order, machine } = await lockOrder(tx, input.orderId);
    if (order.state === MaintenanceOrderState.DONE) return order;
    mustBeOpen(order, 'completed');
    const now = new Date();
    const to = await systemLocation(tx, 'VIRT-MAINTENANCE');
    for (const [i, p] of parts.entries()) {
      const item = await getOrFail(tx.em, Item, p.itemId, 'Item');
      const from = await physicalLocation(tx, p.locationId, `parts.${i}.locationId`);
      const lot = p.lotCode ? await tx.em.findOne(Lot, { item: item.id, code: p.lotCode }) : undefined;
      if (p.lotCode && !lot) throw badInput(`parts.${i}.lotCode`, `${item.sku} has no lot ${p.lotCode}`);
      const move = await moveStock(tx, {
        item,
        from,
        to,
        qty: p.qty,
        lot: lot ?? undefined,
        reason: StockMoveReason.MAINTENANCE,
        reference: order.code,
        context: { maintenanceOrderId: order.id, machineId: machine.id },
      });
      tx.em.create(MaintenancePartUse, { order, item, qty: p.qty, lotCode: lot?.code, stockMoveId: move.id });
    }
    order.state = MaintenanceOrderState.DONE;
    order.completedAt = now;
    order.completedBy = tx.actor?.subject;
    order.startedAt ??= now;
    order.notes = input.notes;
    await restartPlan(tx, order, machine, now);
    if (machine.state === MachineState.MAINTENANCE) {
      await changeMachineState(tx, machine, {
        state: MachineState.IDLE,
        at: machine.stateSince && machine.stateSince > now ? machine.stateSince : now,
        source: StateSource.API,
      });
    }
    recordOrderChange(tx, order, machine, 'DONE');
    return order;
  });
}

/** Cancelled work is skipped, not owed: its plan counts again from now, or it would fall due at once again. */
export async function cancelMaintenanceOrder(ctx: Ctx, input: CancelMaintenanceOrderInput): Promise<MaintenanceOrder> {
  return inTransaction(ctx, async (tx) => {
    const { order, machine } = await lockOrder(tx, input.orderId);
    if (order.state === MaintenanceOrderState.CANCELLED) return order;
    mustBeOpen(order, 'cancelled');
    order.state = MaintenanceOrderState.CANCELLED;
    order.notes = input.reason;
    order.completedAt = new Date();
    order.completedBy = tx.actor?.subject;
    await restartPlan(tx, order, machine, order.completedAt);
    recordOrderChange(tx, order, machine, 'CANCELLED');
    return order;
  });
}

async function restartPlan(tx: TxCtx, order: MaintenanceOrder, machine: Machine, now: Date) {
  if (!order.plan) return;
  const plan = await tx.em.findOneOrFail(MaintenancePlan, order.plan.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  plan.baselineAt = now;
  plan.baselineCycles = machine.totalCycles;
  plan.baselineRunningSeconds = String(runningSecondsAt(machine, now));
  if (plan.openOrderId === order.id) plan.openOrderId = undefined;
}

/**
 * The periodic check: calendar plans fall due with time and a running machine's hours grow between
 * state changes, so every machine with an active plan is looked at; a breakdown whose order was not
 * opened (its reason was confirmed later by another path) gets one. Machines are locked one at a time.
 */
export async function checkMaintenanceDue(ctx: Ctx): Promise<number> {
  const rows = await ctx.em.execute<{ id: string }[]>(
    `select distinct machine_id as id from maintenance_plan where active and open_order_id is null
     union
     select d.machine_id from downtime d join downtime_reason r on r.id = d.reason_id
       where d.ended_at is null and d.state = 'DOWN' and r.breakdown
         and not exists (select 1 from maintenance_order o where o.downtime_id = d.id)
     order by 1`,
  );
  let opened = 0;
  for (const { id } of rows) {
    opened += await inTransaction(ctx, async (tx) => {
      const machine = await lockMachineRow(tx, id);
      const now = new Date();
      const orders = await openDueOrders(tx, [machine], now);
      const stop = await tx.em.findOne(Downtime, { machine: machine.id, endedAt: null }, { orderBy: { startedAt: 'desc' } });
      const corrective = stop ? await openForBreakdown(tx, machine, stop) : null;
      return orders.length + (corrective ? 1 : 0);
    });
  }
  return opened;
}
