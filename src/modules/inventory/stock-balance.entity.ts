import { type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from '../catalog/item.entity';
import { Location } from './location.entity';
import { Lot } from './lot.entity';

/**
 * The running sum of the ledger per item, location and lot, kept in the move's transaction.
 * `lotKey` is the lot id or '' so the unique key also holds for untracked stock (NULLs never collide).
 */
@ObjectType()
@Entity()
@Unique({ properties: ['item', 'location', 'lotKey'] })
export class StockBalance extends BaseEntity<'lotKey' | 'qty'> {
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @ManyToOne(() => Location, { ref: true }) location!: Ref<Location>;
  @ManyToOne(() => Lot, { ref: true, nullable: true }) lot?: Ref<Lot>;
  @Property() lotKey: string = '';
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty: string = '0';
}
