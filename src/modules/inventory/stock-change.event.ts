import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar, SequenceScalar } from '../../kernel/common/scalars';
import type { LoggedEvent } from '../../kernel/events/event-types';

@ObjectType()
export class LocationBalance {
  @Field(() => ID) locationId!: string;
  @Field(() => DecimalScalar) qty!: string;
}

/** A stock move and the balances of both its locations after it. */
@ObjectType()
export class StockChangeEvent {
  @Field(() => SequenceScalar, { description: 'Resume after this with fromSeq' }) seq!: string;
  @Field() occurredAt!: Date;
  @Field(() => ID) moveId!: string;
  @Field(() => ID) itemId!: string;
  @Field() sku!: string;
  @Field(() => ID, { nullable: true }) lotId!: string | null;
  @Field(() => String, { nullable: true }) lotCode!: string | null;
  @Field(() => ID) fromLocationId!: string;
  @Field(() => ID) toLocationId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field() reason!: string;
  @Field(() => ID, { nullable: true }) workOrderId!: string | null;
  @Field(() => [LocationBalance]) balances!: LocationBalance[];
}

export function toStockChangeEvent(e: LoggedEvent): StockChangeEvent {
  const d = e.data as unknown as Omit<StockChangeEvent, 'seq' | 'occurredAt'>;
  return { ...d, seq: e.seq, occurredAt: e.occurredAt };
}
