import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from './item.entity';

/** A versioned bill of materials; releasing a work order explodes the active version. */
@ObjectType()
@Entity()
@Unique({ properties: ['item', 'version'] })
export class Bom extends BaseEntity<'version' | 'active'> {
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => Int) @Property() version: number = 1;
  @Field() @Property() active: boolean = true;
  @OneToMany(() => BomLine, (l) => l.bom, { orderBy: { position: 'asc' } }) lines = new Collection<BomLine>(this);
}

@ObjectType()
@Entity()
export class BomLine extends BaseEntity<'scrapPct'> {
  @ManyToOne(() => Bom, { ref: true, deleteRule: 'cascade' }) bom!: Ref<Bom>;
  @Field(() => Int) @Property() position!: number;
  @ManyToOne(() => Item, { ref: true }) component!: Ref<Item>;
  @Field(() => DecimalScalar, { description: 'Quantity of the component per unit of the parent' })
  @Property(decimalColumn())
  qtyPer!: string;
  @Field(() => DecimalScalar, { description: 'Expected scrap of the component, in percent' })
  @Property(decimalColumn())
  scrapPct: string = '0';
}
