import { LockMode } from '@mikro-orm/core';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { deferWrite, inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { dec } from '../../kernel/common/quantity';
import { badInput } from '../../kernel/common/errors';
import { DowntimeReason, Machine, StateSource } from './machine.entity';
import { COUNT_BUCKET_MS, MachineParameter, ParameterAlert } from './machine-data.entity';
import type { MachineRecord } from './machine-data';
import { changeMachineState } from './machine-state';
import { afterStateChange } from './maintenance.service';
import { openDueOrders } from './maintenance-due';
import { EquipmentEvent } from './equipment.events';

export interface StoreResult {
  stored: number;
  duplicates: number;
  /** Records naming a machine the hub does not know: not stored. */
  unknownMachines: string[];
}

/** A PostgreSQL array literal; null elements stay NULL. */
const pgArray = (values: readonly (string | number | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/**
 * Stores a batch of machine data in one transaction: messages seen before (by key) are skipped,
 * states change through the one state machine, counts are added to the machine's quarter hour and its
 * cycle counter, parameters are stored with the operation and lot running and added to their quarter
 * hour, and a value that leaves its range raises an alert. The caller acknowledges the messages only after this commits.
 */
export async function storeMachineData(
  ctx: Ctx,
  records: readonly MachineRecord[],
  source: StateSource,
  options: { refuseUnknown?: boolean } = {},
): Promise<StoreResult> {
  if (!records.length) return { stored: 0, duplicates: 0, unknownMachines: [] };
  return inTransaction(ctx, async (tx) => {
    const fresh = await firstDeliveries(tx, records);
    // A key counts once, also when the broker delivered it twice into the same batch.
    const todo = records.filter((r) => !r.key || fresh.delete(r.key));
    const codes = [...new Set(todo.map((r) => r.machine))].sort();
    // Locked in one order, so two writers never wait on each other in a circle.
    const machines = codes.length
      ? await tx.em.find(
          Machine,
          { code: { $in: codes } },
          { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, populate: ['reason', 'currentOperation'] },
        )
      : [];
    const byCode = new Map(machines.map((m) => [m.code, m]));
    const unknown = codes.filter((c) => !byCode.has(c));
    if (unknown.length && options.refuseUnknown) throw badInput('machine', `no machine has the code ${unknown.join(', ')}`);
    const known = todo.filter((r) => byCode.has(r.machine)).sort((a, b) => a.at.getTime() - b.at.getTime());
    await applyStates(tx, known, byCode, source);
    const counted = await addCounts(tx, known, byCode);
    // Counters moved: a plan every N cycles may have fallen due (one query for the batch).
    await openDueOrders(tx, counted, new Date());
    await addParameters(tx, known, byCode);
    return {
      stored: known.length,
      duplicates: records.length - todo.length,
      unknownMachines: unknown,
    };
  });
}

/** Inserts the keys; those that were new come back. */
async function firstDeliveries(tx: TxCtx, records: readonly MachineRecord[]): Promise<Set<string>> {
  const keys = [...new Set(records.flatMap((r) => (r.key ? [r.key] : [])))];
  if (!keys.length) return new Set();
  const rows = await tx.em.execute<{ key: string }[]>(
    `insert into machine_message (key, received_at) select k, now() from unnest(?::text[]) k on conflict do nothing returning key`,
    [pgArray(keys)],
  );
  return new Set(rows.map((r) => r.key));
}

async function applyStates(tx: TxCtx, records: readonly MachineRecord[], byCode: Map<string, Machine>, source: StateSource) {
  const states = records.filter((r) => r.kind === 'state');
  if (!states.length) return;
  const reasonCodes = [...new Set(states.flatMap((r) => (r.kind === 'state' && r.reason ? [r.reason] : [])))];
  const reasons = reasonCodes.length ? await tx.em.find(DowntimeReason, { code: { $in: reasonCodes } }) : [];
  const reasonByCode = new Map(reasons.map((r) => [r.code, r]));
  for (const r of states) {
    if (r.kind !== 'state') continue;
    const machine = byCode.get(r.machine)!;
    const outcome = await changeMachineState(tx, machine, {
      state: r.state,
      reason: r.reason ? (reasonByCode.get(r.reason) ?? null) : null,
      at: r.at,
      source,
      expectedEnd: r.expectedEnd,
    });
    await afterStateChange(tx, machine, outcome);
  }
}

const bucketOf = (d: Date) => new Date(Math.floor(d.getTime() / COUNT_BUCKET_MS) * COUNT_BUCKET_MS);

/** Ideal seconds per unit: the machine's own, else the running operation's routing time. */
function idealCycle(machine: Machine): number {
  if (machine.idealCycleSeconds) return Number(machine.idealCycleSeconds);
  const op = machine.currentOperation?.isInitialized() ? machine.currentOperation.getEntity() : undefined;
  return op ? Number(op.runMinutesPerUnit) * 60 : 0;
}

/** Adds the counts to the machines' quarter hours and cycle counters; returns the machines counted. */
async function addCounts(tx: TxCtx, records: readonly MachineRecord[], byCode: Map<string, Machine>): Promise<Machine[]> {
  const buckets = new Map<string, { machine: Machine; bucketStart: Date; good: number; reject: number; ideal: number }>();
  for (const r of records) {
    if (r.kind !== 'count' || r.value === 0) continue;
    const machine = byCode.get(r.machine)!;
    const bucketStart = bucketOf(r.at);
    const k = `${machine.id}|${bucketStart.getTime()}`;
    const b = buckets.get(k) ?? { machine, bucketStart, good: 0, reject: 0, ideal: 0 };
    if (r.name === 'good') b.good += r.value;
    else b.reject += r.value;
    b.ideal += r.value * idealCycle(machine);
    buckets.set(k, b);
    machine.totalCycles = dec(machine.totalCycles).plus(r.value).toFixed();
  }
  if (!buckets.size) return [];
  const rows = [...buckets.values()];
  // Nothing in the batch reads the buckets back: the insert rides on the commit statement, no round trip of its own.
  deferWrite(tx, {
    sql: `insert into machine_count_bucket (machine_id, bucket_start, good, reject, ideal_seconds, operation_id)
     select * from unnest(?::uuid[], ?::timestamptz[], ?::float8[], ?::float8[], ?::float8[], ?::uuid[])
     on conflict (machine_id, bucket_start) do update set
       good = machine_count_bucket.good + excluded.good,
       reject = machine_count_bucket.reject + excluded.reject,
       ideal_seconds = machine_count_bucket.ideal_seconds + excluded.ideal_seconds,
       operation_id = coalesce(excluded.operation_id, machine_count_bucket.operation_id)`,
    values: [
      pgArray(rows.map((b) => b.machine.id)),
      pgArray(rows.map((b) => b.bucketStart.toISOString())),
      pgArray(rows.map((b) => b.good)),
      pgArray(rows.map((b) => b.reject)),
      pgArray(rows.map((b) => b.ideal)),
      pgArray(rows.map((b) => b.machine.currentOperation?.id ?? null)),
    ],
  });
  const counted = [...new Set(rows.map((b) => b.machine))];
  announceCounts(tx, counted, new Date());
  return counted;
}

/** Counts are announced, not each message: a watcher re-reads OEE anyway, once in a while is enough. */
export const COUNT_ANNOUNCE_MS = 10_000;

function announceCounts(tx: TxCtx, machines: readonly Machine[], now: Date) {
  for (const machine of machines) {
    if (machine.countsAnnouncedAt && now.getTime() - machine.countsAnnouncedAt.getTime() < COUNT_ANNOUNCE_MS) continue;
    machine.countsAnnouncedAt = now;
    record(tx, {
      type: EquipmentEvent.MachineCounted,
      aggregateType: 'Machine',
      aggregateId: machine.id,
      data: { machineId: machine.id, machineCode: machine.code, workCenterId: machine.workCenter.id, totalCycles: machine.totalCycles },
    });
  }
}

async function addParameters(tx: TxCtx, records: readonly MachineRecord[], byCode: Map<string, Machine>) {
  const params = records.filter((r) => r.kind === 'param');
  if (!params.length) return;
  const ids = [...new Set(params.map((r) => byCode.get(r.machine)!.id))];
  const limits = await tx.em.find(MachineParameter, { machine: { $in: ids } });
  const limitOf = new Map(limits.map((l) => [`${l.machine.id}|${l.name}`, l]));
  const machineIds: string[] = [];
  const names: string[] = [];
  const ats: string[] = [];
  const values: number[] = [];
  const ops: (string | null)[] = [];
  const lots: (string | null)[] = [];
  for (const r of params) {
    if (r.kind !== 'param') continue;
    const machine = byCode.get(r.machine)!;
    const operationId = machine.currentOperation?.id ?? null;
    machineIds.push(machine.id);
    names.push(r.name);
    ats.push(r.at.toISOString());
    values.push(r.value);
    ops.push(operationId);
    lots.push(machine.currentLotCode ?? null);
    const limit = limitOf.get(`${machine.id}|${r.name}`);
    if (limit) checkRange(tx, machine, limit, r.value, r.at, operationId);
  }
  deferWrite(tx, {
    sql: `insert into parameter_sample (machine_id, name, at, value, operation_id, lot_code)
     select * from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::float8[], ?::uuid[], ?::text[])`,
    values: [pgArray(machineIds), pgArray(names), pgArray(ats), pgArray(values), pgArray(ops), pgArray(lots)],
  });
  addParameterBuckets(tx, params, byCode);
}

/** Adds the readings to their quarter hours (ParameterBucket), on the same commit as the readings themselves. */
function addParameterBuckets(tx: TxCtx, params: readonly MachineRecord[], byCode: Map<string, Machine>) {
  const buckets = new Map<
    string,
    { machineId: string; name: string; bucketStart: Date; samples: number; total: number; min: number; max: number }
  >();
  for (const r of params) {
    if (r.kind !== 'param') continue;
    const machineId = byCode.get(r.machine)!.id;
    const bucketStart = bucketOf(r.at);
    const k = `${machineId}|${r.name}|${bucketStart.getTime()}`;
    const b = buckets.get(k);
    if (!b) buckets.set(k, { machineId, name: r.name, bucketStart, samples: 1, total: r.value, min: r.value, max: r.value });
    else {
      b.samples++;
      b.total += r.value;
      b.min = Math.min(b.min, r.value);
      b.max = Math.max(b.max, r.value);
    }
  }
  const rows = [...buckets.values()];
  deferWrite(tx, {
    sql: `insert into parameter_bucket (machine_id, name, bucket_start, samples, total, min, max)
     select * from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::float8[], ?::float8[], ?::float8[], ?::float8[])
     on conflict (machine_id, name, bucket_start) do update set
       samples = parameter_bucket.samples + excluded.samples,
       total = parameter_bucket.total + excluded.total,
       min = least(parameter_bucket.min, excluded.min),
       max = greatest(parameter_bucket.max, excluded.max)`,
    values: [
      pgArray(rows.map((b) => b.machineId)),
      pgArray(rows.map((b) => b.name)),
      pgArray(rows.map((b) => b.bucketStart.toISOString())),
      pgArray(rows.map((b) => b.samples)),
      pgArray(rows.map((b) => b.total)),
      pgArray(rows.map((b) => b.min)),
      pgArray(rows.map((b) => b.max)),
    ],
  });
}

/** An alert when a value leaves its range (not again while it stays outside); back inside clears it. */
function checkRange(tx: TxCtx, machine: Machine, limit: MachineParameter, value: number, at: Date, operationId: string | null) {
  const outside =
    (limit.min !== undefined && limit.min !== null && value < limit.min) ||
    (limit.max !== undefined && limit.max !== null && value > limit.max);
  if (!outside) {
    limit.outOfRange = false;
    return;
  }
  if (limit.outOfRange) return;
  limit.outOfRange = true;
  const alert = tx.em.create(ParameterAlert, {
    machine,
    parameter: limit.name,
    value,
    min: limit.min ?? undefined,
    max: limit.max ?? undefined,
    at,
    operationId: operationId ?? undefined,
    lotCode: machine.currentLotCode ?? undefined,
  });
  record(tx, {
    type: EquipmentEvent.ParameterOutOfRange,
    aggregateType: 'Machine',
    aggregateId: machine.id,
    data: {
      alertId: alert.id,
      machineId: machine.id,
      machineCode: machine.code,
      workCenterId: machine.workCenter.id,
      parameter: limit.name,
      unit: limit.unit ?? null,
      value,
      min: limit.min ?? null,
      max: limit.max ?? null,
      at: at.toISOString(),
      operationId,
      lotCode: machine.currentLotCode ?? null,
    },
  });
}
