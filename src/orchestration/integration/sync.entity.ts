import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { BaseEntity } from '../../kernel/db/base.entity';

/** Where an adapter's next pull starts; advanced only after what was pulled is imported. */
@Entity()
export class SyncState extends BaseEntity {
  @Property({ unique: true }) adapter!: string;
  @Property({ type: 'text', nullable: true }) cursor?: string;
}

export enum SyncRunStatus {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
}
registerEnumType(SyncRunStatus, { name: 'SyncRunStatus' });

export interface RecordError {
  record: string;
  reason: string;
}

@ObjectType()
@Entity()
@Index({ properties: ['adapter', 'createdAt'] })
export class SyncRun extends BaseEntity<'status' | 'imported' | 'failed' | 'errors'> {
  @Field() @Property() adapter!: string;
  @Field({ description: 'SCHEDULE, MANUAL, WEBHOOK or API' }) @Property() trigger!: string;
  @Field(() => SyncRunStatus) @Enum(() => SyncRunStatus) status: SyncRunStatus = SyncRunStatus.RUNNING;
  @Field(() => Int) @Property() imported: number = 0;
  @Field(() => Int) @Property() failed: number = 0;
  @Field(() => GraphQLJSON, { description: '[{ record, reason }] for every record that was not imported' })
  @Property({ type: 'json' })
  errors: RecordError[] = [];
  @Field({ nullable: true }) @Property({ type: 'text', nullable: true }) cursorBefore?: string;
  @Field({ nullable: true }) @Property({ type: 'text', nullable: true }) cursorAfter?: string;
  @Field({ nullable: true }) @Property({ type: 'text', nullable: true }) message?: string;
  @Field({ nullable: true }) @Property({ type: 'datetime', length: 3, nullable: true }) finishedAt?: Date;
}

/**
 * A message pushed to POST /hooks/<adapter>, remembered by its idempotency key. The row is claimed
 * (inserted without a result) before the import runs, so concurrent copies of one message find it and
 * do not import again; `result` is set when the import is done.
 */
@Entity()
@Unique({ properties: ['adapter', 'messageKey'] })
export class InboundMessage extends BaseEntity {
  @Property() adapter!: string;
  @Property() messageKey!: string;
  /** sha256 of the adapter and the parsed body (see common/idempotency.ts). */
  @Property({ nullable: true, length: 64 }) fingerprint?: string;
  /** Null while the first request is still importing. */
  @Property({ type: 'json', nullable: true }) result?: Record<string, unknown>;
}
