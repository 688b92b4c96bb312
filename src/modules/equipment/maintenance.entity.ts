import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { WorkCenter } from '../catalog/work-center.entity';
import { Item } from '../catalog/item.entity';
import { Machine } from './machine.entity';

export enum MaintenanceTrigger {
  /** Every `interval` days. */
  CALENDAR = 'CALENDAR',
  /** Every `interval` units counted by the machine (good and reject). */
  CYCLES = 'CYCLES',
  /** Every `interval` hours the machine has been RUNNING. */
  RUNNING_HOURS = 'RUNNING_HOURS',
}
registerEnumType(MaintenanceTrigger, { name: 'MaintenanceTrigger' });

/**
 * Preventive maintenance of a machine: due `interval` days, cycles or running hours after the last
 * time it was done (the baseline: when the plan was made, then each completed or cancelled order).
 * While one of its orders is open, no other is opened.
 */
@ObjectType()
@Entity()
export class MaintenancePlan extends BaseEntity<'active' | 'durationMinutes'> {
  @Index() @ManyToOne(() => Machine, { ref: true }) machine!: Ref<Machine>;
  @Field() @Property() name!: string;
  @Field(() => MaintenanceTrigger) @Enum(() => MaintenanceTrigger) trigger!: MaintenanceTrigger;
  @Field(() => DecimalScalar, { description: 'Days, cycles or running hours between two maintenances' })
  @Property(decimalColumn())
  interval!: string;
  @Field(() => Int, { description: 'How long the maintenance takes: the machine is planned out for this long' })
  @Property()
  durationMinutes: number = 60;
  @Field() @Property() active: boolean = true;
  @Field({ description: 'When it was last done (or the plan made)' }) @Property({ type: 'datetime', length: 3 }) baselineAt!: Date;
  @Field(() => DecimalScalar, { description: "The machine's cycles when it was last done" })
  @Property(decimalColumn())
  baselineCycles!: string;
  @Field(() => DecimalScalar, { description: "The machine's running seconds when it was last done" })
  @Property(decimalColumn())
  baselineRunningSeconds!: string;
  /** The order opened for it and not yet done or cancelled. */
  @Property({ type: 'uuid', nullable: true }) openOrderId?: string;
}

export enum MaintenanceKind {
  PREVENTIVE = 'PREVENTIVE',
  /** Opened by a breakdown, or by hand. */
  CORRECTIVE = 'CORRECTIVE',
}
registerEnumType(MaintenanceKind, { name: 'MaintenanceKind' });

export enum MaintenanceOrderState {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MaintenanceOrderState, { name: 'MaintenanceOrderState' });

export const OPEN_ORDER_STATES: readonly MaintenanceOrderState[] = [MaintenanceOrderState.OPEN, MaintenanceOrderState.IN_PROGRESS];

/** Work on a machine: preventive (a plan fell due) or corrective (a breakdown). */
@ObjectType()
@Entity()
@Index({ properties: ['machine', 'state'] })
export class MaintenanceOrder extends BaseEntity<'state' | 'parts'> {
  @Field({ description: 'Human code, e.g. MNT-000012' }) @Property({ unique: true }) code!: string;
  @Field(() => MaintenanceKind) @Enum(() => MaintenanceKind) kind!: MaintenanceKind;
  @Field(() => MaintenanceOrderState) @Enum(() => MaintenanceOrderState) state: MaintenanceOrderState = MaintenanceOrderState.OPEN;
  @ManyToOne(() => Machine, { ref: true }) machine!: Ref<Machine>;
  @Index() @ManyToOne(() => WorkCenter, { ref: true }) workCenter!: Ref<WorkCenter>;
  @ManyToOne(() => MaintenancePlan, { ref: true, nullable: true }) plan?: Ref<MaintenancePlan>;
  @Field({ description: 'What is to be done' }) @Property() title!: string;
  @Field({ description: 'Why it was opened: the plan and the count it reached, or the breakdown' })
  @Property({ length: 500 })
  cause!: string;
  /** The breakdown a corrective order repairs: one order per stop. */
  @Field({ nullable: true }) @Property({ type: 'uuid', nullable: true, unique: true }) downtimeId?: string;
  @Field({ nullable: true, description: 'Who is to do it' }) @Property({ nullable: true }) assignee?: string;
  @Field({ nullable: true, description: 'The window planned for it: lost capacity for the scheduler' })
  @Property({ type: 'datetime', length: 3, nullable: true })
  plannedStart?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) plannedEnd?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) startedAt?: Date;
  @Field({ nullable: true }) @Property({ nullable: true }) startedBy?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) completedAt?: Date;
  @Field({ nullable: true }) @Property({ nullable: true }) completedBy?: string;
  @Field({ nullable: true, description: 'What was found and done (or why it was cancelled)' })
  @Property({ nullable: true, length: 2000 })
  notes?: string;
  @OneToMany(() => MaintenancePartUse, (p) => p.order, { orderBy: { createdAt: 'asc', id: 'asc' } })
  parts = new Collection<MaintenancePartUse>(this);
}

/** A spare part used on a maintenance order, issued from stock (a stock move to the virtual maintenance location). */
@ObjectType()
@Entity()
export class MaintenancePartUse extends BaseEntity {
  @Index() @ManyToOne(() => MaintenanceOrder, { ref: true }) order!: Ref<MaintenanceOrder>;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
  @Field({ nullable: true }) @Property({ nullable: true }) lotCode?: string;
  @Field() @Property({ type: 'uuid' }) stockMoveId!: string;
}
