import type { Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../kernel/db/base.entity';
import { Lot } from './lot.entity';

/**
 * A reason a lot may not be used: while any hold on it is active the lot is ON_HOLD, and the ledger
 * refuses to issue, transfer or ship it (naming the hold). Holds are released, never deleted, so the
 * lot's history of holds stays readable. Quality places them by hand, from an out-of-spec inspection
 * or a nonconformance (`sourceType`/`sourceId` say which).
 */
@ObjectType()
@Entity()
@Index({ properties: ['lot', 'releasedAt'] })
export class LotHold extends BaseEntity {
  @Field({ description: 'Human code, e.g. HOLD-000012' }) @Property({ unique: true }) code!: string;
  @ManyToOne(() => Lot, { ref: true }) lot!: Ref<Lot>;
  @Field() @Property({ length: 500 }) reason!: string;
  @Field({ nullable: true, description: 'What placed it: INSPECTION, NONCONFORMANCE, RECALL; none when placed by hand' })
  @Property({ nullable: true })
  sourceType?: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'uuid', nullable: true }) sourceId?: string;
  @Field({ nullable: true }) @Property({ nullable: true }) heldBy?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) releasedAt?: Date;
  @Field({ nullable: true }) @Property({ nullable: true }) releasedBy?: string;
  @Field({ nullable: true }) @Property({ nullable: true, length: 500 }) releaseNote?: string;
  @Field({ nullable: true }) @Property({ nullable: true, unique: true }) idempotencyKey?: string;
  @Property({ nullable: true, length: 64 }) idempotencyFingerprint?: string;
}
