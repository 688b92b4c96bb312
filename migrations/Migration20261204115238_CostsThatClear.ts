import { Migration } from '@mikro-orm/migrations';

export class Migration20261204115238_CostsThatClear extends Migration {

  override name = 'Migration20261204115238_CostsThatClear';

  override up(): void | Promise<void> {
    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" add "reverses_entry_id" uuid null, add "variance_kind" varchar(16) null;`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP', 'SHIPMENT', 'LABOUR', 'MACHINE', 'VARIANCE', 'RETURN', 'ADJUSTMENT'));`);

    this.addSql(`alter table "work_center" add "labour_rate_per_hour" numeric(18,6) not null default 0, add "machine_rate_per_hour" numeric(18,6) not null default 0;`);

    this.addSql(`alter table "execution_event" add "reverses_event_id" uuid null, add "stock_move_id" uuid null, add "journal_entry_id" uuid null;`);
    this.addSql(`alter table "execution_event" add constraint "execution_event_reverses_event_id_unique" unique ("reverses_event_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "execution_event" drop constraint "execution_event_reverses_event_id_unique";`);
    this.addSql(`alter table "execution_event" drop column "reverses_event_id", drop column "stock_move_id", drop column "journal_entry_id";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" drop column "reverses_entry_id", drop column "variance_kind";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP', 'SHIPMENT'));`);

    this.addSql(`alter table "work_center" drop column "labour_rate_per_hour", drop column "machine_rate_per_hour";`);
  }

}
