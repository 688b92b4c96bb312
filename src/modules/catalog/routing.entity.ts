import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from './item.entity';
import { WorkCenter } from './work-center.entity';

@ObjectType()
@Entity()
@Unique({ properties: ['item', 'version'] })
export class Routing extends BaseEntity<'version' | 'active'> {
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => Int) @Property() version: number = 1;
  @Field() @Property() active: boolean = true;
  @OneToMany(() => RoutingOperation, (o) => o.routing, { orderBy: { sequence: 'asc' } })
  operations = new Collection<RoutingOperation>(this);
}

@ObjectType()
@Entity()
@Unique({ properties: ['routing', 'sequence'] })
export class RoutingOperation extends BaseEntity<'setupMinutes' | 'runMinutesPerUnit' | 'inspection'> {
  @ManyToOne(() => Routing, { ref: true, deleteRule: 'cascade' }) routing!: Ref<Routing>;
  @Field(() => Int) @Property() sequence!: number;
  @Field() @Property() name!: string;
  @ManyToOne(() => WorkCenter, { ref: true }) workCenter!: Ref<WorkCenter>;
  @Field(() => DecimalScalar) @Property(decimalColumn()) setupMinutes: string = '0';
  @Field(() => DecimalScalar) @Property(decimalColumn()) runMinutesPerUnit: string = '0';
  @Field({ description: 'An inspection step follows this operation' }) @Property() inspection: boolean = false;
}
