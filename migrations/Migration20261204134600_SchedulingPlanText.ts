import { Migration } from '@mikro-orm/migrations';

/** Plan bodies as JSON text (written once, read whole; jsonb costs far more to write), keeping the plans there are. */
export class Migration20261204134600_SchedulingPlanText extends Migration {
  override name = 'Migration20261204134600_SchedulingPlanText';

  override up(): void | Promise<void> {
    this.addSql(`alter table "plan" add "body_json" text null;`);
    this.addSql(`update "plan" set "body_json" = "body"::text;`);
    this.addSql(`alter table "plan" alter column "body_json" set not null;`);
    this.addSql(`alter table "plan" drop column "body";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "plan" add "body" jsonb null;`);
    this.addSql(`update "plan" set "body" = "body_json"::jsonb;`);
    this.addSql(`alter table "plan" alter column "body" set not null;`);
    this.addSql(`alter table "plan" drop column "body_json";`);
  }
}
