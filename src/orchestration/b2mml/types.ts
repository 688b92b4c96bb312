/**
 * The plain shapes the B2MML (ISA-95, version 0700) export and import work on. The hub fills and
 * consumes them; the b2mml module only turns them into XML and back.
 */

/** One work order's production performance (MOM → ERP): an OperationsPerformance with OperationsType Production. */
export interface WorkOrderPerformance {
  /** Work order code, e.g. WO-000123: the OperationsResponse ID. */
  workOrderCode: string;
  workOrderId: string;
  /** The OperationsRequest it answers, when it came from an imported schedule or sales order. */
  requestId?: string;
  state: 'PLANNED' | 'RELEASED' | 'IN_PROGRESS' | 'COMPLETED' | 'CLOSED' | 'CANCELLED';
  itemSku: string;
  unit: string;
  qtyOrdered: string;
  qtyGood: string;
  qtyScrapped: string;
  startTime?: Date;
  endTime?: Date;
  publishedAt: Date;
  operations: {
    sequence: number;
    name: string;
    workCenterCode: string;
    state: 'PENDING' | 'RUNNING' | 'PAUSED' | 'DONE';
    qtyGood: string;
    qtyScrap: string;
    actualStart?: Date;
    actualEnd?: Date;
  }[];
  /** Components consumed (issued to the order). */
  materialsConsumed: { sku: string; unit: string; qty: string; lotCodes: string[] }[];
  /** Finished lots produced, if the item is lot-tracked. */
  lotsProduced: { code: string; qty: string }[];
}

/** One request of an imported production schedule (ERP → MOM): what to make, how much, by when. */
export interface ScheduledProduction {
  /** OperationsRequest ID: the external id the hub keeps for idempotent re-imports. */
  requestId: string;
  description?: string;
  /** MaterialDefinitionID of the requirement whose MaterialUse is "Produced". */
  itemSku: string;
  qty: string;
  unit?: string;
  /** The request's EndTime (or the schedule's), as YYYY-MM-DD. */
  dueDate: string;
  /** The request's StartTime, if given. */
  startDate?: string;
}

export interface ParsedSchedule {
  scheduleId: string;
  requests: ScheduledProduction[];
  /** Requests that could not be read: which one and why. The rest are still returned. */
  errors: { record: string; reason: string }[];
}
