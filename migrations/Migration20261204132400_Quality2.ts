import { Migration } from '@mikro-orm/migrations';

export class Migration20261204132400_Quality2 extends Migration {

  override name = 'Migration20261204132400_Quality2';

  override up(): void | Promise<void> {

    this.addSql(`create table "inspection_plan" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "name" varchar(255) not null, "point" text not null, "item_id" uuid not null, "routing_operation_id" uuid null, "operation_sequence" int null, "sampling" text not null, "sample_size" int not null default 1, "skip_after" int null, "active" boolean not null default true, primary key ("id"));`);
    this.addSql(`create index "inspection_plan_routing_operation_id_index" on "inspection_plan" ("routing_operation_id");`);
    this.addSql(`create index "inspection_plan_point_item_id_index" on "inspection_plan" ("point", "item_id");`);

    this.addSql(`create table "inspection_characteristic" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "plan_id" uuid not null, "seq" int not null, "name" varchar(255) not null, "kind" text not null, "target" numeric(18,6) null, "lower_limit" numeric(18,6) null, "upper_limit" numeric(18,6) null, "unit" varchar(255) null, "defect_codes" jsonb not null, primary key ("id"));`);
    this.addSql(`alter table "inspection_characteristic" add constraint "inspection_characteristic_plan_id_seq_unique" unique ("plan_id", "seq");`);

    this.addSql(`create table "inspection_task" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "plan_id" uuid not null, "point" text not null, "state" text not null default 'OPEN', "trigger_event_id" uuid not null, "item_id" uuid not null, "sku" varchar(255) not null, "lot_id" uuid null, "lot_code" varchar(255) null, "work_order_id" uuid null, "work_order_code" varchar(255) null, "operation_id" uuid null, "operation_name" varchar(255) null, "work_center_id" uuid null, "supplier_id" uuid null, "sales_order_id" uuid null, "qty" numeric(18,6) not null, "sample_size" int not null, "inspected_at" timestamptz(3) null, "inspected_by" varchar(255) null, "nonconformance_id" uuid null, "client_event_id" varchar(255) null, "idempotency_fingerprint" varchar(64) null, "note" varchar(1000) null, primary key ("id"));`);
    this.addSql(`alter table "inspection_task" add constraint "inspection_task_code_unique" unique ("code");`);
    this.addSql(`create index "inspection_task_lot_id_index" on "inspection_task" ("lot_id");`);
    this.addSql(`create index "inspection_task_work_order_id_index" on "inspection_task" ("work_order_id");`);
    this.addSql(`create index "inspection_task_sales_order_id_index" on "inspection_task" ("sales_order_id");`);
    this.addSql(`alter table "inspection_task" add constraint "inspection_task_client_event_id_unique" unique ("client_event_id");`);
    this.addSql(`create index "inspection_task_plan_id_created_at_index" on "inspection_task" ("plan_id", "created_at");`);
    this.addSql(`create index "inspection_task_state_created_at_index" on "inspection_task" ("state", "created_at");`);
    this.addSql(`alter table "inspection_task" add constraint "inspection_task_trigger_event_id_plan_id_unique" unique ("trigger_event_id", "plan_id");`);

    this.addSql(`create table "measurement" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "task_id" uuid not null, "characteristic_id" uuid not null, "seq" int not null, "sample_no" int not null, "value" numeric(18,6) null, "passed" boolean not null, "defect_code" varchar(255) null, primary key ("id"));`);
    this.addSql(`create index "measurement_task_id_index" on "measurement" ("task_id");`);
    this.addSql(`create index "measurement_characteristic_id_created_at_index" on "measurement" ("characteristic_id", "created_at");`);

    this.addSql(`create table "nonconformance" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "state" text not null default 'OPEN', "where_found" text not null, "description" varchar(1000) not null, "defect_codes" jsonb not null, "qty" numeric(18,6) not null, "item_id" uuid not null, "sku" varchar(255) not null, "lot_id" uuid null, "lot_code" varchar(255) null, "work_order_id" uuid null, "work_order_code" varchar(255) null, "operation_id" uuid null, "work_center_id" uuid null, "supplier_id" uuid null, "inspection_task_id" uuid null, "root_cause" varchar(2000) null, "corrective_action" varchar(2000) null, "disposition" text null, "disposition_by" varchar(255) null, "disposition_at" timestamptz(3) null, "disposition_note" varchar(1000) null, "approved_by" varchar(255) null, "supplier_response" varchar(2000) null, "supplier_responded_at" timestamptz(3) null, "rework_operation_id" uuid null, "closed_at" timestamptz(3) null, "raised_by" varchar(255) null, primary key ("id"));`);
    this.addSql(`alter table "nonconformance" add constraint "nonconformance_code_unique" unique ("code");`);
    this.addSql(`create index "nonconformance_item_id_index" on "nonconformance" ("item_id");`);
    this.addSql(`create index "nonconformance_lot_id_index" on "nonconformance" ("lot_id");`);
    this.addSql(`create index "nonconformance_work_order_id_index" on "nonconformance" ("work_order_id");`);
    this.addSql(`create index "nonconformance_work_center_id_index" on "nonconformance" ("work_center_id");`);
    this.addSql(`create index "nonconformance_supplier_id_index" on "nonconformance" ("supplier_id");`);
    this.addSql(`create index "nonconformance_state_created_at_index" on "nonconformance" ("state", "created_at");`);

    this.addSql(`create table "quality_feed" ("name" varchar(255) not null, "seq" bigint not null, primary key ("name"));`);
    // The inspection feed starts at the head of the log: events before quality existed ask for nothing.
    this.addSql(`insert into "quality_feed" ("name", "seq") select 'inspection-tasks', coalesce(max("seq"), 0) from "event_log";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP', 'SHIPMENT', 'LABOUR', 'MACHINE', 'VARIANCE', 'RETURN', 'ADJUSTMENT', 'STOCK_SCRAP', 'SUPPLIER_RETURN'));`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_reason_check";`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reason_check" check ("reason" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'TRANSFER', 'SCRAP', 'SHIPMENT', 'ADJUSTMENT', 'REVERSAL', 'RETURN', 'RETURN_TO_SUPPLIER'));`);

    this.addSql(`alter table "work_order_operation" add "rework_qty" numeric(18,6) null;`);

    this.addSql(`alter table "inspection_plan" add constraint "inspection_plan_point_check" check ("point" in ('OPERATION', 'RECEIPT'));`);
    this.addSql(`alter table "inspection_plan" add constraint "inspection_plan_sampling_check" check ("sampling" in ('EVERY_UNIT', 'FIRST_ARTICLE', 'N_PER_LOT', 'SKIP_LOT'));`);

    this.addSql(`alter table "inspection_characteristic" add constraint "inspection_characteristic_plan_id_foreign" foreign key ("plan_id") references "inspection_plan" ("id") on delete cascade;`);
    this.addSql(`alter table "inspection_characteristic" add constraint "inspection_characteristic_kind_check" check ("kind" in ('NUMERIC', 'ATTRIBUTE'));`);

    this.addSql(`alter table "inspection_task" add constraint "inspection_task_point_check" check ("point" in ('OPERATION', 'RECEIPT'));`);
    this.addSql(`alter table "inspection_task" add constraint "inspection_task_state_check" check ("state" in ('OPEN', 'PASSED', 'FAILED', 'SKIPPED'));`);

    this.addSql(`alter table "nonconformance" add constraint "nonconformance_state_check" check ("state" in ('OPEN', 'AWAITING_APPROVAL', 'AWAITING_SUPPLIER', 'IN_REWORK', 'CLOSED'));`);
    this.addSql(`alter table "nonconformance" add constraint "nonconformance_where_found_check" check ("where_found" in ('RECEIPT', 'OPERATION', 'STOCK', 'CUSTOMER'));`);
    this.addSql(`alter table "nonconformance" add constraint "nonconformance_disposition_check" check ("disposition" in ('SCRAP', 'USE_AS_IS', 'RETURN_TO_SUPPLIER', 'REWORK'));`);
  }

  override down(): void | Promise<void> {

    this.addSql(`alter table "inspection_characteristic" drop constraint "inspection_characteristic_plan_id_foreign";`);

    this.addSql(`drop table if exists "inspection_plan" cascade;`);
    this.addSql(`drop table if exists "inspection_characteristic" cascade;`);
    this.addSql(`drop table if exists "inspection_task" cascade;`);
    this.addSql(`drop table if exists "measurement" cascade;`);
    this.addSql(`drop table if exists "nonconformance" cascade;`);
    this.addSql(`drop table if exists "quality_feed" cascade;`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP', 'SHIPMENT', 'LABOUR', 'MACHINE', 'VARIANCE', 'RETURN', 'ADJUSTMENT'));`);

    this.addSql(`alter table "stock_move" drop constraint "stock_move_reason_check";`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reason_check" check ("reason" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'TRANSFER', 'SCRAP', 'SHIPMENT', 'ADJUSTMENT', 'REVERSAL', 'RETURN'));`);

    this.addSql(`alter table "work_order_operation" drop column "rework_qty";`);


  }

}
