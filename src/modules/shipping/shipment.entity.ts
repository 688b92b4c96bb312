import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Partner } from '../partners/partner.entity';
import { Item } from '../catalog/item.entity';
import { Location } from '../inventory/location.entity';
import { Lot } from '../inventory/lot.entity';
import { SalesOrder, SalesOrderLine } from '../sales/sales-order.entity';

/**
 * A shipment is posted when it is recorded: it states goods that have left, with their stock moves and
 * journal entries in the same transaction. There is no draft to edit; a correction would be a return,
 * a fact of its own.
 */
export enum ShipmentState {
  SHIPPED = 'SHIPPED',
}
registerEnumType(ShipmentState, { name: 'ShipmentState' });

/** Goods of one sales order that left for the customer under one delivery note. */
@ObjectType()
@Entity()
export class Shipment extends BaseEntity<'state'> {
  @Field({ description: 'The delivery note number, e.g. DN-000042' }) @Property({ unique: true }) code!: string;
  @Index() @ManyToOne(() => SalesOrder, { ref: true }) salesOrder!: Ref<SalesOrder>;
  /** The order's customer, kept here so a customer's shipments are found without the order. */
  @Index() @ManyToOne(() => Partner, { ref: true }) customer!: Ref<Partner>;
  @Field(() => ShipmentState) @Enum(() => ShipmentState) state: ShipmentState = ShipmentState.SHIPPED;
  @Field({ nullable: true }) @Property({ nullable: true }) carrier?: string;
  @Field({ nullable: true, description: "The carrier's tracking reference" }) @Property({ nullable: true }) trackingRef?: string;
  @Field() @Property({ type: 'datetime', length: 3 }) shippedAt!: Date;
  @Field({ nullable: true }) @Property({ nullable: true, unique: true }) idempotencyKey?: string;
  /** sha256 of the operation and input the key was first used for (see common/idempotency.ts). */
  @Property({ nullable: true, length: 64 }) idempotencyFingerprint?: string;
  @Property({ nullable: true }) actor?: string;
  @OneToMany(() => ShipmentLine, (l) => l.shipment, { orderBy: { lineNo: 'asc' } }) lines = new Collection<ShipmentLine>(this);
}

/** One pick of a shipment: a quantity of a sales order line, from one location and lot, and its stock move. */
@ObjectType()
@Entity()
export class ShipmentLine extends BaseEntity {
  @ManyToOne(() => Shipment, { ref: true, deleteRule: 'cascade' }) shipment!: Ref<Shipment>;
  @Field(() => Int) @Property() lineNo!: number;
  @Index() @ManyToOne(() => SalesOrderLine, { ref: true }) salesOrderLine!: Ref<SalesOrderLine>;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @ManyToOne(() => Lot, { ref: true, nullable: true }) lot?: Ref<Lot>;
  @ManyToOne(() => Location, { ref: true }) fromLocation!: Ref<Location>;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
  @Field(() => ID, { description: 'The stock move to the customer location' }) @Property({ type: 'uuid' }) stockMoveId!: string;
}
