import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190000_WorkCenterHold extends Migration {

  override name = 'Migration20261204190000_WorkCenterHold';

  override up(): void | Promise<void> {
    this.addSql(`alter table "work_center" add "state_held" boolean not null default false;`);
    // A planner's stop still open is a hold; a STATE loss left open under a work center that its
    // machines brought back UP (before holds existed) is over.
    this.addSql(`update "work_center" w set "state_held" = true where w."state" <> 'UP'
      and exists (select 1 from "capacity_loss" l where l."work_center_id" = w."id" and l."source" = 'STATE' and l."ended_at" is null);`);
    this.addSql(`update "capacity_loss" l set "ended_at" = now() from "work_center" w
      where l."work_center_id" = w."id" and l."source" = 'STATE' and l."ended_at" is null and w."state" = 'UP';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "work_center" drop column "state_held";`);
  }

}
