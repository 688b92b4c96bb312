import { Field, ID, InputType } from 'type-graphql';
import { IsISO8601, IsOptional, IsUUID, Length } from 'class-validator';
import { WorkOrderState } from '../work-order.entity';
import { OperationState } from '../work-order-operation.entity';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { ExecutionEventType } from '../execution-event.entity';
import { IdempotencyKeyField } from '../../../kernel/common/idempotency';

@InputType()
export class CreateWorkOrderInput {
  @Field(() => ID) itemId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field({ description: 'ISO date, e.g. 2026-12-31' }) @IsISO8601({ strict: true }) dueDate!: string;
  @Field(() => ID, { nullable: true, description: 'The sales order line this work order makes' })
  salesOrderLineId?: string;
}

@InputType()
export class CreateWorkOrdersForSalesOrderInput {
  @Field(() => ID) salesOrderId!: string;
}

@InputType()
export class WorkOrderIdInput {
  @Field(() => ID) workOrderId!: string;
}

@InputType()
export class IssueMaterialInput {
  @Field(() => ID) workOrderId!: string;
  @Field(() => ID) itemId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID) fromLocationId!: string;
  @Field(() => ID, { nullable: true, description: 'Required for lot-tracked components' }) lotId?: string;
  @IdempotencyKeyField() idempotencyKey?: string;
}

@InputType({ description: 'A scan on the shop floor: start, pause, resume, complete (with qty) or scrap (with qty and reason)' })
export class RecordExecutionEventInput {
  @Field(() => ID) operationId!: string;
  @Field(() => ExecutionEventType) type!: ExecutionEventType;
  @Field({
    description:
      'Unique per event on the device; a retry of the same scan with the same id is counted once, the id with another scan is CONFLICT (IDEMPOTENCY_KEY_REUSED)',
  })
  @Length(1, 200)
  clientEventId!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Good qty for COMPLETE, scrapped qty for SCRAP' })
  qty?: string;
  @Field({ nullable: true, description: 'Why, for SCRAP' }) @IsOptional() @Length(1, 500) reason?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) deviceId?: string;
  @Field({ nullable: true, description: 'When it happened on the device; defaults to now' }) occurredAt?: Date;
}

@InputType()
export class OperationFilter {
  @Field(() => ID, { nullable: true, description: 'The dispatch list of one work center' })
  @IsOptional()
  @IsUUID()
  workCenterId?: string;
  @Field(() => [OperationState], { nullable: true }) states?: OperationState[];
}

@InputType()
export class WorkOrderFilter {
  @Field(() => [WorkOrderState], { nullable: true }) states?: WorkOrderState[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() salesOrderId?: string;
}

@InputType()
export class ExecutionEventFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() operationId?: string;
}
