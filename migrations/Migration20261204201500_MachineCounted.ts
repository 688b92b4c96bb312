import { Migration } from '@mikro-orm/migrations';

export class Migration20261204201500_MachineCounted extends Migration {

  override name = 'Migration20261204201500_MachineCounted';

  override up(): void | Promise<void> {
    this.addSql(`alter table "machine" add "counts_announced_at" timestamptz(3) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "machine" drop column "counts_announced_at";`);
  }

}
