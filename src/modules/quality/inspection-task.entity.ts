import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { InspectionPoint } from './inspection-plan.entity';

export enum InspectionState {
  /** Waits for an inspector: on the dispatch list. */
  OPEN = 'OPEN',
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  /** Skipped by a skip-lot rule; kept so the record shows the lot was not inspected and why. */
  SKIPPED = 'SKIPPED',
}
registerEnumType(InspectionState, { name: 'InspectionState' });

/**
 * One inspection to do: a plan applied to a completion of an operation or to a receipt. Created from the
 * event log (OperationProgressed, StockMoved RECEIPT) once per triggering event (`triggerEventId`).
 */
@ObjectType()
@Entity()
@Index({ properties: ['state', 'createdAt'] })
@Index({ properties: ['planId', 'createdAt'] })
@Unique({ properties: ['triggerEventId', 'planId'] })
export class InspectionTask extends BaseEntity<'state'> {
  @Field({ description: 'Human code, e.g. INSP-000031' }) @Property({ unique: true }) code!: string;
  @Field(() => ID) @Property({ type: 'uuid' }) planId!: string;
  @Field(() => InspectionPoint) @Enum(() => InspectionPoint) point!: InspectionPoint;
  @Field(() => InspectionState) @Enum(() => InspectionState) state: InspectionState = InspectionState.OPEN;
  @Property({ type: 'uuid' }) triggerEventId!: string;
  @Field(() => ID) @Property({ type: 'uuid' }) itemId!: string;
  @Field() @Property() sku!: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) lotId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) lotCode?: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) workOrderId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) workOrderCode?: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'uuid', nullable: true }) operationId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) operationName?: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'uuid', nullable: true }) workCenterId?: string;
  @Field(() => ID, { nullable: true, description: 'The supplier of a received lot, when known' })
  @Property({ type: 'uuid', nullable: true })
  supplierId?: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) salesOrderId?: string;
  @Field(() => DecimalScalar, { description: 'What the completion or receipt brought' }) @Property(decimalColumn()) qty!: string;
  @Field(() => Int, { description: 'Units to measure' }) @Property() sampleSize!: number;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) inspectedAt?: Date;
  @Field({ nullable: true }) @Property({ nullable: true }) inspectedBy?: string;
  @Field(() => ID, { nullable: true, description: 'The nonconformance a failure raised' })
  @Property({ type: 'uuid', nullable: true })
  nonconformanceId?: string;
  @Field({ nullable: true }) @Property({ nullable: true, unique: true }) clientEventId?: string;
  @Property({ nullable: true, length: 64 }) idempotencyFingerprint?: string;
  @Field({ nullable: true }) @Property({ nullable: true, length: 1000 }) note?: string;
}

/** One characteristic of one sample: a value (NUMERIC) or a verdict (ATTRIBUTE). */
@ObjectType()
@Entity()
@Index({ properties: ['characteristicId', 'createdAt'] })
export class Measurement extends BaseEntity {
  @Index() @Property({ type: 'uuid' }) taskId!: string;
  @Field(() => ID) @Property({ type: 'uuid' }) characteristicId!: string;
  @Field(() => Int) @Property() seq!: number;
  @Field(() => Int, { description: 'Which sample (1…sampleSize)' }) @Property() sampleNo!: number;
  @Field(() => DecimalScalar, { nullable: true }) @Property({ ...decimalColumn(), nullable: true }) value?: string;
  @Field({ description: 'Within the limits (NUMERIC) or judged good (ATTRIBUTE)' }) @Property() passed!: boolean;
  @Field({ nullable: true }) @Property({ nullable: true }) defectCode?: string;
}
