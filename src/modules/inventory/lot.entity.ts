import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../kernel/db/base.entity';
import { Item } from '../catalog/item.entity';

export enum LotStatus {
  AVAILABLE = 'AVAILABLE',
  ON_HOLD = 'ON_HOLD',
}
registerEnumType(LotStatus, { name: 'LotStatus' });

@ObjectType()
@Entity()
@Unique({ properties: ['item', 'code'] })
export class Lot extends BaseEntity<'status'> {
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field() @Property() code!: string;
  @Field(() => LotStatus) @Enum(() => LotStatus) status: LotStatus = LotStatus.AVAILABLE;
  @Field({ nullable: true, description: 'Best before / use by; shipping picks the lot that expires first' })
  @Property({ type: 'date', nullable: true })
  expiresOn?: string;
}
