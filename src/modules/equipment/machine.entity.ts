import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { WorkCenter } from '../catalog/work-center.entity';
import { WorkOrderOperation } from '../production/work-order-operation.entity';

export enum MachineState {
  RUNNING = 'RUNNING',
  IDLE = 'IDLE',
  /** Stopped by a failure or a stop with a reason: lost capacity nobody planned. */
  DOWN = 'DOWN',
  /** Stopped for planned maintenance: not counted against availability. */
  MAINTENANCE = 'MAINTENANCE',
}
registerEnumType(MachineState, { name: 'MachineState' });

/** A stop is lost capacity; these are the states a downtime is recorded for. */
export const STOPPED: ReadonlySet<MachineState> = new Set([MachineState.DOWN, MachineState.MAINTENANCE]);

/** A node of the downtime reason tree (e.g. MECH → MECH-JAM); machines and people name reasons by code. */
@ObjectType()
@Entity()
export class DowntimeReason extends BaseEntity<'planned' | 'breakdown'> {
  @Field() @Property({ unique: true }) code!: string;
  @Field() @Property() name!: string;
  @Index() @ManyToOne(() => DowntimeReason, { ref: true, nullable: true }) parent?: Ref<DowntimeReason>;
  @Field({ description: 'A planned stop (maintenance, changeover by plan): not counted against availability' })
  @Property()
  planned: boolean = false;
  @Field({ description: 'A failure that needs repair: a machine going DOWN for it opens a corrective maintenance order' })
  @Property({ default: false })
  breakdown: boolean = false;
}

/** A machine of a work center: its state now, the job it runs and its counters for maintenance. */
@ObjectType()
@Entity()
export class Machine extends BaseEntity<'state' | 'totalCycles' | 'runningSeconds'> {
  @Field({ description: 'Unique; the {machine} level of its MQTT topics' }) @Property({ unique: true }) code!: string;
  @Field() @Property() name!: string;
  @Index() @ManyToOne(() => WorkCenter, { ref: true }) workCenter!: Ref<WorkCenter>;
  @Field(() => MachineState) @Enum(() => MachineState) state: MachineState = MachineState.IDLE;
  /** Null until the first state is reported: a new machine takes machine data of any time. */
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) stateSince?: Date;
  @ManyToOne(() => DowntimeReason, { ref: true, nullable: true }) reason?: Ref<DowntimeReason>;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Ideal seconds per unit; without it the running operation's routing time (run minutes per unit) is used",
  })
  @Property({ ...decimalColumn(), nullable: true })
  idealCycleSeconds?: string;
  /** The operation and lot the machine works on now: counts and parameters are linked to them. */
  @ManyToOne(() => WorkOrderOperation, { ref: true, nullable: true }) currentOperation?: Ref<WorkOrderOperation>;
  @Field({ nullable: true, description: 'The lot being made now' }) @Property({ nullable: true }) currentLotCode?: string;
  @Field(() => DecimalScalar, { description: 'Units counted (good and reject) since the machine was created' })
  @Property(decimalColumn())
  totalCycles: string = '0';
  /** When the last MachineCounted was written: counts are announced at most every COUNT_ANNOUNCE_MS. */
  @Property({ type: 'datetime', length: 3, nullable: true }) countsAnnouncedAt?: Date;
  @Field(() => DecimalScalar, { description: 'Seconds spent RUNNING, up to the last state change' })
  @Property(decimalColumn())
  runningSeconds: string = '0';
}

/** The machine's state over time: one row per state, the current one open. OEE and MTBF read these. */
@Entity()
@Index({ properties: ['machine', 'startedAt'] })
export class MachineStatePeriod extends BaseEntity {
  @ManyToOne(() => Machine, { ref: true }) machine!: Ref<Machine>;
  @Enum(() => MachineState) state!: MachineState;
  @ManyToOne(() => DowntimeReason, { ref: true, nullable: true }) reason?: Ref<DowntimeReason>;
  @Property({ type: 'datetime', length: 3 }) startedAt!: Date;
  @Property({ type: 'datetime', length: 3, nullable: true }) endedAt?: Date;
}

export enum StateSource {
  API = 'API',
  MQTT = 'MQTT',
  HTTP = 'HTTP',
}
registerEnumType(StateSource, { name: 'StateSource' });

/** A stop of a machine: down with a reason, or in planned maintenance; open until it runs or idles again. */
@ObjectType()
@Entity()
@Index({ properties: ['machine', 'startedAt'] })
export class Downtime extends BaseEntity<'planned'> {
  @ManyToOne(() => Machine, { ref: true }) machine!: Ref<Machine>;
  @Index() @ManyToOne(() => WorkCenter, { ref: true }) workCenter!: Ref<WorkCenter>;
  @Field(() => MachineState) @Enum(() => MachineState) state!: MachineState;
  @ManyToOne(() => DowntimeReason, { ref: true, nullable: true }) reason?: Ref<DowntimeReason>;
  @Field({ description: 'Planned maintenance or a planned reason' }) @Property() planned: boolean = false;
  @Field() @Property({ type: 'datetime', length: 3 }) startedAt!: Date;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) endedAt?: Date;
  @Field({ nullable: true, description: 'When it is expected to run again, if anyone said' })
  @Property({ type: 'datetime', length: 3, nullable: true })
  expectedEnd?: Date;
  @Field(() => StateSource) @Enum(() => StateSource) source!: StateSource;
  @Field({ nullable: true, description: 'Who confirmed the reason (a reason sent by the machine is unconfirmed)' })
  @Property({ nullable: true })
  confirmedBy?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) confirmedAt?: Date;
}
