import { Field, ID, InputType } from 'type-graphql';
import { IsISO8601, IsOptional, IsUUID, Length } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { LocationType } from '../location.entity';
import { LotStatus } from '../lot.entity';
import { StockMoveReason } from '../stock-move.entity';
import { IdempotencyKeyField } from '../../../kernel/common/idempotency';
import { CodeField } from '../../../kernel/codes/code-field';

@InputType()
export class CreateLocationInput {
  @Field() @Length(1, 64) code!: string;
  @Field() @Length(1, 200) name!: string;
  @Field(() => LocationType) type!: LocationType;
}

@InputType({ description: 'Goods received from a supplier into a physical location' })
export class ReceiveStockInput {
  @Field(() => ID, { nullable: true, description: 'Or itemSku' }) itemId?: string;
  @CodeField('The item by its SKU') itemSku?: string;
  @Field(() => ID, { nullable: true, description: 'Or locationCode' }) locationId?: string;
  @CodeField('The location by its code, e.g. RCV-01') locationCode?: string;
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
  @Field(() => ID, { nullable: true, description: 'Or itemSku' }) itemId?: string;
  @CodeField('The item by its SKU') itemSku?: string;
  @Field(() => ID, { nullable: true, description: 'Or fromLocationCode' }) fromLocationId?: string;
  @CodeField('The location by its code') fromLocationCode?: string;
  @Field(() => ID, { nullable: true, description: 'Or toLocationCode' }) toLocationId?: string;
  @CodeField('The location by its code') toLocationCode?: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID, { nullable: true, description: 'Or lotCode' }) lotId?: string;
  @CodeField("The lot by its code within the item, or a lot label's GS1 payload (240)SKU(10)LOT") lotCode?: string;
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
