import type { Ref } from '@mikro-orm/core';
import { Collection } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { SequenceScalar } from '../common/scalars';

export enum DeliveryState {
  PENDING = 'PENDING',
  IN_FLIGHT = 'IN_FLIGHT',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}
registerEnumType(DeliveryState, { name: 'DeliveryState' });

/** One event on its way to one adapter (a transactional outbox row, written with the change). */
@ObjectType()
@Entity()
@Unique({ properties: ['adapter', 'eventId'] })
@Index({ properties: ['state', 'nextAttemptAt'] })
@Index({ properties: ['adapter', 'aggregateId', 'eventSeq'] })
// The worker reads only deliveries still on their way; these stay small however long the delivered history grows.
@Index({
  name: 'delivery_open_by_seq',
  expression: `create index "delivery_open_by_seq" on "delivery" ("adapter", "event_seq") where "state" in ('PENDING', 'IN_FLIGHT')`,
})
@Index({
  name: 'delivery_open_by_aggregate',
  expression: `create index "delivery_open_by_aggregate" on "delivery" ("adapter", "aggregate_id", "event_seq") where "state" in ('PENDING', 'IN_FLIGHT')`,
})
export class Delivery extends BaseEntity<'state' | 'attempts' | 'nextAttemptAt' | 'replays' | 'pendingSince'> {
  @Field() @Property() adapter!: string;
  @Field(() => SequenceScalar) @Property({ type: 'bigint' }) eventSeq!: string;
  @Field() @Property({ type: 'uuid' }) eventId!: string;
  @Field() @Property() eventType!: string;
  @Field() @Property({ type: 'uuid' }) aggregateId!: string;
  @Field(() => DeliveryState) @Enum(() => DeliveryState) state: DeliveryState = DeliveryState.PENDING;
  @Field(() => Int, { description: 'Tries so far, replays included (the attempt log numbers them the same way)' })
  @Property()
  attempts: number = 0;
  @Field(() => Int, { description: 'How many times an operator replayed it' }) @Property({ default: 0 }) replays: number = 0;
  @Field({ description: 'Since when it waits: written, or last replayed. Its maximum age counts from here.' })
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  pendingSince: Date = new Date();
  @Field() @Property({ type: 'datetime', length: 3 }) nextAttemptAt: Date = new Date();
  @Property({ type: 'datetime', length: 3, nullable: true }) leaseUntil?: Date;
  @Field({ nullable: true }) @Property({ type: 'text', nullable: true }) lastError?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) deliveredAt?: Date;
  @OneToMany(() => DeliveryAttempt, (a) => a.delivery, { orderBy: { attempt: 'asc' } })
  attemptLog = new Collection<DeliveryAttempt>(this);
}

/** Every try, kept: when, how long, what came back. */
@ObjectType()
@Entity()
export class DeliveryAttempt extends BaseEntity<'replay'> {
  @ManyToOne(() => Delivery, { ref: true, deleteRule: 'cascade' }) delivery!: Ref<Delivery>;
  @Field(() => Int, { description: 'Numbered on across replays: 1, 2, … never twice the same' }) @Property() attempt!: number;
  @Field(() => Int, { description: 'Which run the try belongs to: 0 before any replay, n after the n-th replay' })
  @Property({ default: 0 })
  replay: number = 0;
  @Field({ description: 'DELIVERED, RETRY or DEAD' }) @Property() outcome!: string;
  @Field(() => Int) @Property() durationMs!: number;
  @Field({ nullable: true }) @Property({ type: 'text', nullable: true }) error?: string;
  @Field({ nullable: true }) @Property({ type: 'text', nullable: true }) response?: string;
}
