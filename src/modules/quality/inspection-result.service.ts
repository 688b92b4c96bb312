import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { idempotent, record, type Idempotency } from '../../kernel/unit-of-work/transaction';
import { requestFingerprint } from '../../kernel/common/idempotency';
import { badInput, invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { dec } from '../../kernel/common/quantity';
import { Lot } from '../inventory/lot.entity';
import { SalesOrder } from '../sales/sales-order.entity';
import { CharacteristicKind, InspectionCharacteristic, InspectionPoint } from './inspection-plan.entity';
import { InspectionState, InspectionTask, Measurement } from './inspection-task.entity';
import { WhereFound } from './nonconformance.entity';
import { raiseNonconformance } from './nonconformance.service';
import { checkControlRules } from './spc.service';
import { QualityEvent } from './quality.events';
import type { MeasurementInput, RecordInspectionResultInput } from './quality.inputs';

/**
 * Records an inspection's result, by an inspector or the operator at the station, idempotent on the
 * client event id like every shop-floor fact. Every characteristic of every sample is given; a value
 * outside its limits or an attribute judged bad fails the inspection, which raises a nonconformance and
 * holds the lot concerned. Numeric values also feed the control charts, which may raise an alert while
 * everything is still in spec.
 */
export async function recordInspectionResult(ctx: Ctx, input: RecordInspectionResultInput): Promise<InspectionTask> {
  const fingerprint = requestFingerprint('recordInspectionResult', input);
  const keyed: Idempotency<InspectionTask> = {
    field: 'clientEventId',
    key: input.clientEventId,
    fingerprint,
    what: 'result',
    earlier: async (c) => {
      const task = await c.em.findOne(InspectionTask, { clientEventId: input.clientEventId });
      return task && { fingerprint: task.idempotencyFingerprint, result: task };
    },
  };
  return idempotent(ctx, keyed, async (tx, replay) => {
    const task = await lockTask(tx, input);
    const earlier = await replay(tx);
    if (earlier) return earlier;
    if (task.state !== InspectionState.OPEN) {
      throw invalidState(
        `${task.code} is ${task.state}${task.inspectedBy ? ` (recorded by ${task.inspectedBy})` : ''}: it takes no other result`,
      );
    }
    const characteristics = await tx.em.find(InspectionCharacteristic, { plan: task.planId }, { orderBy: { seq: 'asc' } });
    const measurements = judge(task, characteristics, input.measurements);
    measurements.forEach(({ characteristic, ...m }, i) =>
      tx.em.create(Measurement, { ...m, taskId: task.id, characteristicId: characteristic.id, seq: i + 1 }),
    );
    const failed = measurements.filter((m) => !m.passed);
    task.state = failed.length ? InspectionState.FAILED : InspectionState.PASSED;
    task.inspectedAt = new Date();
    task.inspectedBy = tx.actor?.subject;
    task.note = input.note;
    task.clientEventId = input.clientEventId;
    task.idempotencyFingerprint = fingerprint;
    if (failed.length) await raiseFor(tx, task, failed);
    // The customer's order progress follows inspections (its "inspected" milestone); its stream is scoped by customer.
    const order = task.salesOrderId ? await tx.em.findOne(SalesOrder, task.salesOrderId) : null;
    record(tx, {
      type: QualityEvent.InspectionRecorded,
      aggregateType: 'InspectionTask',
      aggregateId: task.id,
      data: {
        taskId: task.id,
        code: task.code,
        state: task.state,
        point: task.point,
        itemId: task.itemId,
        sku: task.sku,
        lotId: task.lotId ?? null,
        lotCode: task.lotCode ?? null,
        workOrderId: task.workOrderId ?? null,
        workOrderCode: task.workOrderCode ?? null,
        operationName: task.operationName ?? null,
        salesOrderId: task.salesOrderId ?? null,
        customerId: order?.customer.id ?? null,
        nonconformanceId: task.nonconformanceId ?? null,
        failed: failed.map((m) => ({
          characteristic: m.characteristic.name,
          sampleNo: m.sampleNo,
          value: m.value ?? null,
          defectCode: m.defectCode ?? null,
        })),
      },
    });
    await tx.em.flush();
    await checkControlRules(
      tx,
      characteristics.filter((c) => c.kind === CharacteristicKind.NUMERIC),
      task,
    );
    return task;
  });
}

async function lockTask(tx: TxCtx, input: RecordInspectionResultInput): Promise<InspectionTask> {
  if (!input.taskId === !input.taskCode) throw badInput('taskId', 'name the task by taskId or by taskCode');
  if (input.taskId && !isUuid(input.taskId)) throw notFound('Inspection task', input.taskId);
  const [row] = await tx.em.execute<{ id: string }[]>(
    `select id from inspection_task where ${input.taskId ? 'id = ?' : 'code = ?'} for update`,
    [input.taskId ?? input.taskCode],
  );
  if (!row) throw notFound('Inspection task', input.taskId ?? input.taskCode!);
  return tx.em.findOneOrFail(InspectionTask, row.id, { refresh: true });
}

type Judged = Omit<Measurement, 'id' | 'createdAt' | 'updatedAt' | 'taskId' | 'seq' | 'characteristicId'> & {
  characteristic: InspectionCharacteristic;
};

/** Each measurement against its characteristic; every characteristic of every sample must be there, once. */
function judge(task: InspectionTask, characteristics: InspectionCharacteristic[], given: MeasurementInput[]): Judged[] {
  const byId = new Map(characteristics.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const out = given.map((m, i): Judged => {
    const field = `measurements[${i}]`;
    const c = byId.get(m.characteristicId);
    if (!c) throw badInput(`${field}.characteristicId`, `not a characteristic of ${task.code}'s plan`);
    if (m.sampleNo > task.sampleSize)
      throw badInput(`${field}.sampleNo`, `${task.code} samples ${task.sampleSize} units; there is no sample ${m.sampleNo}`);
    const key = `${c.id}|${m.sampleNo}`;
    if (seen.has(key)) throw badInput(field, `${c.name} of sample ${m.sampleNo} is given twice`);
    seen.add(key);
    if (c.kind === CharacteristicKind.NUMERIC) {
      if (m.value === undefined || m.value === null) throw badInput(`${field}.value`, `${c.name} is measured: give its value`);
      if (m.passed !== undefined && m.passed !== null) throw badInput(`${field}.passed`, `${c.name} is judged by its limits, not by hand`);
      const v = dec(m.value);
      const passed = (!c.lowerLimit || v.gte(c.lowerLimit)) && (!c.upperLimit || v.lte(c.upperLimit));
      return {
        characteristic: c,
        sampleNo: m.sampleNo,
        value: v.toFixed(),
        passed,
        defectCode: passed ? undefined : `${c.name.toUpperCase().replace(/\W+/g, '_')}_OUT_OF_SPEC`,
      };
    }
    if (m.passed === undefined || m.passed === null) throw badInput(`${field}.passed`, `${c.name} is judged: say whether it passed`);
    if (m.value !== undefined && m.value !== null) throw badInput(`${field}.value`, `${c.name} is judged pass or fail; it has no value`);
    if (!m.passed && !m.defectCode && c.defectCodes.length)
      throw badInput(`${field}.defectCode`, `say which defect: ${c.defectCodes.join(', ')}`);
    if (m.defectCode && c.defectCodes.length && !c.defectCodes.includes(m.defectCode)) {
      throw badInput(`${field}.defectCode`, `${m.defectCode} is not a defect code of ${c.name} (${c.defectCodes.join(', ')})`);
    }
    return {
      characteristic: c,
      sampleNo: m.sampleNo,
      passed: m.passed,
      defectCode: m.passed ? undefined : (m.defectCode ?? `${c.name.toUpperCase()}_FAILED`),
    };
  });
  for (let n = 1; n <= task.sampleSize; n++) {
    for (const c of characteristics) {
      if (!seen.has(`${c.id}|${n}`))
        throw badInput(
          'measurements',
          `${c.name} of sample ${n} is missing: ${task.code} needs every characteristic of ${task.sampleSize} sample(s)`,
        );
    }
  }
  return out;
}

/** A failed inspection: a nonconformance for the samples that failed, holding the lot concerned. */
async function raiseFor(tx: TxCtx, task: InspectionTask, failed: Judged[]): Promise<void> {
  // At an operation the lot is the work order's output, named by its code once the first units are in stock.
  const lot = task.lotId
    ? await tx.em.findOne(Lot, task.lotId)
    : task.workOrderCode
      ? await tx.em.findOne(Lot, { item: task.itemId, code: task.workOrderCode })
      : null;
  const samples = new Set(failed.map((m) => m.sampleNo));
  const nc = await raiseNonconformance(tx, {
    whereFound: task.point === InspectionPoint.RECEIPT ? WhereFound.RECEIPT : WhereFound.OPERATION,
    description: `${task.code} failed: ${failed.map((m) => `${m.characteristic.name} of sample ${m.sampleNo}${m.value ? ` = ${m.value}` : ''}`).join('; ')}`,
    defectCodes: [...new Set(failed.map((m) => m.defectCode!))],
    qty: String(samples.size),
    item: { id: task.itemId, sku: task.sku },
    lot: lot ?? undefined,
    workOrder: task.workOrderId ? { id: task.workOrderId, code: task.workOrderCode! } : undefined,
    operationId: task.operationId,
    workCenterId: task.workCenterId,
    supplierId: task.supplierId,
    inspectionTaskId: task.id,
  });
  task.nonconformanceId = nc.id;
}
