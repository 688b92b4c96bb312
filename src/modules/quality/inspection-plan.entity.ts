import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';

export enum InspectionPoint {
  /** After a routing operation: its completions are inspected. */
  OPERATION = 'OPERATION',
  /** On receipt of a purchased item: its receipts are inspected. */
  RECEIPT = 'RECEIPT',
}
registerEnumType(InspectionPoint, { name: 'InspectionPoint' });

export enum SamplingRule {
  /** Every unit completed or received is inspected. */
  EVERY_UNIT = 'EVERY_UNIT',
  /** The first unit of each work order (or of each received lot). */
  FIRST_ARTICLE = 'FIRST_ARTICLE',
  /** `sampleSize` units of each lot (a work order's output, or a received lot). */
  N_PER_LOT = 'N_PER_LOT',
  /** `sampleSize` units per lot, but after `skipAfter` good lots in a row every other lot is skipped; a failed lot ends the skipping. */
  SKIP_LOT = 'SKIP_LOT',
}
registerEnumType(SamplingRule, { name: 'SamplingRule' });

export enum CharacteristicKind {
  /** Measured: a value against target and limits. */
  NUMERIC = 'NUMERIC',
  /** Judged: pass or fail, a defect code when it fails. */
  ATTRIBUTE = 'ATTRIBUTE',
}
registerEnumType(CharacteristicKind, { name: 'CharacteristicKind' });

/**
 * What to inspect where, and how much: a routing operation's output or a purchased item's receipts,
 * a list of characteristics and a sampling rule. A plan applies to work orders released afterwards and
 * to those already running (matched by routing and sequence).
 */
@ObjectType()
@Entity()
@Index({ properties: ['point', 'itemId'] })
@Index({ properties: ['routingOperationId'] })
export class InspectionPlan extends BaseEntity<'active' | 'sampleSize'> {
  @Field() @Property() name!: string;
  @Field(() => InspectionPoint) @Enum(() => InspectionPoint) point!: InspectionPoint;
  @Field(() => ID, { description: 'The item made (OPERATION) or received (RECEIPT)' }) @Property({ type: 'uuid' }) itemId!: string;
  @Field(() => ID, { nullable: true, description: 'The routing operation inspected (OPERATION plans)' })
  @Property({ type: 'uuid', nullable: true })
  routingOperationId?: string;
  @Field(() => Int, { nullable: true, description: 'Its sequence in the routing (OPERATION plans)' })
  @Property({ nullable: true })
  operationSequence?: number;
  @Field(() => SamplingRule) @Enum(() => SamplingRule) sampling!: SamplingRule;
  @Field(() => Int, { description: 'Units per lot for N_PER_LOT and SKIP_LOT' }) @Property() sampleSize: number = 1;
  @Field(() => Int, { nullable: true, description: 'Good lots in a row after which SKIP_LOT skips' })
  @Property({ nullable: true })
  skipAfter?: number;
  @Field() @Property() active: boolean = true;
  @OneToMany(() => InspectionCharacteristic, (c) => c.plan, { orderBy: { seq: 'asc' } })
  characteristics = new Collection<InspectionCharacteristic>(this);
}

@ObjectType()
@Entity()
@Unique({ properties: ['plan', 'seq'] })
export class InspectionCharacteristic extends BaseEntity {
  @ManyToOne(() => InspectionPlan, { ref: true, deleteRule: 'cascade' }) plan!: Ref<InspectionPlan>;
  @Field(() => Int) @Property() seq!: number;
  @Field() @Property() name!: string;
  @Field(() => CharacteristicKind) @Enum(() => CharacteristicKind) kind!: CharacteristicKind;
  @Field(() => DecimalScalar, { nullable: true }) @Property({ ...decimalColumn(), nullable: true }) target?: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Lower specification limit' })
  @Property({ ...decimalColumn(), nullable: true })
  lowerLimit?: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Upper specification limit' })
  @Property({ ...decimalColumn(), nullable: true })
  upperLimit?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) unit?: string;
  @Field(() => [String], { description: 'Defect codes a failed ATTRIBUTE may carry' }) @Property({ type: 'json' }) defectCodes: string[] =
    [];
}
