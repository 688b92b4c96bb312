import { Migration } from '@mikro-orm/migrations';

export class Migration20261204164453_Maintenance extends Migration {

  override name = 'Migration20261204164453_Maintenance';

  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "maintenance_order_code_seq";`);
    this.addSql(`create table "maintenance_plan" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "machine_id" uuid not null, "name" varchar(255) not null, "trigger" text not null, "interval" numeric(18,6) not null, "duration_minutes" int not null default 60, "active" boolean not null default true, "baseline_at" timestamptz(3) not null, "baseline_cycles" numeric(18,6) not null, "baseline_running_seconds" numeric(18,6) not null, "open_order_id" uuid null, primary key ("id"));`);
    this.addSql(`create index "maintenance_plan_machine_id_index" on "maintenance_plan" ("machine_id");`);

    this.addSql(`create table "maintenance_order" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "kind" text not null, "state" text not null default 'OPEN', "machine_id" uuid not null, "work_center_id" uuid not null, "plan_id" uuid null, "title" varchar(255) not null, "cause" varchar(500) not null, "downtime_id" uuid null, "assignee" varchar(255) null, "planned_start" timestamptz(3) null, "planned_end" timestamptz(3) null, "started_at" timestamptz(3) null, "started_by" varchar(255) null, "completed_at" timestamptz(3) null, "completed_by" varchar(255) null, "notes" varchar(2000) null, primary key ("id"));`);
    this.addSql(`alter table "maintenance_order" add constraint "maintenance_order_code_unique" unique ("code");`);
    this.addSql(`create index "maintenance_order_work_center_id_index" on "maintenance_order" ("work_center_id");`);
    this.addSql(`alter table "maintenance_order" add constraint "maintenance_order_downtime_id_unique" unique ("downtime_id");`);
    this.addSql(`create index "maintenance_order_machine_id_state_index" on "maintenance_order" ("machine_id", "state");`);

    this.addSql(`create table "maintenance_part_use" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "order_id" uuid not null, "item_id" uuid not null, "qty" numeric(18,6) not null, "lot_code" varchar(255) null, "stock_move_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "maintenance_part_use_order_id_index" on "maintenance_part_use" ("order_id");`);

    this.addSql(`alter table "downtime_reason" add "breakdown" boolean not null default false;`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP', 'SHIPMENT', 'LABOUR', 'MACHINE', 'VARIANCE', 'RETURN', 'ADJUSTMENT', 'STOCK_SCRAP', 'SUPPLIER_RETURN', 'MAINTENANCE'));`);

    this.addSql(`alter table "location" drop constraint "location_type_check";`);
    this.addSql(`alter table "location" add constraint "location_type_check" check ("type" in ('RECEIVING', 'STORAGE', 'LINE_SIDE', 'FINISHED_GOODS', 'SHIPPING', 'SUPPLIER', 'CUSTOMER', 'PRODUCTION', 'SCRAP', 'ADJUSTMENT', 'MAINTENANCE'));`);
    // Where spare parts used on maintenance orders go (virtual: it mirrors what left the stores).
    this.addSql(`insert into "location" ("id", "created_at", "updated_at", "code", "name", "type", "virtual")
      values (gen_random_uuid(), now(), now(), 'VIRT-MAINTENANCE', 'Maintenance (virtual)', 'MAINTENANCE', true)
      on conflict ("code") do nothing;`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_reason_check";`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reason_check" check ("reason" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'TRANSFER', 'SCRAP', 'SHIPMENT', 'ADJUSTMENT', 'REVERSAL', 'RETURN', 'RETURN_TO_SUPPLIER', 'MAINTENANCE'));`);

    this.addSql(`alter table "capacity_loss" drop constraint "capacity_loss_source_check";`);
    this.addSql(`alter table "capacity_loss" add "reference_id" uuid null;`);
    this.addSql(`create index "capacity_loss_reference_id_index" on "capacity_loss" ("reference_id");`);
    this.addSql(`alter table "capacity_loss" add constraint "capacity_loss_source_check" check ("source" in ('STATE', 'DOWNTIME', 'MAINTENANCE'));`);

    this.addSql(`alter table "maintenance_plan" add constraint "maintenance_plan_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);
    this.addSql(`alter table "maintenance_plan" add constraint "maintenance_plan_trigger_check" check ("trigger" in ('CALENDAR', 'CYCLES', 'RUNNING_HOURS'));`);

    this.addSql(`alter table "maintenance_order" add constraint "maintenance_order_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);
    this.addSql(`alter table "maintenance_order" add constraint "maintenance_order_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id");`);
    this.addSql(`alter table "maintenance_order" add constraint "maintenance_order_plan_id_foreign" foreign key ("plan_id") references "maintenance_plan" ("id") on delete set null;`);
    this.addSql(`alter table "maintenance_order" add constraint "maintenance_order_kind_check" check ("kind" in ('PREVENTIVE', 'CORRECTIVE'));`);
    this.addSql(`alter table "maintenance_order" add constraint "maintenance_order_state_check" check ("state" in ('OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED'));`);

    this.addSql(`alter table "maintenance_part_use" add constraint "maintenance_part_use_order_id_foreign" foreign key ("order_id") references "maintenance_order" ("id");`);
    this.addSql(`alter table "maintenance_part_use" add constraint "maintenance_part_use_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "maintenance_order" drop constraint "maintenance_order_plan_id_foreign";`);
    this.addSql(`alter table "maintenance_part_use" drop constraint "maintenance_part_use_order_id_foreign";`);

    this.addSql(`drop table if exists "maintenance_plan" cascade;`);
    this.addSql(`drop table if exists "maintenance_order" cascade;`);
    this.addSql(`drop table if exists "maintenance_part_use" cascade;`);

    this.addSql(`drop index "capacity_loss_reference_id_index";`);
    this.addSql(`alter table "capacity_loss" drop constraint "capacity_loss_source_check";`);
    this.addSql(`alter table "capacity_loss" drop column "reference_id";`);
    this.addSql(`alter table "capacity_loss" add constraint "capacity_loss_source_check" check ("source" in ('STATE', 'DOWNTIME'));`);

    this.addSql(`alter table "downtime_reason" drop column "breakdown";`);
    this.addSql(`delete from "location" where "code" = 'VIRT-MAINTENANCE';`);
    this.addSql(`drop sequence if exists "maintenance_order_code_seq";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP', 'SHIPMENT', 'LABOUR', 'MACHINE', 'VARIANCE', 'RETURN', 'ADJUSTMENT', 'STOCK_SCRAP', 'SUPPLIER_RETURN'));`);

    this.addSql(`alter table "location" drop constraint "location_type_check";`);
    this.addSql(`alter table "location" add constraint "location_type_check" check ("type" in ('RECEIVING', 'STORAGE', 'LINE_SIDE', 'FINISHED_GOODS', 'SHIPPING', 'SUPPLIER', 'CUSTOMER', 'PRODUCTION', 'SCRAP', 'ADJUSTMENT'));`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_reason_check";`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reason_check" check ("reason" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'TRANSFER', 'SCRAP', 'SHIPMENT', 'ADJUSTMENT', 'REVERSAL', 'RETURN', 'RETURN_TO_SUPPLIER'));`);
  }

}
