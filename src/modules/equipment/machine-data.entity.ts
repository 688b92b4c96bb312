import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Float, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../kernel/db/base.entity';
import { Machine } from './machine.entity';

/** A process parameter a machine reports, with the range it must stay in (either bound may be open). */
@ObjectType()
@Entity()
@Unique({ properties: ['machine', 'name'] })
export class MachineParameter extends BaseEntity<'outOfRange'> {
  @ManyToOne(() => Machine, { ref: true }) machine!: Ref<Machine>;
  @Field({ description: 'The {name} level of its param topic, e.g. temperature' }) @Property() name!: string;
  @Field({ nullable: true }) @Property({ nullable: true }) unit?: string;
  @Field(() => Float, { nullable: true }) @Property({ type: 'double', nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) @Property({ type: 'double', nullable: true }) max?: number;
  /** The last value was out of range: an alert is raised when a value leaves the range, not for every value outside. */
  @Field() @Property() outOfRange: boolean = false;
}

/** One reading of a process parameter, with the operation and lot running when it was taken. */
@Entity()
@Index({ properties: ['machine', 'name', 'at'] })
export class ParameterSample {
  @PrimaryKey({ type: 'bigint', autoincrement: true }) id!: string;
  /** No foreign key: a check per sample doubled the cost of storing them, and machines are never deleted. */
  @ManyToOne(() => Machine, { ref: true, createForeignKeyConstraint: false }) machine!: Ref<Machine>;
  @Property() name!: string;
  @Property({ type: 'datetime', length: 3 }) at!: Date;
  @Property({ type: 'double' }) value!: number;
  @Property({ type: 'uuid', nullable: true }) operationId?: string;
  @Property({ nullable: true }) lotCode?: string;
}

/**
 * A parameter's readings of one machine in one quarter hour (the count buckets' grid): how many, their sum,
 * lowest and highest. Yield by parameter band and long series read these, not a reading per second: a month
 * of one-second readings of 20 machines is 52 million samples, but 57,600 quarter hours per parameter.
 */
@Entity()
export class ParameterBucket {
  /** No foreign key, as for the samples it sums. */
  @ManyToOne(() => Machine, { ref: true, primary: true, createForeignKeyConstraint: false }) machine!: Ref<Machine>;
  @PrimaryKey() name!: string;
  @PrimaryKey({ type: 'datetime', length: 3 }) bucketStart!: Date;
  @Property({ type: 'double' }) samples: number = 0;
  @Property({ type: 'double' }) total: number = 0;
  @Property({ type: 'double' }) min!: number;
  @Property({ type: 'double' }) max!: number;
}

/** Counts are kept per quarter hour: fine enough for shifts and days in any time zone, few rows for a month. */
export const COUNT_BUCKET_MS = 15 * 60_000;

/**
 * Counts of one machine in one quarter hour: good, reject, and the ideal seconds those units should
 * have taken (units × the ideal cycle time in force). OEE sums these instead of reading every count message.
 */
@Entity()
export class MachineCountBucket {
  @ManyToOne(() => Machine, { ref: true, primary: true }) machine!: Ref<Machine>;
  @PrimaryKey({ type: 'datetime', length: 3 }) bucketStart!: Date;
  @Property({ type: 'double' }) good: number = 0;
  @Property({ type: 'double' }) reject: number = 0;
  @Property({ type: 'double' }) idealSeconds: number = 0;
  @Property({ type: 'uuid', nullable: true }) operationId?: string;
}

/** The key of every machine message stored, so a message the broker delivers twice is stored once. */
@Entity()
export class MachineMessage {
  @PrimaryKey({ type: 'text' }) key!: string;
  @Index() @Property({ type: 'datetime', length: 3 }) receivedAt!: Date;
}

/** A parameter value that left its range. */
@ObjectType()
@Entity()
@Index({ properties: ['machine', 'at'] })
export class ParameterAlert extends BaseEntity {
  @ManyToOne(() => Machine, { ref: true }) machine!: Ref<Machine>;
  @Field() @Property() parameter!: string;
  @Field(() => Float) @Property({ type: 'double' }) value!: number;
  @Field(() => Float, { nullable: true }) @Property({ type: 'double', nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) @Property({ type: 'double', nullable: true }) max?: number;
  @Field() @Property({ type: 'datetime', length: 3 }) at!: Date;
  @Field({ nullable: true }) @Property({ type: 'uuid', nullable: true }) operationId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) lotCode?: string;
}
