import { LockMode, type Ref } from '@mikro-orm/core';
import type { TxCtx } from '../../kernel/unit-of-work/context';
import { record } from '../../kernel/unit-of-work/transaction';
import { dec } from '../../kernel/common/quantity';
import { Downtime, DowntimeReason, Machine, MachineState, MachineStatePeriod, STOPPED, StateSource } from './machine.entity';
import { EquipmentEvent } from './equipment.events';
import { WorkCenter, WorkCenterState } from '../catalog/work-center.entity';

export interface StateChange {
  state: MachineState;
  /** The reason's row; for DOWN without one the stop waits for someone to confirm a reason. */
  reason?: DowntimeReason | null;
  at: Date;
  source: StateSource;
  expectedEnd?: Date | null;
  /** Who confirmed the reason, when a person (not the machine) names it. */
  confirmedBy?: string | null;
}

/** What followed a change: the stop it opened or closed, so callers (maintenance) can react in the same transaction. */
export interface StateOutcome {
  changed: boolean;
  opened?: Downtime;
  closed?: Downtime;
  /** The open stop whose reason changed (still stopped, for another reason). */
  corrected?: Downtime;
}

/**
 * The one place a machine changes state, by API, HTTP ingest or MQTT alike: the current period is
 * closed and the next one opened, a stop (DOWN or MAINTENANCE) opens a downtime and leaving it closes
 * the downtime, running time is added to the machine's counter, and the events say so. A change that
 * is older than the machine's current state is out of order and ignored; the same state and reason
 * again is no change. The caller holds the machine row locked.
 */
export async function changeMachineState(tx: TxCtx, machine: Machine, change: StateChange): Promise<StateOutcome> {
  const reason = change.state === MachineState.DOWN || change.state === MachineState.MAINTENANCE ? (change.reason ?? null) : null;
  const sameReason = (machine.reason?.id ?? null) === (reason?.id ?? null);
  if (machine.stateSince && change.at < machine.stateSince) return { changed: false };
  if (machine.state === change.state && sameReason) return { changed: false };
  const from = machine.state;
  const outcome: StateOutcome = { changed: true };

  if (from === change.state && STOPPED.has(from)) {
    // Still stopped, for another reason: the same stop, its reason corrected.
    const open = await openDowntime(tx, machine);
    if (open) {
      open.reason = reason ? tx.em.getReference(DowntimeReason, reason.id, { wrapped: true }) : undefined;
      if (change.confirmedBy) Object.assign(open, { confirmedBy: change.confirmedBy, confirmedAt: change.at });
      outcome.corrected = open;
    }
  } else {
    if (from === MachineState.RUNNING && machine.stateSince) {
      const seconds = (change.at.getTime() - machine.stateSince.getTime()) / 1000;
      machine.runningSeconds = dec(machine.runningSeconds).plus(seconds).toFixed();
    }
    if (STOPPED.has(from)) outcome.closed = (await closeDowntime(tx, machine, change.at)) ?? undefined;
    if (STOPPED.has(change.state)) outcome.opened = openStop(tx, machine, change, reason);
  }
  await tx.em.nativeUpdate(MachineStatePeriod, { machine: machine.id, endedAt: null }, { endedAt: change.at });
  tx.em.create(MachineStatePeriod, { machine, state: change.state, reason: reason ?? undefined, startedAt: change.at });
  machine.state = change.state;
  machine.stateSince = change.at;
  machine.reason = reason ? tx.em.getReference(DowntimeReason, reason.id, { wrapped: true }) : undefined;

  record(tx, {
    type: EquipmentEvent.MachineStateChanged,
    aggregateType: 'Machine',
    aggregateId: machine.id,
    data: { ...machineFacts(machine), previousState: from, source: change.source },
  });
  if (outcome.closed) recordDowntime(tx, EquipmentEvent.DowntimeEnded, machine, outcome.closed, reasonCodeOf(outcome.closed, machine));
  if (outcome.opened) recordDowntime(tx, EquipmentEvent.DowntimeStarted, machine, outcome.opened, reason?.code ?? null);
  // The next change in the same batch finds this period and this stop open in the database.
  await tx.em.flush();
  await followMachines(tx, machine.workCenter.id);
  return outcome;
}

/**
 * What a work center's machines make of it: all stopped, DOWN (MAINTENANCE when all are in
 * maintenance); one running or idle, UP. Null for a work center without machines.
 */
export async function machinesState(tx: TxCtx, workCenterId: string): Promise<WorkCenterState | null> {
  // Plain rows: the machines of this batch are flushed just before, the others need not be managed.
  const machines = await tx.em.execute<{ state: MachineState }[]>('select state from machine where work_center_id = ?', [workCenterId]);
  if (!machines.length) return null;
  if (!machines.every((m) => STOPPED.has(m.state))) return WorkCenterState.UP;
  return machines.every((m) => m.state === MachineState.MAINTENANCE) ? WorkCenterState.MAINTENANCE : WorkCenterState.DOWN;
}

/** Who sets a work center's state: a planner by hand (setWorkCenterState) or its machines. */
export type WorkCenterStateBy = { by: 'PLANNER'; state: WorkCenterState } | { by: 'MACHINES' };

/**
 * The one rule for a work center's state. A planner's DOWN or MAINTENANCE holds: its machines do not
 * override it (a machine test-running during a repair does not bring the line back) until a planner
 * sets it UP. UP releases the hold, and from then the work center follows its machines — at once, so
 * a planner's UP over machines that are all stopped leaves it DOWN. The caller holds the row locked
 * (lockWorkCenter) and writes the event; the state it takes is returned.
 */
export async function settleWorkCenterState(tx: TxCtx, wc: WorkCenter, change: WorkCenterStateBy): Promise<WorkCenterState> {
  if (change.by === 'PLANNER' && change.state !== WorkCenterState.UP) {
    wc.state = change.state;
    wc.stateHeld = true;
    return wc.state;
  }
  if (change.by === 'MACHINES' && wc.stateHeld) return wc.state;
  wc.stateHeld = false;
  wc.state = (await machinesState(tx, wc.id)) ?? (change.by === 'PLANNER' ? WorkCenterState.UP : wc.state);
  return wc.state;
}

/** The work center row, locked, so a planner's hold and a machine's change never cross. */
export const lockWorkCenter = (tx: TxCtx, workCenterId: string) =>
  tx.em.findOneOrFail(WorkCenter, workCenterId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });

/**
 * After a machine's change: the work center follows its machines (unless a planner holds it). A change
 * is WorkCenterStateChanged, the event the scheduler re-plans on, as when a planner sets the state.
 */
async function followMachines(tx: TxCtx, workCenterId: string): Promise<void> {
  // Locked only when it may change (as the update itself would): most machine changes leave it be.
  const seen = await tx.em.findOneOrFail(WorkCenter, workCenterId);
  if (seen.stateHeld || (await machinesState(tx, workCenterId)) === seen.state) return;
  const wc = await lockWorkCenter(tx, workCenterId);
  const from = wc.state;
  if ((await settleWorkCenterState(tx, wc, { by: 'MACHINES' })) === from) return;
  record(tx, {
    type: 'WorkCenterStateChanged',
    aggregateType: 'WorkCenter',
    aggregateId: wc.id,
    data: {
      workCenterId: wc.id,
      code: wc.code,
      state: wc.state,
      previousState: from,
      until: null,
      reason: 'its machines',
      source: 'machines',
    },
  });
}

function openStop(tx: TxCtx, machine: Machine, change: StateChange, reason: DowntimeReason | null): Downtime {
  return tx.em.create(Downtime, {
    machine,
    workCenter: machine.workCenter,
    state: change.state,
    reason: reason ?? undefined,
    planned: change.state === MachineState.MAINTENANCE || !!reason?.planned,
    startedAt: change.at,
    expectedEnd: change.expectedEnd ?? undefined,
    source: change.source,
    confirmedBy: reason && change.confirmedBy ? change.confirmedBy : undefined,
    confirmedAt: reason && change.confirmedBy ? change.at : undefined,
  });
}

const openDowntime = (tx: TxCtx, machine: Machine) =>
  tx.em.findOne(Downtime, { machine: machine.id, endedAt: null }, { orderBy: { startedAt: 'desc' } });

async function closeDowntime(tx: TxCtx, machine: Machine, at: Date): Promise<Downtime | null> {
  const open = await openDowntime(tx, machine);
  if (open) open.endedAt = at;
  return open;
}

/** The reason code of a stop being closed: its own, which may have been confirmed since it opened. */
function reasonCodeOf(downtime: Downtime, machine: Machine): string | null {
  return codeOf(downtime.reason) ?? codeOf(machine.reason);
}

/** A reason's code; machines are loaded with their reason (see lockMachine), so it is at hand. */
export const codeOf = (ref: Ref<DowntimeReason> | undefined): string | null => (ref?.isInitialized() ? ref.getEntity().code : null);

/** What every machine event carries, so a subscriber needs no read. */
export function machineFacts(machine: Machine): Record<string, unknown> {
  return {
    machineId: machine.id,
    machineCode: machine.code,
    workCenterId: machine.workCenter.id,
    state: machine.state,
    stateSince: machine.stateSince?.toISOString() ?? null,
    reason: codeOf(machine.reason),
  };
}

export function recordDowntime(tx: TxCtx, type: string, machine: Machine, downtime: Downtime, reason: string | null): void {
  record(tx, {
    type,
    aggregateType: 'Machine',
    aggregateId: machine.id,
    data: {
      workCenterId: machine.workCenter.id,
      machineId: machine.id,
      machineCode: machine.code,
      downtimeId: downtime.id,
      reason,
      state: downtime.state,
      planned: downtime.planned,
      startedAt: downtime.startedAt.toISOString(),
      ...(downtime.expectedEnd ? { expectedEnd: downtime.expectedEnd.toISOString() } : {}),
      ...(downtime.endedAt ? { endedAt: downtime.endedAt.toISOString() } : {}),
      ...(downtime.endedAt ? { durationSeconds: (downtime.endedAt.getTime() - downtime.startedAt.getTime()) / 1000 } : {}),
      confirmedBy: downtime.confirmedBy ?? null,
    },
  });
}
