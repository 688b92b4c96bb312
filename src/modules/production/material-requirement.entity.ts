import { type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from '../catalog/item.entity';
import { WorkOrder } from './work-order.entity';

/** What a released work order needs of one component (from the BOM) and how much was issued. */
@ObjectType()
@Entity()
@Unique({ properties: ['workOrder', 'item'] })
export class MaterialRequirement extends BaseEntity<'qtyIssued'> {
  @ManyToOne(() => WorkOrder, { ref: true, deleteRule: 'cascade' }) workOrder!: Ref<WorkOrder>;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qtyRequired!: string;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qtyIssued: string = '0';
}
