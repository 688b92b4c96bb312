import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { CycleCountState } from '../cycle-count.entity';
import { DecimalScalar } from '../../../kernel/common/scalars';

@InputType()
export class ReverseStockMoveInput {
  @Field(() => ID, { description: 'A receipt, transfer or adjustment' }) stockMoveId!: string;
  @Field({ description: 'Why it is reversed; kept with the reversal' }) @Length(1, 500) reason!: string;
}

@InputType({ description: 'Stock found (positive qty) or lost (negative qty) at a physical location' })
export class AdjustStockInput {
  @Field(() => ID) itemId!: string;
  @Field(() => ID) locationId!: string;
  @Field(() => ID, { nullable: true, description: 'Required for lot-tracked items' }) lotId?: string;
  @Field(() => DecimalScalar, { description: 'Signed: +3 found, -3 lost' }) qty!: string;
  @Field() @Length(1, 500) reason!: string;
}

@InputType()
export class StartCycleCountInput {
  @Field(() => ID, { description: 'The physical location to count' }) locationId!: string;
}

@InputType()
export class CountedLineInput {
  @Field(() => ID) itemId!: string;
  @Field(() => ID, { nullable: true }) lotId?: string;
  @Field(() => DecimalScalar, { description: 'What is on the shelf' }) countedQty!: string;
}

@InputType()
export class RecordCycleCountInput {
  @Field(() => ID) cycleCountId!: string;
  @Field(() => [CountedLineInput], { description: 'Counted quantities; an item not on the sheet is added to it' })
  @ValidateNested({ each: true })
  @ArrayMaxSize(1000)
  lines!: CountedLineInput[];
}

@InputType()
export class PostCycleCountInput {
  @Field(() => ID) cycleCountId!: string;
  @Field({ nullable: true, description: 'Kept with each variance move; defaults to "cycle count CC-…"' })
  @IsOptional()
  @Length(1, 500)
  reason?: string;
}

@InputType()
export class CycleCountFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() locationId?: string;
  @Field(() => CycleCountState, { nullable: true }) state?: CycleCountState;
}
