import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Plan } from './scheduling.entities';

@ObjectType()
export class PlannedOperation {
  @Field(() => ID, { nullable: true, description: 'None for an order not yet released' }) operationId!: string | null;
  @Field(() => ID) workOrderId!: string;
  @Field() workOrderCode!: string;
  @Field(() => Int) sequence!: number;
  @Field() name!: string;
  @Field(() => ID) workCenterId!: string;
  @Field() workCenterCode!: string;
  @Field(() => Int, { description: 'Which of the work center’s identical machines (0-based)' }) machine!: number;
  @Field() start!: Date;
  @Field() end!: Date;
  @Field({ description: 'Started or inside the frozen horizon: kept where it was' }) fixed!: boolean;
  @Field({ description: 'Its order is planned to finish after its due date' }) late!: boolean;
}

@ObjectType({ description: 'A named value of an explanation: what its text says, for saying it in another language' })
export class ExplanationParam {
  @Field() name!: string;
  @Field({ description: 'Codes and names as they are, minutes as a whole number, times as ISO 8601' }) value!: string;
}

@ObjectType({ description: 'One thing that set off a plan, for saying its trigger in another language' })
export class PlanTriggerPart {
  @Field({
    description:
      'The event type that happened (WorkCenterStateChanged, DowntimeStarted, OperationScrapped, SalesOrderLineChanged, …), or PLANNER (a planner re-planned), REASON (in the planner’s words), MORE (further events left out)',
  })
  kind!: string;
  @Field({ description: 'In English' }) text!: string;
  @Field(() => [ExplanationParam], {
    description:
      'An event: subject (the code of what it concerns), count, and state for WorkCenterStateChanged; PLANNER: by; REASON: reason; MORE: count',
  })
  params!: ExplanationParam[];
}

@ObjectType({ description: 'One link in the chain of why an order ends when it does' })
export class PlanCause {
  @Field({ description: 'CAPACITY, MATERIAL, DOWN, CLOSED or WORK' }) kind!: string;
  @Field(() => Int, { description: 'Minutes it costs' }) minutes!: number;
  @Field(() => String, { nullable: true }) workCenterCode!: string | null;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field(() => [String], { description: 'Orders ahead of it at the work center' }) behind!: string[];
  @Field(() => String, { nullable: true }) itemSku!: string | null;
  @Field(() => String, { nullable: true }) commitmentCode!: string | null;
  @Field(() => Date, { nullable: true }) until!: Date | null;
  @Field({ description: 'In English' }) text!: string;
  @Field(() => [ExplanationParam], {
    description:
      'What text says as named values, by kind — CAPACITY: operation, minutes, workCenter, behind (codes, comma-separated); MATERIAL: item, qtyShort, until, commitment (when confirmed); DOWN and CLOSED: workCenter, reason, until, operation; WORK: order, minutes, operation, workCenter, from. Empty for plans made before explanations had them.',
  })
  params!: ExplanationParam[];
}

@ObjectType()
export class PlanHint {
  @Field({ description: 'OVERTIME, ALTERNATIVE, SPLIT, EXPEDITE or PRIORITY' }) kind!: string;
  @Field(() => String, { nullable: true }) workCenterCode!: string | null;
  @Field({ description: 'In English' }) text!: string;
  @Field(() => [ExplanationParam], {
    description:
      'What text says as named values, by kind — OVERTIME: workCenter, before, operation; ALTERNATIVE: operation, workCenter, freeFrom; SPLIT: order, qty, orWorkCenter (true/false); EXPEDITE: commitment or item; PRIORITY: order, before.',
  })
  params!: ExplanationParam[];
}

@ObjectType()
export class PlannedOrder {
  @Field(() => ID) workOrderId!: string;
  @Field() code!: string;
  @Field(() => ID, { nullable: true }) salesOrderLineId!: string | null;
  @Field(() => Int) priority!: number;
  @Field() dueDate!: string;
  @Field(() => Date, { nullable: true }) plannedStart!: Date | null;
  @Field(() => Date, { nullable: true }) plannedEnd!: Date | null;
  @Field() onTime!: boolean;
  @Field(() => Int, { description: 'Minutes after the end of its due date; 0 when on time' }) lateMinutes!: number;
  @Field(() => [PlanCause]) causes!: PlanCause[];
  @Field(() => [PlanHint]) hints!: PlanHint[];
}

@ObjectType({ description: 'A sales order line as the plan sees it: its latest work order decides' })
export class PlannedSalesLine {
  @Field(() => ID) salesOrderLineId!: string;
  @Field(() => [String]) workOrderCodes!: string[];
  @Field() dueDate!: string;
  @Field(() => Date, { nullable: true }) plannedEnd!: Date | null;
  @Field() onTime!: boolean;
  @Field(() => Int) lateMinutes!: number;
  @Field(() => [PlanCause]) causes!: PlanCause[];
  @Field(() => [PlanHint]) hints!: PlanHint[];
}

@ObjectType()
export class WorkCenterLoad {
  @Field(() => ID) workCenterId!: string;
  @Field() code!: string;
  @Field(() => Int) machines!: number;
  @Field(() => Int, { description: 'Planned operation minutes inside the window' }) plannedMinutes!: number;
  @Field(() => Float, { description: 'Planned minutes over machine-minutes in the window, 0–1+' }) load!: number;
  @Field(() => Int) operations!: number;
}

@ObjectType()
export class OrderChangeType {
  @Field(() => ID) workOrderId!: string;
  @Field() code!: string;
  @Field(() => Date, { nullable: true }) previousEnd!: Date | null;
  @Field(() => Date, { nullable: true }) plannedEnd!: Date | null;
  @Field(() => Int, { description: 'Positive: later than before' }) shiftMinutes!: number;
  @Field(() => Int) previousLateMinutes!: number;
  @Field(() => Int) lateMinutes!: number;
}

@ObjectType()
export class PlanDiff {
  @Field(() => Int, { nullable: true }) fromVersion!: number | null;
  @Field(() => Int) toVersion!: number;
  @Field(() => [OrderChangeType]) orders!: OrderChangeType[];
  @Field(() => Int) movedOperations!: number;
}

@ObjectType({ description: 'A simulated plan, not stored: what the disruption would do to the current plan' })
export class WhatIfResult {
  @Field(() => Int, { nullable: true, description: 'The published plan compared against' }) baseVersion!: number | null;
  @Field(() => Int) lateOrderCount!: number;
  @Field(() => Int) tardinessMinutes!: number;
  @Field(() => [OrderChangeType], { description: 'Orders that become late, or later' }) newlyLate!: OrderChangeType[];
  @Field(() => [PlannedOrder]) orders!: PlannedOrder[];
}

@ObjectType()
export class PlanPayload {
  @Field(() => Plan) plan!: Plan;
}
