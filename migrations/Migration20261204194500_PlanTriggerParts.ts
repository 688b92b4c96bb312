import { Migration } from '@mikro-orm/migrations';

/** What set off a plan, as parts a page can say in its own language (older plans keep only the English text). */
export class Migration20261204194500_PlanTriggerParts extends Migration {
  override name = 'Migration20261204194500_PlanTriggerParts';

  override up(): void | Promise<void> {
    this.addSql(`alter table "plan" add "trigger_parts" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "plan" drop column "trigger_parts";`);
  }
}
