import { Migration } from '@mikro-orm/migrations';

export class Migration20261204044455_DeliveryOpenIndexes extends Migration {

  override name = 'Migration20261204044455_DeliveryOpenIndexes';

  override up(): void | Promise<void> {
    this.addSql(`create index "delivery_open_by_aggregate" on "delivery" ("adapter", "aggregate_id", "event_seq") where "state" in ('PENDING', 'IN_FLIGHT');`);
    this.addSql(`create index "delivery_open_by_seq" on "delivery" ("adapter", "event_seq") where "state" in ('PENDING', 'IN_FLIGHT');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "delivery_open_by_aggregate";`);
    this.addSql(`drop index "delivery_open_by_seq";`);
  }

}
