import type { Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { WorkCenter } from '../catalog/work-center.entity';
import { WorkOrder } from '../production/work-order.entity';
import type { TriggerPart } from './trigger';

/** How the scheduler sees a work center beyond the catalog: identical machines, transfer batches, stand-ins. */
@ObjectType()
@Entity()
export class WorkCenterPlanning extends BaseEntity<'machines' | 'alternativeIds'> {
  @ManyToOne(() => WorkCenter, { ref: true, unique: true }) workCenter!: Ref<WorkCenter>;
  @Field(() => Int, { description: 'Identical machines working in parallel' }) @Property() machines: number = 1;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Parts pass on to the next operation in batches of this many (overlap); none: the whole quantity at once',
  })
  @Property({ ...decimalColumn(), nullable: true })
  transferBatchQty?: string;
  /** Work centers that could do this one's work in a pinch (for hints, not moved automatically). */
  @Property({ type: 'json' }) alternativeIds: string[] = [];
}

export enum CalendarExceptionKind {
  /** Not working: a holiday, a shutdown. */
  CLOSED = 'CLOSED',
  /** Working outside the regular shifts. */
  OVERTIME = 'OVERTIME',
}
registerEnumType(CalendarExceptionKind, { name: 'CalendarExceptionKind' });

/** A holiday or an overtime window, for one work center or (without one) the whole plant. */
@ObjectType()
@Entity()
export class CalendarException extends BaseEntity {
  @Index() @ManyToOne(() => WorkCenter, { ref: true, nullable: true }) workCenter?: Ref<WorkCenter>;
  @Field(() => CalendarExceptionKind) @Enum(() => CalendarExceptionKind) kind!: CalendarExceptionKind;
  @Field() @Property({ type: 'datetime', length: 3 }) startsAt!: Date;
  @Field() @Property({ type: 'datetime', length: 3 }) endsAt!: Date;
  @Field() @Property() note!: string;
}

export enum CapacityLossSource {
  /** The work center's state was set DOWN or MAINTENANCE. */
  STATE = 'STATE',
  /** A machine's downtime reported by equipment. */
  DOWNTIME = 'DOWNTIME',
  /** The window planned for a maintenance order (equipment's MaintenanceOrderChanged). */
  MAINTENANCE = 'MAINTENANCE',
}
registerEnumType(CapacityLossSource, { name: 'CapacityLossSource' });

/** A stretch of time a work center (or one of its machines) cannot work; open while `endedAt` is empty. */
@ObjectType()
@Entity()
@Index({ properties: ['workCenter', 'endedAt'] })
export class CapacityLoss extends BaseEntity {
  @ManyToOne(() => WorkCenter, { ref: true }) workCenter!: Ref<WorkCenter>;
  @Field(() => String, { nullable: true, description: 'The machine, when one machine of the work center is down' })
  @Property({ nullable: true })
  machineId?: string;
  @Field(() => CapacityLossSource) @Enum(() => CapacityLossSource) source!: CapacityLossSource;
  @Field() @Property() reason!: string;
  @Field() @Property({ type: 'datetime', length: 3 }) startedAt!: Date;
  @Field({ nullable: true, description: 'When it is expected back' })
  @Property({ type: 'datetime', length: 3, nullable: true })
  expectedEnd?: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) endedAt?: Date;
  /** What it comes from, when that is a record elsewhere (the maintenance order of a planned window). */
  @Index() @Property({ type: 'uuid', nullable: true }) referenceId?: string;
}

/** How much a work order's lateness weighs against others' (1 normal; a rush order more). */
@ObjectType()
@Entity()
export class WorkOrderPriority extends BaseEntity {
  @ManyToOne(() => WorkOrder, { ref: true, unique: true, deleteRule: 'cascade' }) workOrder!: Ref<WorkOrder>;
  @Field(() => Int) @Property() priority!: number;
}

/** The planner's standing choices for the scheduler; one row. */
@ObjectType()
@Entity()
export class SchedulingPolicy extends BaseEntity<
  'replanOnEvents' | 'autoPublish' | 'frozenHours' | 'improveSeconds' | 'assumedRepairHours'
> {
  @Field({ description: 'Disruptions make a new draft by themselves (a planner may pause it while planning by hand)' })
  @Property()
  replanOnEvents: boolean = true;
  @Field({ description: 'Re-plans after a disruption are published without waiting for a planner' })
  @Property()
  autoPublish: boolean = false;
  @Field(() => Int, { description: 'Operations starting within this many hours keep their published times' })
  @Property()
  frozenHours: number = 0;
  @Field(() => DecimalScalar, { description: 'Time the improvement phase may take on a full re-plan' })
  @Property(decimalColumn())
  improveSeconds: string = '2';
  @Field(() => Int, { description: 'A work center down without an expected end is assumed back after this long' })
  @Property()
  assumedRepairHours: number = 8;
}

export enum PlanState {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  /** Was published; a newer plan replaced it. */
  SUPERSEDED = 'SUPERSEDED',
  /** A draft overtaken by a newer one, never published. */
  DISCARDED = 'DISCARDED',
}
registerEnumType(PlanState, { name: 'PlanState' });

/** One version of the schedule. Its operations and explanations are stored whole, as computed. */
@ObjectType()
@Entity()
export class Plan extends BaseEntity<'state'> {
  @Field(() => Int) @Property({ unique: true }) version!: number;
  @Field(() => PlanState) @Enum(() => PlanState) state: PlanState = PlanState.DRAFT;
  @Field({ description: 'Why it was made: a planner, a breakdown, a late supplier… (in English; `triggerParts` for other languages)' })
  @Property()
  trigger!: string;
  /** `trigger` as parts a page can say in its own language (absent in plans made before they had them). */
  @Property({ type: 'json', nullable: true }) triggerParts?: TriggerPart[];
  @Field(() => Int, { nullable: true, description: 'The version it re-planned from' })
  @Property({ nullable: true })
  basedOnVersion?: number;
  @Field({ description: '"Now" for this plan: nothing is planned before it' }) @Property({ type: 'datetime', length: 3 }) origin!: Date;
  @Field(() => Int) @Property() orderCount!: number;
  @Field(() => Int) @Property() lateOrderCount!: number;
  @Field(() => Int, { description: 'Sum over late orders of their lateness × priority' }) @Property() tardinessMinutes!: number;
  @Field({ nullable: true, description: 'When the last planned operation ends' })
  @Property({ type: 'datetime', length: 3, nullable: true })
  finishesAt?: Date;
  @Field(() => Int, { description: 'How long computing it took' }) @Property() computeMs!: number;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) publishedAt?: Date;
  @Field(() => String, { nullable: true }) @Property({ nullable: true }) publishedBy?: string;
  /**
   * The operations and explanations as JSON text: written once and read whole, so text (not jsonb,
   * which costs far more to write) and lazy (a plan is loaded without it). Read it with `bodyOf`
   * (plan-bodies.ts), which keeps it parsed.
   */
  @Property({ type: 'text', lazy: true }) bodyJson!: string;
}

/** An operation in a plan (times as ISO strings, ids as stored). */
export interface PlannedOpRecord {
  operationId: string | null;
  workOrderId: string;
  sequence: number;
  name: string;
  workCenterId: string;
  /** Which of the work center's machines, from 0. */
  machine: number;
  start: string;
  end: string;
  fixed: boolean;
}

export interface CauseRecord {
  kind: 'CAPACITY' | 'MATERIAL' | 'DOWN' | 'CLOSED' | 'STARTED' | 'WORK';
  minutes: number;
  workCenterId: string | null;
  workCenterCode: string | null;
  operation: string | null;
  behind: string[];
  itemSku: string | null;
  commitmentCode: string | null;
  until: string | null;
  text: string;
  /** What `text` says, as named values, so a page can say it in its own language (absent in older plans). */
  params?: ExplanationParams;
}

/** The values an explanation's text is made of: codes, names, minutes and ISO times, all as strings. */
export type ExplanationParams = Record<string, string>;

export interface HintRecord {
  kind: 'OVERTIME' | 'ALTERNATIVE' | 'SPLIT' | 'EXPEDITE' | 'PRIORITY';
  workCenterCode: string | null;
  text: string;
  params?: ExplanationParams;
}

export interface PlannedOrderRecord {
  workOrderId: string;
  code: string;
  salesOrderLineId: string | null;
  priority: number;
  dueDate: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  lateMinutes: number;
  causes: CauseRecord[];
  hints: HintRecord[];
}

export interface PlanBody {
  ops: PlannedOpRecord[];
  orders: PlannedOrderRecord[];
  workCenters: { id: string; code: string; machines: number }[];
  warnings: string[];
  /** How the search went: plain earliest-due-date dispatching as the yardstick, and the tabu iterations. */
  stats?: { eddTardinessMinutes: number; iterations: number; phasesMs?: Record<string, number> };
}
