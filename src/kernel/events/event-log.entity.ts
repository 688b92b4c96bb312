import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The domain event log (DESIGN.md §3). `seq` is the event's position, global and increasing in the one
 * order every reader sees: readers read only settled positions (below the oldest transaction in flight),
 * so a reader that has seen seq N never later finds a smaller one appear. The numbers have gaps; see
 * event-log.service.ts and docs/event-log-order.md.
 */
@Entity({ tableName: 'event_log' })
export class EventLog {
  // Positions come from event_log_next_position() (migration EventLogPositions), not from a sequence.
  @PrimaryKey({ type: 'bigint', autoincrement: false, defaultRaw: 'event_log_next_position()' }) seq!: string;
  @Property({ type: 'uuid', unique: true }) id!: string;
  @Property() type!: string;
  @Index() @Property() aggregateType!: string;
  @Index() @Property({ type: 'uuid' }) aggregateId!: string;
  @Property({ type: 'json' }) data!: Record<string, unknown>;
  @Property({ nullable: true }) actor?: string;
  @Property({ nullable: true }) source?: string;
  @Property({ type: 'datetime', length: 3 }) occurredAt!: Date;
}
