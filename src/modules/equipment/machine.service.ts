import { LockMode } from '@mikro-orm/core';
import type { Ctx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput, conflict, invalidState, notFound } from '../../kernel/common/errors';
import { dec } from '../../kernel/common/quantity';
import { getOrFail } from '../../kernel/db/lookup';
import { WorkCenter } from '../catalog/work-center.entity';
import { WorkOrderOperation } from '../production/work-order-operation.entity';
import { Downtime, DowntimeReason, Machine, MachineState, StateSource } from './machine.entity';
import { MachineParameter } from './machine-data.entity';
import { changeMachineState, machineFacts, recordDowntime } from './machine-state';
import { afterStateChange, openForBreakdown } from './maintenance.service';
import { EquipmentEvent } from './equipment.events';
import type {
  ConfirmDowntimeReasonInput,
  CreateDowntimeReasonInput,
  CreateMachineInput,
  SetMachineJobInput,
  SetMachineStateInput,
  SetParameterLimitsInput,
} from './dto/equipment.inputs';

export async function createMachine(ctx: Ctx, input: CreateMachineInput): Promise<Machine> {
  return inTransaction(ctx, async (tx) => {
    const workCenter = await getOrFail(tx.em, WorkCenter, input.workCenterId, 'Work center');
    if (await tx.em.count(Machine, { code: input.code }))
      throw conflict(`A machine with code ${input.code} exists already`, { field: 'code' });
    if (input.idealCycleSeconds !== undefined && !dec(input.idealCycleSeconds).gt(0))
      throw badInput('idealCycleSeconds', 'must be more than 0');
    const machine = tx.em.create(Machine, {
      code: input.code,
      name: input.name,
      workCenter,
      idealCycleSeconds: input.idealCycleSeconds,
    });
    record(tx, {
      type: EquipmentEvent.MachineStateChanged,
      aggregateType: 'Machine',
      aggregateId: machine.id,
      data: { ...machineFacts(machine), previousState: null, source: StateSource.API },
    });
    return machine;
  });
}

export async function createDowntimeReason(ctx: Ctx, input: CreateDowntimeReasonInput): Promise<DowntimeReason> {
  return inTransaction(ctx, async (tx) => {
    if (await tx.em.count(DowntimeReason, { code: input.code }))
      throw conflict(`A downtime reason with code ${input.code} exists already`, { field: 'code' });
    const parent = input.parentCode ? await tx.em.findOne(DowntimeReason, { code: input.parentCode }) : null;
    if (input.parentCode && !parent) throw badInput('parentCode', `no downtime reason has the code ${input.parentCode}`);
    return tx.em.create(DowntimeReason, {
      code: input.code,
      name: input.name,
      parent: parent ?? undefined,
      planned: input.planned ?? parent?.planned ?? false,
      breakdown: input.breakdown ?? parent?.breakdown ?? false,
    });
  });
}

async function reasonByCode(ctx: Ctx, code: string | undefined, field: string): Promise<DowntimeReason | null> {
  if (!code) return null;
  const reason = await ctx.em.findOne(DowntimeReason, { code });
  if (!reason) throw badInput(field, `no downtime reason has the code ${code}; see downtimeReasons`);
  return reason;
}

/** The machine row locked for a change, with what its events name. */
export const lockMachine = (ctx: Ctx, id: string) =>
  getOrFail(ctx.em, Machine, id, 'Machine', { lock: LockMode.PESSIMISTIC_WRITE, populate: ['reason', 'currentOperation'] });

export async function setMachineState(ctx: Ctx, input: SetMachineStateInput): Promise<Machine> {
  if (input.reasonCode && input.state !== MachineState.DOWN && input.state !== MachineState.MAINTENANCE) {
    throw badInput('reasonCode', `a reason belongs to a stop (DOWN or MAINTENANCE), not to ${input.state}`);
  }
  return inTransaction(ctx, async (tx) => {
    const reason = await reasonByCode(tx, input.reasonCode, 'reasonCode');
    const machine = await lockMachine(tx, input.machineId);
    const at = input.at ?? new Date();
    if (machine.stateSince && at < machine.stateSince) {
      throw invalidState(
        `Machine ${machine.code} has been ${machine.state} since ${machine.stateSince.toISOString()}; a change cannot be dated before that`,
      );
    }
    if (at.getTime() > Date.now() + 60_000) throw badInput('at', 'cannot be in the future');
    const outcome = await changeMachineState(tx, machine, {
      state: input.state,
      reason,
      at,
      source: StateSource.API,
      expectedEnd: input.expectedEnd,
      confirmedBy: tx.actor?.subject,
    });
    await afterStateChange(tx, machine, outcome);
    return machine;
  });
}

export async function confirmDowntimeReason(ctx: Ctx, input: ConfirmDowntimeReasonInput): Promise<Downtime> {
  return inTransaction(ctx, async (tx) => {
    const reason = (await reasonByCode(tx, input.reasonCode, 'reasonCode'))!;
    const downtime = await getOrFail(tx.em, Downtime, input.downtimeId, 'Downtime', { lock: LockMode.PESSIMISTIC_WRITE });
    const machine = await lockMachine(tx, downtime.machine.id);
    downtime.reason = tx.em.getReference(DowntimeReason, reason.id, { wrapped: true });
    downtime.planned = downtime.state === MachineState.MAINTENANCE || reason.planned;
    downtime.confirmedBy = tx.actor?.subject;
    downtime.confirmedAt = new Date();
    // The open stop's reason is the machine's too.
    if (!downtime.endedAt) machine.reason = downtime.reason;
    recordDowntime(tx, EquipmentEvent.DowntimeReasonConfirmed, machine, downtime, reason.code);
    await openForBreakdown(tx, machine, downtime);
    return downtime;
  });
}

export async function setMachineJob(ctx: Ctx, input: SetMachineJobInput): Promise<Machine> {
  return inTransaction(ctx, async (tx) => {
    const machine = await lockMachine(tx, input.machineId);
    if (input.operationId) {
      const op = await tx.em.findOne(WorkOrderOperation, { id: input.operationId });
      if (!op) throw notFound('Work order operation', input.operationId);
      if (op.workCenter.id !== machine.workCenter.id)
        throw invalidState(`The operation runs at another work center than machine ${machine.code}'s`);
      machine.currentOperation = tx.em.getReference(WorkOrderOperation, op.id, { wrapped: true });
    } else machine.currentOperation = undefined;
    machine.currentLotCode = input.lotCode;
    return machine;
  });
}

export async function setParameterLimits(ctx: Ctx, input: SetParameterLimitsInput): Promise<MachineParameter> {
  if (input.min !== undefined && input.max !== undefined && input.min > input.max) throw badInput('min', 'must not be more than max');
  return inTransaction(ctx, async (tx) => {
    const machine = await getOrFail(tx.em, Machine, input.machineId, 'Machine');
    const existing = await tx.em.findOne(MachineParameter, { machine: machine.id, name: input.name });
    const parameter = existing ?? tx.em.create(MachineParameter, { machine, name: input.name });
    Object.assign(parameter, { unit: input.unit, min: input.min ?? null, max: input.max ?? null, outOfRange: false });
    return parameter;
  });
}
