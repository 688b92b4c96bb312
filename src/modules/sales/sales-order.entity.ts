import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { dec } from '../../kernel/common/quantity';
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
export class SalesOrderLine extends BaseEntity<'qtyShipped' | 'qtyShortClosed'> {
  @ManyToOne(() => SalesOrder, { ref: true, deleteRule: 'cascade' }) salesOrder!: Ref<SalesOrder>;
  @Field(() => Int) @Property() lineNo!: number;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
  @Field() @Property({ type: 'date' }) dueDate!: string;
  @Field(() => DecimalScalar, { description: 'How much of the line has shipped so far' })
  @Property({ ...decimalColumn(), default: 0 })
  qtyShipped: string = '0';
  @Field(() => DecimalScalar, {
    description: 'How much of the line the planner closed without making it (it finished short); it is no longer due',
  })
  @Property({ ...decimalColumn(), default: 0 })
  qtyShortClosed: string = '0';
  @Field(() => String, { nullable: true, description: 'Why the line was short-closed, as the planner wrote it (the customer sees it too)' })
  @Property({ nullable: true, length: 500 })
  shortCloseReason?: string;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) shortClosedAt?: Date;
  /** Who short-closed it (the token's subject). */
  @Property({ nullable: true }) shortClosedBy?: string;
}

/** What the customer still expects of a line: ordered, less what was short-closed. */
export const qtyDue = (line: Pick<SalesOrderLine, 'qty' | 'qtyShortClosed'>) => dec(line.qty).minus(line.qtyShortClosed);

/** What of a line is still to ship: due, less what has shipped. */
export const qtyToShip = (line: Pick<SalesOrderLine, 'qty' | 'qtyShortClosed' | 'qtyShipped'>) => qtyDue(line).minus(line.qtyShipped);
