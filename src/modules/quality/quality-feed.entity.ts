import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** How far a quality reader of the event log has got: one row per reader, the last sequence it handled. */
@Entity()
export class QualityFeed {
  @PrimaryKey() name!: string;
  @Property({ type: 'bigint' }) seq!: string;
}
