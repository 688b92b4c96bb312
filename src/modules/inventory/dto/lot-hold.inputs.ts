import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID, Length } from 'class-validator';
import { IdempotencyKeyField } from '../../../kernel/common/idempotency';

@InputType({ description: 'Put a lot on hold: it can be neither issued, transferred nor shipped until every hold on it is released' })
export class HoldLotInput {
  @Field(() => ID) lotId!: string;
  @Field({ description: 'Why, in words the person refused a move will read' }) @Length(1, 500) reason!: string;
  @IdempotencyKeyField() idempotencyKey?: string;
}

@InputType()
export class ReleaseLotHoldInput {
  @Field(() => ID) holdId!: string;
  @Field({ nullable: true, description: 'Why it may be used again' }) @IsOptional() @Length(1, 500) note?: string;
}

@InputType()
export class LotHoldFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() lotId?: string;
  @Field({ nullable: true, description: 'Only active (true) or only released (false) holds' }) active?: boolean;
}
