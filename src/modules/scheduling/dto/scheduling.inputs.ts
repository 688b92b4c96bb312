import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Length, Max, Min } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { WorkCenterState } from '../../catalog/work-center.entity';
import { CalendarExceptionKind } from '../scheduling.entities';

@InputType()
export class ReplanInput {
  @Field({ nullable: true, description: 'Why (shown with the plan)' }) @Length(1, 200) reason?: string;
  @Field(() => Float, { nullable: true, description: 'Time for the improvement phase; the policy decides by default' })
  @Min(0)
  @Max(60)
  improveSeconds?: number;
  @Field({ defaultValue: false, description: 'Start from the published plan and change as little as needed' })
  incremental!: boolean;
}

@InputType()
export class PlanIdInput {
  @Field(() => ID) planId!: string;
}

@InputType()
export class SetWorkCenterStateInput {
  @Field(() => ID) workCenterId!: string;
  @Field(() => WorkCenterState) state!: WorkCenterState;
  @Field({ nullable: true, description: 'When it is expected back (DOWN or MAINTENANCE)' }) until?: Date;
  @Field({ nullable: true }) @Length(1, 200) reason?: string;
}

@InputType()
export class SetWorkCenterPlanningInput {
  @Field(() => ID) workCenterId!: string;
  @Field(() => Int, { description: 'Identical machines working in parallel' }) @Min(1) @Max(100) machines!: number;
  @Field(() => DecimalScalar, { nullable: true, description: 'Pass parts on in batches of this many' }) transferBatchQty?: string;
  @Field(() => [ID], { defaultValue: [], description: 'Work centers that could stand in' }) alternativeWorkCenterIds!: string[];
}

@InputType()
export class AddCalendarExceptionInput {
  @Field(() => ID, { nullable: true, description: 'None: the whole plant' }) workCenterId?: string;
  @Field(() => CalendarExceptionKind) kind!: CalendarExceptionKind;
  @Field() startsAt!: Date;
  @Field() endsAt!: Date;
  @Field() @Length(1, 200) note!: string;
}

@InputType()
export class SetWorkOrderPriorityInput {
  @Field(() => ID) workOrderId!: string;
  @Field(() => Int, { description: '1 normal; higher weighs its lateness more' }) @Min(1) @Max(100) priority!: number;
}

@InputType()
export class SetSchedulingPolicyInput {
  @Field({ nullable: true }) replanOnEvents?: boolean;
  @Field({ nullable: true }) autoPublish?: boolean;
  @Field(() => Int, { nullable: true }) @Min(0) @Max(24 * 14) frozenHours?: number;
  @Field(() => Float, { nullable: true }) @Min(0) @Max(60) improveSeconds?: number;
  @Field(() => Int, { nullable: true }) @Min(1) @Max(24 * 30) assumedRepairHours?: number;
}

@InputType()
export class WhatIfDownInput {
  @Field(() => ID) workCenterId!: string;
  @Field({ nullable: true, description: 'Default: now' }) from?: Date;
  @Field() until!: Date;
}

@InputType()
export class WhatIfCommitmentInput {
  @Field({ description: 'The commitment code, e.g. SC-000007' }) @Length(1, 40) commitmentCode!: string;
  @Field({ description: 'YYYY-MM-DD' }) newDate!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Only this much comes then' }) qty?: string;
}

@InputType()
export class WhatIfRushOrderInput {
  @Field(() => ID) itemId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field({ description: 'YYYY-MM-DD' }) dueDate!: string;
  @Field(() => Int, { defaultValue: 5 }) @Min(1) @Max(100) priority!: number;
}

@InputType()
export class WhatIfInput {
  @Field(() => [WhatIfDownInput], { defaultValue: [] }) workCentersDown!: WhatIfDownInput[];
  @Field(() => [WhatIfCommitmentInput], { defaultValue: [] }) commitmentDelays!: WhatIfCommitmentInput[];
  @Field(() => [WhatIfRushOrderInput], { defaultValue: [] }) rushOrders!: WhatIfRushOrderInput[];
}
