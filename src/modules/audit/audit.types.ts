import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { SequenceScalar } from '../../kernel/common/scalars';

/** An entry of the event log, for audit (who did what, when, from which device or system). */
@ObjectType()
export class DomainEvent {
  @Field(() => SequenceScalar) seq!: string;
  @Field(() => ID) id!: string;
  @Field() type!: string;
  @Field() aggregateType!: string;
  @Field(() => ID) aggregateId!: string;
  @Field() occurredAt!: Date;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
  @Field(() => GraphQLJSON, { description: 'The state after the change' }) data!: Record<string, unknown>;
}
