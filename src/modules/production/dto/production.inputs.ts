import { Field, ID, InputType } from 'type-graphql';
import { IsISO8601, IsOptional, IsUUID, Length } from 'class-validator';
import { WorkOrderState } from '../work-order.entity';
import { OperationState } from '../work-order-operation.entity';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { ExecutionEventType } from '../execution-event.entity';
import { IdempotencyKeyField } from '../../../kernel/common/idempotency';
import { CodeField } from '../../../kernel/codes/code-field';

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
  @Field(() => ID, { nullable: true, description: 'Or workOrderCode' }) workOrderId?: string;
  @CodeField('The work order by its code, WO-000123 (an operation code WO-000123/20 names its work order too)') workOrderCode?: string;
  @Field(() => ID, { nullable: true, description: 'Or itemSku' }) itemId?: string;
  @CodeField('The component by its SKU') itemSku?: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID, { nullable: true, description: 'Or fromLocationCode' }) fromLocationId?: string;
  @CodeField('The location by its code, e.g. LS-01') fromLocationCode?: string;
  @Field(() => ID, { nullable: true, description: 'Required for lot-tracked components (or lotCode)' }) lotId?: string;
  @CodeField("The lot by its code within the component, or a lot label's GS1 payload (240)SKU(10)LOT") lotCode?: string;
  @IdempotencyKeyField() idempotencyKey?: string;
}

@InputType({ description: 'A scan on the shop floor: start, pause, resume, complete (with qty) or scrap (with qty and reason)' })
export class RecordExecutionEventInput {
  @Field(() => ID, { nullable: true, description: 'Or operationCode' }) operationId?: string;
  @CodeField('The operation as printed on the traveller: work order code / sequence, WO-000123/20') operationCode?: string;
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
