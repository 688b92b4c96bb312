import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';

@InputType({ description: 'Close a line that finished short at what was made: the rest is no longer due' })
export class ShortCloseSalesOrderLineInput {
  @Field(() => ID) salesOrderLineId!: string;
  @Field({ description: 'Why; kept with the line, and the customer sees it on its order' }) @Length(1, 500) reason!: string;
}

@InputType({ description: 'Make up what a line finished short of with a new work order, released at once' })
export class MakeUpShortfallInput {
  @Field(() => ID) salesOrderLineId!: string;
  @Field({ nullable: true, description: "When it is due (YYYY-MM-DD); the line's due date if left out" })
  @IsOptional()
  dueDate?: string;
}
