import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { WorkCenter } from '../catalog/work-center.entity';
import { WorkOrder } from './work-order.entity';

export enum OperationState {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  DONE = 'DONE',
}
registerEnumType(OperationState, { name: 'OperationState' });

@ObjectType()
@Entity()
@Unique({ properties: ['workOrder', 'sequence'] })
export class WorkOrderOperation extends BaseEntity<'state' | 'qtyGood' | 'qtyScrap' | 'setupMinutes' | 'runMinutesPerUnit' | 'inspection'> {
  @ManyToOne(() => WorkOrder, { ref: true, deleteRule: 'cascade' }) workOrder!: Ref<WorkOrder>;
  @Field(() => Int) @Property() sequence!: number;
  @Field() @Property() name!: string;
  @ManyToOne(() => WorkCenter, { ref: true }) workCenter!: Ref<WorkCenter>;
  @Field(() => OperationState) @Enum(() => OperationState) state: OperationState = OperationState.PENDING;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qtyGood: string = '0';
  @Field(() => DecimalScalar) @Property(decimalColumn()) qtyScrap: string = '0';
  @Field(() => DecimalScalar) @Property(decimalColumn()) setupMinutes: string = '0';
  @Field(() => DecimalScalar) @Property(decimalColumn()) runMinutesPerUnit: string = '0';
  @Field() @Property() inspection: boolean = false;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'A rework operation: the units it receives. It is off the flow: the next operation receives from the one before it',
  })
  @Property({ ...decimalColumn(), nullable: true })
  reworkQty?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) plannedStart?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) plannedEnd?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) actualStart?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) actualEnd?: Date;
}
