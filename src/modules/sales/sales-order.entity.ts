import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Partner } from '../partners/partner.entity';
import { Item } from '../catalog/item.entity';

export enum SalesOrderState {
  OPEN = 'OPEN',
  IN_PRODUCTION = 'IN_PRODUCTION',
  COMPLETED = 'COMPLETED',
  /** Every line has shipped in full (see the shipping module). */
  SHIPPED = 'SHIPPED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SalesOrderState, { name: 'SalesOrderState' });

@ObjectType()
@Entity()
export class SalesOrder extends BaseEntity<'state'> {
  @Field({ description: 'Human code, e.g. SO-000042' }) @Property({ unique: true }) code!: string;
  @ManyToOne(() => Partner, { ref: true }) customer!: Ref<Partner>;
  @Field(() => SalesOrderState) @Enum(() => SalesOrderState) state: SalesOrderState = SalesOrderState.OPEN;
  @Field({ nullable: true }) @Property({ nullable: true }) customerReference?: string;
  @OneToMany(() => SalesOrderLine, (l) => l.salesOrder, { orderBy: { lineNo: 'asc' } })
  lines = new Collection<SalesOrderLine>(this);
}

@ObjectType()
@Entity()
@Unique({ properties: ['salesOrder', 'lineNo'] })
export class SalesOrderLine extends BaseEntity<'qtyShipped'> {
  @ManyToOne(() => SalesOrder, { ref: true, deleteRule: 'cascade' }) salesOrder!: Ref<SalesOrder>;
  @Field(() => Int) @Property() lineNo!: number;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
  @Field() @Property({ type: 'date' }) dueDate!: string;
  @Field(() => DecimalScalar, { description: 'How much of the line has shipped so far' })
  @Property({ ...decimalColumn(), default: 0 })
  qtyShipped: string = '0';
}
