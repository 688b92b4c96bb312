import { Migration } from '@mikro-orm/migrations';

export class Migration20261125044312_DeliveryPolicy extends Migration {

  override name = 'Migration20261125044312_DeliveryPolicy';

  override up(): void | Promise<void> {
    this.addSql(`alter table "delivery" add "replays" int not null default 0, add "pending_since" timestamptz(3) not null default now();`);
    // Deliveries already waiting count their age from when they were written.
    this.addSql(`update "delivery" set "pending_since" = "created_at";`);

    this.addSql(`alter table "delivery_attempt" add "replay" int not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "delivery" drop column "replays", drop column "pending_since";`);

    this.addSql(`alter table "delivery_attempt" drop column "replay";`);
  }

}
