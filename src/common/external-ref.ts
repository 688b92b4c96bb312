import { Field, InputType, ObjectType } from 'type-graphql';

/** Where an imported object comes from: the external system and its id there. Imports upsert on it. */
@ObjectType()
@InputType('ExternalRefInput')
export class ExternalRef {
  @Field() system!: string;
  @Field() externalId!: string;
}
