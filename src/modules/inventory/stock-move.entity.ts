import type { Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';
import { Item } from '../catalog/item.entity';
import { Location } from './location.entity';
import { Lot } from './lot.entity';

export enum StockMoveReason {
  RECEIPT = 'RECEIPT',
  ISSUE = 'ISSUE',
  COMPLETION = 'COMPLETION',
  TRANSFER = 'TRANSFER',
  SCRAP = 'SCRAP',
  SHIPMENT = 'SHIPMENT',
  ADJUSTMENT = 'ADJUSTMENT',
  /** Undoes an earlier move (the opposite way, same item, lot and quantity); `reversesMoveId` names it. */
  REVERSAL = 'REVERSAL',
  /** Unused material back from a work order to stock. */
  RETURN = 'RETURN',
  /** Nonconforming goods sent back to their supplier (a quality disposition). */
  RETURN_TO_SUPPLIER = 'RETURN_TO_SUPPLIER',
  /** Spare parts used on a maintenance order (to the virtual maintenance location). */
  MAINTENANCE = 'MAINTENANCE',
}
registerEnumType(StockMoveReason, { name: 'StockMoveReason' });

/** One line of the append-only ledger: qty of an item (and lot) went from one location to another. */
@ObjectType()
@Entity()
@Index({ properties: ['item', 'createdAt'] })
// Genealogy walks the ledger by lot (and by work order, indexed below): quality's trace.
@Index({ properties: ['lot', 'reason'] })
export class StockMove extends BaseEntity {
  @ManyToOne(() => Item, { ref: true }) item!: Ref<Item>;
  @ManyToOne(() => Lot, { ref: true, nullable: true }) lot?: Ref<Lot>;
  @ManyToOne(() => Location, { ref: true }) fromLocation!: Ref<Location>;
  @ManyToOne(() => Location, { ref: true }) toLocation!: Ref<Location>;
  @Field(() => DecimalScalar) @Property(decimalColumn()) qty!: string;
  @Field(() => StockMoveReason) @Enum(() => StockMoveReason) reason!: StockMoveReason;
  @Index() @Property({ type: 'uuid', nullable: true }) workOrderId?: string;
  /** For a receipt against a supplier commitment: the commitment (purchasing reverses it, with the commitment). */
  @Index() @Property({ type: 'uuid', nullable: true }) commitmentId?: string;
  @Field({ nullable: true, description: 'Free reference: a receipt note, a work order code, …' })
  @Property({ nullable: true })
  reference?: string;
  @Field({ nullable: true }) @Property({ nullable: true, unique: true }) idempotencyKey?: string;
  /** sha256 of the operation and input the key was first used for (see common/idempotency.ts). */
  @Property({ nullable: true, length: 64 }) idempotencyFingerprint?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) actor?: string;
  @Field(() => ID, { nullable: true, description: 'The move this one reverses; a move is reversed at most once' })
  @Property({ type: 'uuid', nullable: true, unique: true })
  reversesMoveId?: string;
  @Field({ nullable: true, description: 'Why: the reason given for a correction, an adjustment or an over-issue' })
  @Property({ nullable: true, length: 500 })
  note?: string;
}
