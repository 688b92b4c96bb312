import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsOptional, Length, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../kernel/graphql/scalars';
import { ExternalRef } from '../../../kernel/common/external-ref';

@InputType()
export class SalesOrderLineInput {
  @Field(() => ID) itemId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field({ description: 'ISO date, e.g. 2026-12-31' }) @IsISO8601({ strict: true }) dueDate!: string;
}

@InputType()
export class CreateSalesOrderInput {
  @Field(() => ID) customerId!: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) customerReference?: string;
  @Field(() => [SalesOrderLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  lines!: SalesOrderLineInput[];
  @Field(() => [ExternalRef], { nullable: true }) externalRefs?: ExternalRef[];
}
