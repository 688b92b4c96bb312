import type { Ctx } from '../../kernel/unit-of-work/context';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { textOrNull } from '../../kernel/events/event-types';
import { EQUIPMENT_EVENT_TYPES } from '../../modules/equipment/equipment.events';
import { ProductionEvent } from '../../modules/production/production.events';
import { SchedulingEvent } from '../../modules/scheduling/scheduling.events';
import type { MachineState } from '../../modules/equipment/machine.entity';
import { OperationState } from '../../modules/production/work-order-operation.entity';
import { operationMayStartSql, operationReceivedSql } from '../../modules/production/operation-readiness';
import { WorkCenter, type WorkCenterState } from '../../modules/catalog/work-center.entity';
import { badInput } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import type { PlantChange, PlantMachine, PlantOperation, PlantView, PlantWorkCenter } from './plant-view.types';

/** At most this many work centers (and machines) on one view: a plant, not a data export. */
const MAX_WORK_CENTERS = 200;
const MAX_MACHINES = 1000;

interface OperationRow {
  id: string;
  work_center_id: string;
  work_order_id: string;
  code: string;
  sku: string;
  item_name: string;
  sequence: number;
  name: string;
  state: OperationState;
  qty: string;
  qty_good: string;
  qty_scrap: string;
  rework_qty: string | null;
  qty_received: string;
  due_date: string | Date;
  planned_start: Date | string | null;
  actual_start: Date | string | null;
  /** In the ranked list: in progress, ready to start (the queue), or waiting for the operation before it. */
  kind?: 'wip' | 'queue' | 'upcoming';
  rank?: string | number;
  n?: string | number;
}

const OPERATION_COLUMNS = `o.id, o.work_center_id, w.id as work_order_id, w.code, i.sku, i.name as item_name, o.sequence, o.name, o.state,
  w.qty::text as qty, o.qty_good::text as qty_good, o.qty_scrap::text as qty_scrap, w.due_date, o.planned_start, o.actual_start,
  o.rework_qty::text as rework_qty, ${operationReceivedSql('o', 'w')}::text as qty_received`;

const date = (v: Date | string | null) => (v === null ? null : new Date(v));
const day = (v: string | Date) => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

function toOperation(r: OperationRow): PlantOperation {
  return {
    operationId: r.id,
    workOrderId: r.work_order_id,
    workOrderCode: r.code,
    sku: r.sku,
    itemName: r.item_name,
    sequence: Number(r.sequence),
    name: r.name,
    state: r.state,
    qty: r.qty,
    qtyGood: r.qty_good,
    qtyScrap: r.qty_scrap,
    reworkQty: r.rework_qty,
    qtyReceived: r.qty_received,
    dueDate: day(r.due_date),
    plannedStart: date(r.planned_start),
    actualStart: date(r.actual_start),
  };
}

/**
 * The floor now, in four set-based statements: the work centers, their machines (with the reason and
 * expected end of an open stop), the operations the machines work on, and the open operations of
 * released or running work orders — the first `listed` of each work center's WIP (running, paused:
 * earliest started first) and queue (pending and ready to start by production's rule: by planned start,
 * then due date), with the counts of all, and the count of pending operations not ready yet (upcoming).
 */
export async function plantView(ctx: Ctx, options: { workCenterId?: string; listed: number }): Promise<PlantView> {
  const listed = options.listed;
  if (!Number.isInteger(listed) || listed < 0 || listed > 50) throw badInput('listed', 'must be 0 to 50');
  if (options.workCenterId) await getOrFail(ctx.em, WorkCenter, options.workCenterId, 'WorkCenter');
  const wcFilter = options.workCenterId ? 'where wc.id = ?' : '';
  const wcParams = options.workCenterId ? [options.workCenterId] : [];
  const [centers, machines, open] = await Promise.all([
    ctx.em.execute<{ id: string; code: string; name: string; state: WorkCenterState }[]>(
      `select wc.id, wc.code, wc.name, wc.state from work_center wc ${wcFilter} order by wc.code limit ${MAX_WORK_CENTERS}`,
      wcParams,
    ),
    ctx.em.execute<
      {
        id: string;
        work_center_id: string;
        code: string;
        name: string;
        state: MachineState;
        state_since: Date | string | null;
        reason_code: string | null;
        reason_name: string | null;
        expected_end: Date | string | null;
        current_operation_id: string | null;
        current_lot_code: string | null;
      }[]
    >(
      `select m.id, m.work_center_id, m.code, m.name, m.state, m.state_since, r.code as reason_code, r.name as reason_name,
         (select d.expected_end from downtime d where d.machine_id = m.id and d.ended_at is null order by d.started_at desc limit 1) as expected_end,
         m.current_operation_id, m.current_lot_code
       from machine m left join downtime_reason r on r.id = m.reason_id
       ${options.workCenterId ? 'where m.work_center_id = ?' : ''}
       order by m.code limit ${MAX_MACHINES}`,
      wcParams,
    ),
    // Ranked per work center and kind so only the first `listed` travel, with the count of all (rank 1 carries it
    // when nothing is listed); of the operations not ready, only the count.
    ctx.em.execute<OperationRow[]>(
      `select * from (
         select ${OPERATION_COLUMNS}, k.kind,
           row_number() over (partition by o.work_center_id, k.kind
             order by case when k.kind = 'wip' then o.actual_start else o.planned_start end nulls last, w.due_date, w.code, o.sequence) as rank,
           count(*) over (partition by o.work_center_id, k.kind) as n
         from work_order_operation o join work_order w on w.id = o.work_order_id join item i on i.id = w.item_id
           cross join lateral (select case when o.state <> 'PENDING' then 'wip' when ${operationMayStartSql('o')} then 'queue'
             else 'upcoming' end as kind) k
         where w.state in ('RELEASED', 'IN_PROGRESS') and o.state <> 'DONE' ${options.workCenterId ? 'and o.work_center_id = ?' : ''}
       ) ranked where rank <= case when kind = 'upcoming' then 1 else greatest(?, 1) end
       order by rank`,
      [...wcParams, listed],
    ),
  ]);
  const jobIds = [...new Set(machines.flatMap((m) => (m.current_operation_id ? [m.current_operation_id] : [])))];
  const jobs = jobIds.length
    ? await ctx.em.execute<OperationRow[]>(
        `select ${OPERATION_COLUMNS} from work_order_operation o join work_order w on w.id = o.work_order_id join item i on i.id = w.item_id
         where o.id = any(?::uuid[])`,
        [`{${jobIds.join(',')}}`],
      )
    : [];
  const jobById = new Map(jobs.map((j) => [j.id, toOperation(j)]));

  const byCenter = new Map<string, PlantWorkCenter>(
    centers.map((c) => [c.id, { ...c, machines: [], wip: [], wipCount: 0, queue: [], queueCount: 0, upcomingCount: 0 }]),
  );
  for (const m of machines) {
    const machine: PlantMachine = {
      id: m.id,
      code: m.code,
      name: m.name,
      state: m.state,
      stateSince: date(m.state_since),
      reasonCode: m.reason_code,
      reasonName: m.reason_name,
      expectedEnd: date(m.expected_end),
      job: (m.current_operation_id && jobById.get(m.current_operation_id)) || null,
      lotCode: m.current_lot_code,
    };
    byCenter.get(m.work_center_id)?.machines.push(machine);
  }
  for (const r of open) {
    const wc = byCenter.get(r.work_center_id);
    if (!wc) continue;
    const n = Number(r.n);
    if (r.kind === 'upcoming') wc.upcomingCount = n;
    else if (r.kind === 'queue') wc.queueCount = n;
    else wc.wipCount = n;
    if (r.kind !== 'upcoming' && Number(r.rank) <= listed) (r.kind === 'queue' ? wc.queue : wc.wip).push(toOperation(r));
  }
  return { at: new Date(), workCenters: [...byCenter.values()] };
}

/** What moves the plant view: the machines and their stops, the work centers, and operations starting, moving or finishing. */
const WORK_ORDER_TYPES: ReadonlySet<string> = new Set([
  ProductionEvent.WorkOrderReleased,
  ProductionEvent.WorkOrderStarted,
  ProductionEvent.WorkOrderCompleted,
  ProductionEvent.WorkOrderCancelled,
  ProductionEvent.WorkOrderClosed,
  ProductionEvent.WorkOrderReopened,
  ProductionEvent.OperationStarted,
  ProductionEvent.OperationPaused,
  ProductionEvent.OperationResumed,
  ProductionEvent.OperationProgressed,
  ProductionEvent.OperationScrapped,
  ProductionEvent.OperationDone,
  ProductionEvent.OperationInserted,
  ProductionEvent.ExecutionEventReversed,
]);

export function movesPlantView(e: LoggedEvent, workCenterId?: string): boolean {
  const relevant = EQUIPMENT_EVENT_TYPES.has(e.type) || e.type === SchedulingEvent.WorkCenterStateChanged || WORK_ORDER_TYPES.has(e.type);
  if (!relevant || !workCenterId) return relevant;
  // Work order events name no single work center: a view of one work center redraws on all of them.
  return WORK_ORDER_TYPES.has(e.type) || e.data.workCenterId === workCenterId;
}

export function toPlantChange(e: LoggedEvent): PlantChange {
  return {
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt,
    workCenterId: textOrNull(e.data.workCenterId),
    machineId: textOrNull(e.data.machineId),
    workOrderId: e.aggregateType === 'WorkOrder' ? e.aggregateId : textOrNull(e.data.workOrderId),
  };
}
