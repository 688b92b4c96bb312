import { Migration } from '@mikro-orm/migrations';

export class Migration20261204122525_Corrections extends Migration {

  override name = 'Migration20261204122525_Corrections';

  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "cycle_count_code_seq";`);
    this.addSql(`create table "cycle_count" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "location_id" uuid not null, "state" text not null default 'OPEN', "started_by" varchar(255) null, "posted_by" varchar(255) null, "posted_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`alter table "cycle_count" add constraint "cycle_count_code_unique" unique ("code");`);

    this.addSql(`create table "cycle_count_line" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "cycle_count_id" uuid not null, "line_no" int not null, "item_id" uuid not null, "lot_id" uuid null, "expected_qty" numeric(18,6) not null, "counted_qty" numeric(18,6) null, "variance_qty" numeric(18,6) null, "stock_move_id" uuid null, primary key ("id"));`);

    this.addSql(`alter table "location" drop constraint "location_type_check";`);
    this.addSql(`alter table "location" add constraint "location_type_check" check ("type" in ('RECEIVING', 'STORAGE', 'LINE_SIDE', 'FINISHED_GOODS', 'SHIPPING', 'SUPPLIER', 'CUSTOMER', 'PRODUCTION', 'SCRAP', 'ADJUSTMENT'));`);
    this.addSql(`insert into "location" ("id", "created_at", "updated_at", "code", "name", "type", "virtual")
      values (gen_random_uuid(), now(), now(), 'VIRT-ADJUSTMENT', 'Inventory adjustments (virtual)', 'ADJUSTMENT', true)
      on conflict ("code") do nothing;`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_reason_check";`);
    this.addSql(`alter table "stock_move" add "reverses_move_id" uuid null, add "note" varchar(500) null;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reverses_move_id_unique" unique ("reverses_move_id");`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reason_check" check ("reason" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'TRANSFER', 'SCRAP', 'SHIPMENT', 'ADJUSTMENT', 'REVERSAL', 'RETURN'));`);

    this.addSql(`alter table "cycle_count" add constraint "cycle_count_location_id_foreign" foreign key ("location_id") references "location" ("id");`);
    this.addSql(`alter table "cycle_count" add constraint "cycle_count_state_check" check ("state" in ('OPEN', 'POSTED'));`);

    this.addSql(`alter table "cycle_count_line" add constraint "cycle_count_line_cycle_count_id_foreign" foreign key ("cycle_count_id") references "cycle_count" ("id") on delete cascade;`);
    this.addSql(`alter table "cycle_count_line" add constraint "cycle_count_line_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
    this.addSql(`alter table "cycle_count_line" add constraint "cycle_count_line_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "cycle_count_code_seq";`);
    this.addSql(`delete from "location" where "code" = 'VIRT-ADJUSTMENT';`);
    this.addSql(`alter table "cycle_count_line" drop constraint "cycle_count_line_cycle_count_id_foreign";`);

    this.addSql(`drop table if exists "cycle_count" cascade;`);
    this.addSql(`drop table if exists "cycle_count_line" cascade;`);

    this.addSql(`alter table "location" drop constraint "location_type_check";`);
    this.addSql(`alter table "location" add constraint "location_type_check" check ("type" in ('RECEIVING', 'STORAGE', 'LINE_SIDE', 'FINISHED_GOODS', 'SHIPPING', 'SUPPLIER', 'CUSTOMER', 'PRODUCTION', 'SCRAP'));`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_reverses_move_id_unique";`);
    this.addSql(`alter table "stock_move" drop constraint "stock_move_reason_check";`);
    this.addSql(`alter table "stock_move" drop column "reverses_move_id", drop column "note";`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reason_check" check ("reason" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'TRANSFER', 'SCRAP', 'SHIPMENT', 'ADJUSTMENT'));`);
  }

}
