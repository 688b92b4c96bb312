import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { CommitmentState } from '../supplier-commitment.entity';
import { DecimalScalar } from '../../../kernel/common/scalars';

@InputType()
export class RequestCommitmentInput {
  @Field(() => ID) supplierId!: string;
  @Field(() => ID) itemId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field({ description: 'YYYY-MM-DD' }) neededBy!: string;
}

@InputType()
export class ConfirmCommitmentInput {
  @Field(() => ID) commitmentId!: string;
  @Field(() => DecimalScalar, { description: 'At most what was requested' }) qty!: string;
  @Field({ description: 'The date you will ship by (YYYY-MM-DD), not in the past' }) promisedDate!: string;
}

@InputType()
export class ShippingNoticeLineInput {
  @Field({ nullable: true, description: 'Your lot number; required for lot-tracked items, not allowed for others' })
  @IsOptional()
  @Length(1, 64)
  lotCode?: string;
  @Field(() => DecimalScalar) qty!: string;
}

@InputType({ description: 'The advance shipping notice' })
export class ShipCommitmentInput {
  @Field(() => ID) commitmentId!: string;
  @Field() @Length(1, 100) shipmentRef!: string;
  @Field({ description: 'YYYY-MM-DD, not in the past' }) expectedArrival!: string;
  @Field(() => [ShippingNoticeLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  lines!: ShippingNoticeLineInput[];
}

@InputType()
export class ReceiveCommitmentInput {
  @Field(() => ID) commitmentId!: string;
  @Field(() => ID, { description: 'The physical location the goods go to' }) locationId!: string;
}

@InputType()
export class ReverseCommitmentReceiptInput {
  @Field(() => ID) commitmentId!: string;
  @Field({ description: 'Why it is reversed; kept with the reversal moves' }) @Length(1, 500) reason!: string;
}

@InputType()
export class CommitmentFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() supplierId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => [CommitmentState], { nullable: true }) states?: CommitmentState[];
}
