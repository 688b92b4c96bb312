import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { IdempotencyKeyField } from '../../../kernel/common/idempotency';

@InputType()
export class ReverseExecutionEventInput {
  @Field(() => ID) executionEventId!: string;
  @Field({ description: 'Why it is reversed; kept with the reversal' }) @Length(1, 500) reason!: string;
}

@InputType()
export class ReverseMaterialIssueInput {
  @Field(() => ID, { description: "The issue's stock move" }) stockMoveId!: string;
  @Field({ description: 'Why it is reversed; kept with the reversal' }) @Length(1, 500) reason!: string;
}

@InputType({ description: 'Unused material back from a work order to stock' })
export class ReturnMaterialInput {
  @Field(() => ID) workOrderId!: string;
  @Field(() => ID) itemId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => ID) toLocationId!: string;
  @Field(() => ID, { nullable: true, description: 'Required for lot-tracked components: the lot that was issued' }) lotId?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 500) reason?: string;
  @IdempotencyKeyField() idempotencyKey?: string;
}
