import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, OneToMany, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from '../catalog/item.entity';
import { Location } from './location.entity';
import { Lot } from './lot.entity';

export enum CycleCountState {
  /** Being counted: quantities can still be recorded. */
  OPEN = 'OPEN',
  /** The variances are booked; the sheet is history. */
  POSTED = 'POSTED',
}
registerEnumType(CycleCountState, { name: 'CycleCountState' });

/** A count sheet for one location: what the ledger expected, what was counted, and the variance booked. */
@ObjectType()
@Entity()
export class CycleCount extends BaseEntity<'state'> {
  @Field({ description: 'Human code, e.g. CC-000007' }) @Property({ unique: true }) code!: string;
  @ManyToOne(() => Location, { ref: true }) location!: Ref<Location>;
  @Field(() => CycleCountState) @Enum(() => CycleCountState) state: CycleCountState = CycleCountState.OPEN;
  @Field({ nullable: true }) @Property({ nullable: true }) startedBy?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) postedBy?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) postedAt?: Date;
  @OneToMany(() => CycleCountLine, (l) => l.cycleCount, { orderBy: { lineNo: 'asc' } }) lines = new Collection<CycleCountLine>(this);
}

@ObjectType()
@Entity()
export class CycleCountLine extends BaseEntity {
  @ManyToOne(() => CycleCount, { ref: true, deleteRule: 'cascade' }) cycleCount!: Ref<CycleCount>;
  @Field(() => Int) @Property() lineNo!: number;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @ManyToOne(() => Lot, { ref: true, nullable: true }) lot?: Ref<Lot>;
  @Field(() => DecimalScalar, { description: 'On the books when the sheet was started (or the line added)' })
  @Property(decimalColumn())
  expectedQty!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Counted on the shelf; lines not counted are not adjusted' })
  @Property({ ...decimalColumn(), nullable: true })
  countedQty?: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Booked at posting: counted minus the books at that moment' })
  @Property({ ...decimalColumn(), nullable: true })
  varianceQty?: string;
  @Field(() => ID, { nullable: true, description: 'The adjustment move the variance booked' })
  @Property({ type: 'uuid', nullable: true })
  stockMoveId?: string;
}
