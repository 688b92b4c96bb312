import { Migration } from '@mikro-orm/migrations';

export class Migration20261204140251_OverIssueTolerance extends Migration {

  override name = 'Migration20261204140251_OverIssueTolerance';

  override up(): void | Promise<void> {
    this.addSql(`alter table "item" add "over_issue_tolerance_pct" numeric(18,6) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "item" drop column "over_issue_tolerance_pct";`);

  }

}
