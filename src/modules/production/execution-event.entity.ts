import type { Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { WorkOrderOperation } from './work-order-operation.entity';
import { WorkOrder } from './work-order.entity';

export enum ExecutionEventType {
  START = 'START',
  PAUSE = 'PAUSE',
  RESUME = 'RESUME',
  COMPLETE = 'COMPLETE',
  SCRAP = 'SCRAP',
}
registerEnumType(ExecutionEventType, { name: 'ExecutionEventType' });

/** A fact from the shop floor. `clientEventId` is unique, so a scanner that retries is counted once. */
@ObjectType()
@Entity()
export class ExecutionEvent extends BaseEntity {
  @Field() @Property({ unique: true }) clientEventId!: string;
  /** sha256 of the scan's input, so a reused client event id with other content is refused. */
  @Property({ nullable: true, length: 64 }) idempotencyFingerprint?: string;
  @Field(() => ExecutionEventType) @Enum(() => ExecutionEventType) type!: ExecutionEventType;
  @Index() @ManyToOne(() => WorkOrder, { ref: true }) workOrder!: Ref<WorkOrder>;
  @ManyToOne(() => WorkOrderOperation, { ref: true }) operation!: Ref<WorkOrderOperation>;
  @Field(() => DecimalScalar, { nullable: true }) @Property({ ...decimalColumn(), nullable: true }) qty?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) reason?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) deviceId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) actor?: string;
  @Field(() => ID, { nullable: true, description: 'The event this one reverses (a correction); it then counts the opposite' })
  @Property({ type: 'uuid', nullable: true, unique: true })
  reversesEventId?: string;
  /** The finished goods a completion of the last operation received. */
  @Property({ type: 'uuid', nullable: true }) stockMoveId?: string;
  /** The journal entry a scrap booked. */
  @Property({ type: 'uuid', nullable: true }) journalEntryId?: string;
  @Field({ description: 'When it happened on the floor (the device clock)' })
  @Property({ type: 'datetime', length: 3 })
  occurredAt!: Date;
}
