import { Field, InputType, ObjectType } from 'type-graphql';
import { Length } from 'class-validator';

/** Where an imported object comes from: the external system and its id there. Imports upsert on it. */
@ObjectType()
@InputType('ExternalRefInput')
export class ExternalRef {
  @Field() @Length(1, 64) system!: string;
  @Field() @Length(1, 200) externalId!: string;
}
