import { Entity, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../db/base.entity';

/**
 * An object's identity in another system. The unique key is what makes imports idempotent upserts,
 * even when two imports of the same record race.
 */
@Entity()
@Unique({ properties: ['entityType', 'system', 'externalId'] })
@Index({ properties: ['entityType', 'entityId'] })
export class ExternalRefLink extends BaseEntity {
  @Property() entityType!: string;
  @Property() system!: string;
  @Property() externalId!: string;
  @Property({ type: 'uuid' }) entityId!: string;
}
