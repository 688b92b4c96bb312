import { Migration } from '@mikro-orm/migrations';

export class Migration20261204162947_PlannedOrderStart extends Migration {

  override name = 'Migration20261204162947_PlannedOrderStart';

  override up(): void | Promise<void> {
    this.addSql(`alter table "work_order" add "planned_start" timestamptz(3) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "work_order" drop column "planned_start";`);
  }

}
