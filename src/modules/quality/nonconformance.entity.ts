import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';

export enum NonconformanceState {
  /** Raised; waits for a disposition. */
  OPEN = 'OPEN',
  /** USE_AS_IS decided; waits for a second person's approval. */
  AWAITING_APPROVAL = 'AWAITING_APPROVAL',
  /** RETURN_TO_SUPPLIER done; waits for the supplier's answer in the portal. */
  AWAITING_SUPPLIER = 'AWAITING_SUPPLIER',
  /** REWORK decided; the rework operation is in the work order. */
  IN_REWORK = 'IN_REWORK',
  CLOSED = 'CLOSED',
}
registerEnumType(NonconformanceState, { name: 'NonconformanceState' });

export enum Disposition {
  SCRAP = 'SCRAP',
  USE_AS_IS = 'USE_AS_IS',
  RETURN_TO_SUPPLIER = 'RETURN_TO_SUPPLIER',
  REWORK = 'REWORK',
}
registerEnumType(Disposition, { name: 'Disposition' });

export enum WhereFound {
  RECEIPT = 'RECEIPT',
  OPERATION = 'OPERATION',
  STOCK = 'STOCK',
  CUSTOMER = 'CUSTOMER',
}
registerEnumType(WhereFound, { name: 'WhereFound' });

/** Something not as specified: what, how many, where found, why, and what is done with it. */
@ObjectType()
@Entity()
@Index({ properties: ['state', 'createdAt'] })
export class Nonconformance extends BaseEntity<'state'> {
  @Field({ description: 'Human code, e.g. NC-000014' }) @Property({ unique: true }) code!: string;
  @Field(() => NonconformanceState) @Enum(() => NonconformanceState) state: NonconformanceState = NonconformanceState.OPEN;
  @Field(() => WhereFound) @Enum(() => WhereFound) whereFound!: WhereFound;
  @Field() @Property({ length: 1000 }) description!: string;
  @Field(() => [String]) @Property({ type: 'json' }) defectCodes!: string[];
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
  @Field(() => ID) @Index() @Property({ type: 'uuid' }) itemId!: string;
  @Field() @Property() sku!: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) lotId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) lotCode?: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) workOrderId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) workOrderCode?: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'uuid', nullable: true }) operationId?: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) workCenterId?: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) supplierId?: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'uuid', nullable: true }) inspectionTaskId?: string;
  @Field({ nullable: true }) @Property({ nullable: true, length: 2000 }) rootCause?: string;
  @Field({ nullable: true }) @Property({ nullable: true, length: 2000 }) correctiveAction?: string;
  @Field(() => Disposition, { nullable: true }) @Enum({ items: () => Disposition, nullable: true }) disposition?: Disposition;
  @Field({ nullable: true }) @Property({ nullable: true }) dispositionBy?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) dispositionAt?: Date;
  @Field({ nullable: true }) @Property({ nullable: true, length: 1000 }) dispositionNote?: string;
  @Field({ nullable: true, description: 'Who approved USE_AS_IS: never who decided it' }) @Property({ nullable: true }) approvedBy?: string;
  @Field({ nullable: true }) @Property({ nullable: true, length: 2000 }) supplierResponse?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) supplierRespondedAt?: Date;
  @Field(() => ID, { nullable: true, description: 'The rework operation inserted (REWORK)' })
  @Property({ type: 'uuid', nullable: true })
  reworkOperationId?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) closedAt?: Date;
  @Field({ nullable: true }) @Property({ nullable: true }) raisedBy?: string;
}
