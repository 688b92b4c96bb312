import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { DecimalScalar } from '../../graphql/scalars';
import { LocationType } from '../location.entity';

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
  @Field({ nullable: true }) @IsOptional() @Length(1, 200) reference?: string;
  @Field({ nullable: true, description: 'A replay of the same request with the same key returns the first result; the key with another operation or input is CONFLICT (IDEMPOTENCY_KEY_REUSED)' })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}

@InputType()
export class TransferStockInput {
  @Field(() => ID) itemId!: string;
  @Field(() => ID) fromLocationId!: string;
  @Field(() => ID) toLocationId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID, { nullable: true }) lotId?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 200) reference?: string;
  @Field({ nullable: true, description: 'A replay of the same request with the same key returns the first result; the key with another operation or input is CONFLICT (IDEMPOTENCY_KEY_REUSED)' })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}
