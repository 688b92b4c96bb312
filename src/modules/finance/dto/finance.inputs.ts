import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { JournalSource } from '../journal-entry.entity';

@InputType()
export class JournalEntryFilter {
  @Field(() => JournalSource, { nullable: true }) source?: JournalSource;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() workOrderId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() stockMoveId?: string;
}
