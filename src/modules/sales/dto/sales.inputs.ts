import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsISO8601, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { SalesOrderState } from '../sales-order.entity';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { ExternalRef } from '../../../kernel/external-refs/external-ref';

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

@InputType()
export class SalesOrderFilter {
  @Field(() => SalesOrderState, { nullable: true }) state?: SalesOrderState;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() customerId?: string;
}
