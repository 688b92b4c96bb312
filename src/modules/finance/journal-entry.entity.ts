import type { Ref } from '@mikro-orm/core';
import { Collection } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';

export enum JournalSource {
  RECEIPT = 'RECEIPT',
  ISSUE = 'ISSUE',
  COMPLETION = 'COMPLETION',
  SCRAP = 'SCRAP',
  SHIPMENT = 'SHIPMENT',
  /** Operators' time on a work order, at the work centers' labour rates. */
  LABOUR = 'LABOUR',
  /** Machine time on a work order, at the work centers' machine rates. */
  MACHINE = 'MACHINE',
  /** What is left in a work order's WIP when it closes, by kind (see the memo). */
  VARIANCE = 'VARIANCE',
  /** Unused material back from a work order to stock. */
  RETURN = 'RETURN',
  /** Stock found or lost: a count or an adjustment. */
  ADJUSTMENT = 'ADJUSTMENT',
  /** Stock scrapped by a quality disposition: out of inventory (not work in progress) to the scrap expense. */
  STOCK_SCRAP = 'STOCK_SCRAP',
  /** Stock returned to its supplier: out of inventory against goods received not invoiced. */
  SUPPLIER_RETURN = 'SUPPLIER_RETURN',
  /** Spare parts used on a maintenance order: out of inventory to the maintenance expense. */
  MAINTENANCE = 'MAINTENANCE',
}
registerEnumType(JournalSource, { name: 'JournalSource' });

/** A balanced journal entry at standard cost, for finance systems to book. */
@ObjectType()
@Entity()
export class JournalEntry extends BaseEntity {
  @Field({ description: 'Human code, e.g. JE-000042' }) @Property({ unique: true }) code!: string;
  @Field() @Property({ type: 'date' }) postingDate!: string;
  @Field(() => JournalSource) @Enum(() => JournalSource) source!: JournalSource;
  @Field() @Property() memo!: string;
  @Field() @Property() currency!: string;
  @Field(() => DecimalScalar) @Property(decimalColumn()) amount!: string;
  @Field(() => ID) @Property({ type: 'uuid' }) itemId!: string;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) stockMoveId?: string;
  @Field(() => ID, { nullable: true }) @Index() @Property({ type: 'uuid', nullable: true }) workOrderId?: string;
  @Field(() => ID, { nullable: true, description: 'The entry this one reverses (a correction books the opposite lines)' })
  @Property({ type: 'uuid', nullable: true })
  reversesEntryId?: string;
  @Field({ nullable: true, description: 'For a VARIANCE entry: MATERIAL, LABOUR, MACHINE or STANDARD' })
  @Property({ nullable: true, length: 16 })
  varianceKind?: string;
  @OneToMany(() => JournalLine, (l) => l.entry, { orderBy: { lineNo: 'asc' } }) lines = new Collection<JournalLine>(this);
}

@ObjectType()
@Entity()
export class JournalLine extends BaseEntity {
  @ManyToOne(() => JournalEntry, { ref: true, deleteRule: 'cascade' }) entry!: Ref<JournalEntry>;
  @Field(() => Int) @Property() lineNo!: number;
  @Field() @Property() account!: string;
  @Field(() => DecimalScalar) @Property(decimalColumn()) debit!: string;
  @Field(() => DecimalScalar) @Property(decimalColumn()) credit!: string;
}
