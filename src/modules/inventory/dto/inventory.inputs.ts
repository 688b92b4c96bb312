import { Field, ID, InputType } from 'type-graphql';
import { IsISO8601, IsOptional, IsUUID, Length } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { LocationType } from '../location.entity';
import { LotStatus } from '../lot.entity';
import { StockMoveReason } from '../stock-move.entity';
import { IdempotencyKeyField } from '../../../kernel/common/idempotency';

@InputType()
export class CreateLocationInput {
  @Field() @Length(1, 64) code!: string;
  @Field() @Length(1, 200) name!: string;
  @Field(() => LocationType) type!: LocationType;
}

@InputType({ description: 'Goods received from a supplier into a physical location' })
export class ReceiveStockInput {
  @Field(() => ID) itemId!: string;
  @Field(() => ID) locationId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field({ nullable: true, description: 'Required for lot-tracked items; the lot is created if new' })
  @IsOptional()
  @Length(1, 64)
  lotCode?: string;
  @Field({ nullable: true, description: "The lot's expiry date (ISO, e.g. 2027-06-30), recorded on the lot" })
  @IsOptional()
  @IsISO8601({ strict: true })
  lotExpiresOn?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 200) reference?: string;
  @IdempotencyKeyField() idempotencyKey?: string;
}

@InputType()
export class TransferStockInput {
  @Field(() => ID) itemId!: string;
  @Field(() => ID) fromLocationId!: string;
  @Field(() => ID) toLocationId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID, { nullable: true }) lotId?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 200) reference?: string;
  @IdempotencyKeyField() idempotencyKey?: string;
}

@InputType()
export class LocationFilter {
  @Field(() => [LocationType], { nullable: true }) types?: LocationType[];
  @Field({ nullable: true }) virtual?: boolean;
}

@InputType()
export class LotFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => LotStatus, { nullable: true }) status?: LotStatus;
}

@InputType()
export class StockBalanceFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() locationId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() lotId?: string;
  @Field({ defaultValue: false, description: 'Include the virtual locations (supplier, customer, production, scrap)' })
  includeVirtual!: boolean;
  @Field({ defaultValue: false, description: 'Include balances that are zero' }) includeZero!: boolean;
}

@InputType()
export class StockMoveFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => ID, { nullable: true, description: 'Moves into or out of this location' })
  @IsOptional()
  @IsUUID()
  locationId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
  @Field(() => StockMoveReason, { nullable: true }) reason?: StockMoveReason;
  @Field(() => ID, { nullable: true, description: 'Moves of this lot' }) @IsOptional() @IsUUID() lotId?: string;
}
