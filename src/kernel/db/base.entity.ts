import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';

export type BaseOptional = 'id' | 'createdAt' | 'updatedAt';

/** `Optional` names the properties with defaults, which `em.create()` may then leave out. */
@ObjectType({ description: 'Fields every stored object has' })
export abstract class BaseEntity<Optional extends string = never> {
  [OptionalProps]?: BaseOptional | Optional;

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A quantity or money column: exact NUMERIC, read back as a string. */
export const decimalColumn = () => ({ type: 'decimal', precision: 18, scale: 6 }) as const;
