import type { Ref } from '@mikro-orm/core';
import { Collection } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from '../catalog/item.entity';
import { Partner } from '../partners/partner.entity';

export enum CommitmentState {
  REQUESTED = 'REQUESTED',
  CONFIRMED = 'CONFIRMED',
  SHIPPED = 'SHIPPED',
  RECEIVED = 'RECEIVED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(CommitmentState, { name: 'CommitmentState' });

/**
 * What we asked a supplier for and what they said they will do: requested → confirmed (a quantity and
 * a date) → shipped (with an advance shipping notice) → received.
 */
@ObjectType()
@Entity()
@Index({ properties: ['supplier', 'state'] })
export class SupplierCommitment extends BaseEntity<'state' | 'qtyReceived'> {
  @Field({ description: 'Human code, e.g. SC-000007' }) @Property({ unique: true }) code!: string;
  @ManyToOne(() => Partner, { ref: true }) supplier!: Ref<Partner>;
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @Field(() => CommitmentState) @Enum(() => CommitmentState) state: CommitmentState = CommitmentState.REQUESTED;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qtyRequested!: string;
  @Field({ description: 'When we need it (YYYY-MM-DD)' }) @Property({ type: 'date' }) neededBy!: string;
  @Field(() => DecimalScalar, { nullable: true }) @Property({ ...decimalColumn(), nullable: true }) qtyConfirmed?: string;
  @Field({ nullable: true, description: 'The date the supplier promised' })
  @Property({ type: 'date', nullable: true })
  promisedDate?: string;
  @Field({ nullable: true, description: "The supplier's shipment or delivery note number" })
  @Property({ nullable: true })
  shipmentRef?: string;
  @Field({ nullable: true }) @Property({ type: 'date', nullable: true }) expectedArrival?: string;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qtyReceived: string = '0';
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) receivedAt?: Date;
  @OneToMany(() => ShippingNoticeLine, (l) => l.commitment, { orderBy: { lineNo: 'asc' } })
  noticeLines = new Collection<ShippingNoticeLine>(this);
}

/** One line of the advance shipping notice: a quantity, and for lot-tracked items the supplier's lot. */
@ObjectType()
@Entity()
export class ShippingNoticeLine extends BaseEntity {
  @ManyToOne(() => SupplierCommitment, { ref: true, deleteRule: 'cascade' }) commitment!: Ref<SupplierCommitment>;
  @Field() @Property() lineNo!: number;
  @Field({ nullable: true }) @Property({ nullable: true }) lotCode?: string;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
}
