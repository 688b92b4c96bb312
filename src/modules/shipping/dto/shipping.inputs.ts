import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { IdempotencyKeyField } from '../../../kernel/common/idempotency';
import { CodeField } from '../../../kernel/codes/code-field';

@InputType({ description: 'A lot (and location) named for a line; without picks the lots are chosen first-expiry, then first-in' })
export class ShipmentPickInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() lotId?: string;
  @Field({ nullable: true, description: 'The lot by its code, instead of lotId' }) @IsOptional() @Length(1, 64) lotCode?: string;
  @Field(() => ID, { nullable: true, description: 'Where to take it from; otherwise the ship-from locations in code order' })
  @IsOptional()
  @IsUUID()
  locationId?: string;
  @CodeField('Where to take it from, by location code') locationCode?: string;
  @Field(() => DecimalScalar) qty!: string;
}

@InputType()
export class ShipmentLineInput {
  @Field(() => ID) salesOrderLineId!: string;
  @Field(() => DecimalScalar, { description: 'At most what the line has left to ship' }) qty!: string;
  @Field(() => [ShipmentPickInput], { nullable: true, description: 'Named lots; their quantities add up to qty' })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  picks?: ShipmentPickInput[];
}

@InputType({ description: 'Ship (part of) a sales order from finished goods under a new delivery note' })
export class ShipSalesOrderInput {
  @Field(() => ID, { nullable: true, description: 'Or salesOrderCode' }) salesOrderId?: string;
  @CodeField('The sales order by its code, SO-000042') salesOrderCode?: string;
  @Field(() => [ShipmentLineInput], { nullable: true, description: 'Which lines and how much; leave out to ship everything left' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines?: ShipmentLineInput[];
  @Field(() => ID, {
    nullable: true,
    description: 'Ship from this physical location only; by default from every FINISHED_GOODS and SHIPPING location',
  })
  @IsOptional()
  @IsUUID()
  fromLocationId?: string;
  @CodeField('The ship-from location by its code') fromLocationCode?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) carrier?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) trackingRef?: string;
  @IdempotencyKeyField() idempotencyKey?: string;
}

@InputType()
export class ShipmentFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() salesOrderId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() customerId?: string;
}
