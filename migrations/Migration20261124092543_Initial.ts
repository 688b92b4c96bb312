import { Migration } from '@mikro-orm/migrations';

export class Migration20261124092543_Initial extends Migration {

  override name = 'Migration20261124092543_Initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "event_log" ("seq" bigserial primary key, "id" uuid not null, "type" varchar(255) not null, "aggregate_type" varchar(255) not null, "aggregate_id" uuid not null, "data" jsonb not null, "actor" varchar(255) null, "source" varchar(255) null, "occurred_at" timestamptz(3) not null);`);
    this.addSql(`alter table "event_log" add constraint "event_log_id_unique" unique ("id");`);
    this.addSql(`create index "event_log_aggregate_type_index" on "event_log" ("aggregate_type");`);
    this.addSql(`create index "event_log_aggregate_id_index" on "event_log" ("aggregate_id");`);

    this.addSql(`create table "location" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "name" varchar(255) not null, "type" text not null, "virtual" boolean not null default false, primary key ("id"));`);
    this.addSql(`alter table "location" add constraint "location_code_unique" unique ("code");`);

    this.addSql(`create table "partner" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "name" varchar(255) not null, "kind" text not null, "email" varchar(255) null, "external_refs" jsonb not null, primary key ("id"));`);
    this.addSql(`alter table "partner" add constraint "partner_code_unique" unique ("code");`);

    this.addSql(`create table "item" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "sku" varchar(255) not null, "name" varchar(255) not null, "type" text not null, "unit" varchar(255) not null default 'pcs', "tracking" text not null default 'NONE', "standard_cost" numeric(18,6) not null default '0', "lead_time_days" int not null default 0, "preferred_supplier_id" uuid null, "external_refs" jsonb not null, primary key ("id"));`);
    this.addSql(`alter table "item" add constraint "item_sku_unique" unique ("sku");`);

    this.addSql(`create table "lot" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "item_id" uuid not null, "code" varchar(255) not null, "status" text not null default 'AVAILABLE', primary key ("id"));`);
    this.addSql(`alter table "lot" add constraint "lot_item_id_code_unique" unique ("item_id", "code");`);

    this.addSql(`create table "bom" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "item_id" uuid not null, "version" int not null default 1, "active" boolean not null default true, primary key ("id"));`);
    this.addSql(`alter table "bom" add constraint "bom_item_id_version_unique" unique ("item_id", "version");`);

    this.addSql(`create table "bom_line" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "bom_id" uuid not null, "position" int not null, "component_id" uuid not null, "qty_per" numeric(18,6) not null, "scrap_pct" numeric(18,6) not null default '0', primary key ("id"));`);

    this.addSql(`create table "routing" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "item_id" uuid not null, "version" int not null default 1, "active" boolean not null default true, primary key ("id"));`);
    this.addSql(`alter table "routing" add constraint "routing_item_id_version_unique" unique ("item_id", "version");`);

    this.addSql(`create table "sales_order" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "customer_id" uuid not null, "state" text not null default 'OPEN', "customer_reference" varchar(255) null, "external_refs" jsonb not null, primary key ("id"));`);
    this.addSql(`alter table "sales_order" add constraint "sales_order_code_unique" unique ("code");`);

    this.addSql(`create table "sales_order_line" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "sales_order_id" uuid not null, "line_no" int not null, "item_id" uuid not null, "qty" numeric(18,6) not null, "due_date" date not null, primary key ("id"));`);
    this.addSql(`alter table "sales_order_line" add constraint "sales_order_line_sales_order_id_line_no_unique" unique ("sales_order_id", "line_no");`);

    this.addSql(`create table "stock_balance" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "item_id" uuid not null, "location_id" uuid not null, "lot_id" uuid null, "lot_key" varchar(255) not null default '', "qty" numeric(18,6) not null default '0', primary key ("id"));`);
    this.addSql(`alter table "stock_balance" add constraint "stock_balance_item_id_location_id_lot_key_unique" unique ("item_id", "location_id", "lot_key");`);

    this.addSql(`create table "stock_move" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "item_id" uuid not null, "lot_id" uuid null, "from_location_id" uuid not null, "to_location_id" uuid not null, "qty" numeric(18,6) not null, "reason" text not null, "work_order_id" uuid null, "reference" varchar(255) null, "idempotency_key" varchar(255) null, "actor" varchar(255) null, primary key ("id"));`);
    this.addSql(`create index "stock_move_work_order_id_index" on "stock_move" ("work_order_id");`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "stock_move_item_id_created_at_index" on "stock_move" ("item_id", "created_at");`);

    this.addSql(`create table "work_center" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "name" varchar(255) not null, "capacity_hours_per_day" numeric(18,6) not null default '8', "calendar" varchar(255) not null default 'MON-FRI 08:00-16:00', "state" text not null default 'UP', primary key ("id"));`);
    this.addSql(`alter table "work_center" add constraint "work_center_code_unique" unique ("code");`);

    this.addSql(`create table "routing_operation" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "routing_id" uuid not null, "sequence" int not null, "name" varchar(255) not null, "work_center_id" uuid not null, "setup_minutes" numeric(18,6) not null default '0', "run_minutes_per_unit" numeric(18,6) not null default '0', "inspection" boolean not null default false, primary key ("id"));`);
    this.addSql(`alter table "routing_operation" add constraint "routing_operation_routing_id_sequence_unique" unique ("routing_id", "sequence");`);

    this.addSql(`create table "work_order" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "item_id" uuid not null, "qty" numeric(18,6) not null, "due_date" date not null, "sales_order_line_id" uuid null, "state" text not null default 'PLANNED', "bom_id" uuid null, "routing_id" uuid null, "qty_completed" numeric(18,6) not null default '0', "qty_scrapped" numeric(18,6) not null default '0', "released_at" timestamptz(3) null, "started_at" timestamptz(3) null, "completed_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`alter table "work_order" add constraint "work_order_code_unique" unique ("code");`);
    this.addSql(`create index "work_order_sales_order_line_id_index" on "work_order" ("sales_order_line_id");`);

    this.addSql(`create table "material_requirement" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "work_order_id" uuid not null, "item_id" uuid not null, "qty_required" numeric(18,6) not null, "qty_issued" numeric(18,6) not null default '0', primary key ("id"));`);
    this.addSql(`alter table "material_requirement" add constraint "material_requirement_work_order_id_item_id_unique" unique ("work_order_id", "item_id");`);

    this.addSql(`create table "work_order_operation" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "work_order_id" uuid not null, "sequence" int not null, "name" varchar(255) not null, "work_center_id" uuid not null, "state" text not null default 'PENDING', "qty_good" numeric(18,6) not null default '0', "qty_scrap" numeric(18,6) not null default '0', "setup_minutes" numeric(18,6) not null default '0', "run_minutes_per_unit" numeric(18,6) not null default '0', "inspection" boolean not null default false, "planned_start" timestamptz(3) null, "planned_end" timestamptz(3) null, "actual_start" timestamptz(3) null, "actual_end" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`alter table "work_order_operation" add constraint "work_order_operation_work_order_id_sequence_unique" unique ("work_order_id", "sequence");`);

    this.addSql(`create table "execution_event" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "client_event_id" varchar(255) not null, "type" text not null, "work_order_id" uuid not null, "operation_id" uuid not null, "qty" numeric(18,6) null, "reason" varchar(255) null, "device_id" varchar(255) null, "actor" varchar(255) null, "occurred_at" timestamptz(3) not null, primary key ("id"));`);
    this.addSql(`alter table "execution_event" add constraint "execution_event_client_event_id_unique" unique ("client_event_id");`);
    this.addSql(`create index "execution_event_work_order_id_index" on "execution_event" ("work_order_id");`);

    this.addSql(`alter table "location" add constraint "location_type_check" check ("type" in ('RECEIVING', 'STORAGE', 'LINE_SIDE', 'FINISHED_GOODS', 'SHIPPING', 'SUPPLIER', 'CUSTOMER', 'PRODUCTION', 'SCRAP'));`);

    this.addSql(`alter table "partner" add constraint "partner_kind_check" check ("kind" in ('CUSTOMER', 'SUPPLIER'));`);

    this.addSql(`alter table "item" add constraint "item_preferred_supplier_id_foreign" foreign key ("preferred_supplier_id") references "partner" ("id") on delete set null;`);
    this.addSql(`alter table "item" add constraint "item_type_check" check ("type" in ('RAW', 'SEMI', 'FINISHED'));`);
    this.addSql(`alter table "item" add constraint "item_tracking_check" check ("tracking" in ('NONE', 'LOT', 'SERIAL'));`);

    this.addSql(`alter table "lot" add constraint "lot_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
    this.addSql(`alter table "lot" add constraint "lot_status_check" check ("status" in ('AVAILABLE', 'ON_HOLD'));`);

    this.addSql(`alter table "bom" add constraint "bom_item_id_foreign" foreign key ("item_id") references "item" ("id");`);

    this.addSql(`alter table "bom_line" add constraint "bom_line_bom_id_foreign" foreign key ("bom_id") references "bom" ("id") on delete cascade;`);
    this.addSql(`alter table "bom_line" add constraint "bom_line_component_id_foreign" foreign key ("component_id") references "item" ("id");`);

    this.addSql(`alter table "routing" add constraint "routing_item_id_foreign" foreign key ("item_id") references "item" ("id");`);

    this.addSql(`alter table "sales_order" add constraint "sales_order_customer_id_foreign" foreign key ("customer_id") references "partner" ("id");`);
    this.addSql(`alter table "sales_order" add constraint "sales_order_state_check" check ("state" in ('OPEN', 'IN_PRODUCTION', 'COMPLETED', 'CANCELLED'));`);

    this.addSql(`alter table "sales_order_line" add constraint "sales_order_line_sales_order_id_foreign" foreign key ("sales_order_id") references "sales_order" ("id") on delete cascade;`);
    this.addSql(`alter table "sales_order_line" add constraint "sales_order_line_item_id_foreign" foreign key ("item_id") references "item" ("id");`);

    this.addSql(`alter table "stock_balance" add constraint "stock_balance_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
    this.addSql(`alter table "stock_balance" add constraint "stock_balance_location_id_foreign" foreign key ("location_id") references "location" ("id");`);
    this.addSql(`alter table "stock_balance" add constraint "stock_balance_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on delete set null;`);

    this.addSql(`alter table "stock_move" add constraint "stock_move_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on delete set null;`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_from_location_id_foreign" foreign key ("from_location_id") references "location" ("id");`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_to_location_id_foreign" foreign key ("to_location_id") references "location" ("id");`);
    this.addSql(`alter table "stock_move" add constraint "stock_move_reason_check" check ("reason" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'TRANSFER', 'SCRAP', 'SHIPMENT', 'ADJUSTMENT'));`);

    this.addSql(`alter table "work_center" add constraint "work_center_state_check" check ("state" in ('UP', 'DOWN', 'MAINTENANCE'));`);

    this.addSql(`alter table "routing_operation" add constraint "routing_operation_routing_id_foreign" foreign key ("routing_id") references "routing" ("id") on delete cascade;`);
    this.addSql(`alter table "routing_operation" add constraint "routing_operation_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id");`);

    this.addSql(`alter table "work_order" add constraint "work_order_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
    this.addSql(`alter table "work_order" add constraint "work_order_sales_order_line_id_foreign" foreign key ("sales_order_line_id") references "sales_order_line" ("id") on delete set null;`);
    this.addSql(`alter table "work_order" add constraint "work_order_bom_id_foreign" foreign key ("bom_id") references "bom" ("id") on delete set null;`);
    this.addSql(`alter table "work_order" add constraint "work_order_routing_id_foreign" foreign key ("routing_id") references "routing" ("id") on delete set null;`);
    this.addSql(`alter table "work_order" add constraint "work_order_state_check" check ("state" in ('PLANNED', 'RELEASED', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'CANCELLED'));`);

    this.addSql(`alter table "material_requirement" add constraint "material_requirement_work_order_id_foreign" foreign key ("work_order_id") references "work_order" ("id") on delete cascade;`);
    this.addSql(`alter table "material_requirement" add constraint "material_requirement_item_id_foreign" foreign key ("item_id") references "item" ("id");`);

    this.addSql(`alter table "work_order_operation" add constraint "work_order_operation_work_order_id_foreign" foreign key ("work_order_id") references "work_order" ("id") on delete cascade;`);
    this.addSql(`alter table "work_order_operation" add constraint "work_order_operation_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id");`);
    this.addSql(`alter table "work_order_operation" add constraint "work_order_operation_state_check" check ("state" in ('PENDING', 'RUNNING', 'PAUSED', 'DONE'));`);

    this.addSql(`alter table "execution_event" add constraint "execution_event_work_order_id_foreign" foreign key ("work_order_id") references "work_order" ("id");`);
    this.addSql(`alter table "execution_event" add constraint "execution_event_operation_id_foreign" foreign key ("operation_id") references "work_order_operation" ("id");`);
    this.addSql(`alter table "execution_event" add constraint "execution_event_type_check" check ("type" in ('START', 'PAUSE', 'RESUME', 'COMPLETE', 'SCRAP'));`);

    // Human codes (WO-000123, SO-000042) come from sequences, so concurrent creates never collide.
    this.addSql(`create sequence if not exists "work_order_code_seq";`);
    this.addSql(`create sequence if not exists "sales_order_code_seq";`);
    // The virtual locations every move that enters or leaves the factory's stock is booked against.
    this.addSql(`insert into "location" ("id", "created_at", "updated_at", "code", "name", "type", "virtual") values
      (gen_random_uuid(), now(), now(), 'VIRT-SUPPLIER', 'Suppliers (virtual)', 'SUPPLIER', true),
      (gen_random_uuid(), now(), now(), 'VIRT-CUSTOMER', 'Customers (virtual)', 'CUSTOMER', true),
      (gen_random_uuid(), now(), now(), 'VIRT-PRODUCTION', 'Production (virtual)', 'PRODUCTION', true),
      (gen_random_uuid(), now(), now(), 'VIRT-SCRAP', 'Scrap (virtual)', 'SCRAP', true);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "stock_balance" drop constraint "stock_balance_location_id_foreign";`);
    this.addSql(`alter table "stock_move" drop constraint "stock_move_from_location_id_foreign";`);
    this.addSql(`alter table "stock_move" drop constraint "stock_move_to_location_id_foreign";`);
    this.addSql(`alter table "item" drop constraint "item_preferred_supplier_id_foreign";`);
    this.addSql(`alter table "sales_order" drop constraint "sales_order_customer_id_foreign";`);
    this.addSql(`alter table "lot" drop constraint "lot_item_id_foreign";`);
    this.addSql(`alter table "bom" drop constraint "bom_item_id_foreign";`);
    this.addSql(`alter table "bom_line" drop constraint "bom_line_component_id_foreign";`);
    this.addSql(`alter table "routing" drop constraint "routing_item_id_foreign";`);
    this.addSql(`alter table "sales_order_line" drop constraint "sales_order_line_item_id_foreign";`);
    this.addSql(`alter table "stock_balance" drop constraint "stock_balance_item_id_foreign";`);
    this.addSql(`alter table "stock_move" drop constraint "stock_move_item_id_foreign";`);
    this.addSql(`alter table "work_order" drop constraint "work_order_item_id_foreign";`);
    this.addSql(`alter table "material_requirement" drop constraint "material_requirement_item_id_foreign";`);
    this.addSql(`alter table "stock_balance" drop constraint "stock_balance_lot_id_foreign";`);
    this.addSql(`alter table "stock_move" drop constraint "stock_move_lot_id_foreign";`);
    this.addSql(`alter table "bom_line" drop constraint "bom_line_bom_id_foreign";`);
    this.addSql(`alter table "work_order" drop constraint "work_order_bom_id_foreign";`);
    this.addSql(`alter table "routing_operation" drop constraint "routing_operation_routing_id_foreign";`);
    this.addSql(`alter table "work_order" drop constraint "work_order_routing_id_foreign";`);
    this.addSql(`alter table "sales_order_line" drop constraint "sales_order_line_sales_order_id_foreign";`);
    this.addSql(`alter table "work_order" drop constraint "work_order_sales_order_line_id_foreign";`);
    this.addSql(`alter table "routing_operation" drop constraint "routing_operation_work_center_id_foreign";`);
    this.addSql(`alter table "work_order_operation" drop constraint "work_order_operation_work_center_id_foreign";`);
    this.addSql(`alter table "material_requirement" drop constraint "material_requirement_work_order_id_foreign";`);
    this.addSql(`alter table "work_order_operation" drop constraint "work_order_operation_work_order_id_foreign";`);
    this.addSql(`alter table "execution_event" drop constraint "execution_event_work_order_id_foreign";`);
    this.addSql(`alter table "execution_event" drop constraint "execution_event_operation_id_foreign";`);

    this.addSql(`drop table if exists "event_log" cascade;`);
    this.addSql(`drop table if exists "location" cascade;`);
    this.addSql(`drop table if exists "partner" cascade;`);
    this.addSql(`drop table if exists "item" cascade;`);
    this.addSql(`drop table if exists "lot" cascade;`);
    this.addSql(`drop table if exists "bom" cascade;`);
    this.addSql(`drop table if exists "bom_line" cascade;`);
    this.addSql(`drop table if exists "routing" cascade;`);
    this.addSql(`drop table if exists "sales_order" cascade;`);
    this.addSql(`drop table if exists "sales_order_line" cascade;`);
    this.addSql(`drop table if exists "stock_balance" cascade;`);
    this.addSql(`drop table if exists "stock_move" cascade;`);
    this.addSql(`drop table if exists "work_center" cascade;`);
    this.addSql(`drop table if exists "routing_operation" cascade;`);
    this.addSql(`drop table if exists "work_order" cascade;`);
    this.addSql(`drop table if exists "material_requirement" cascade;`);
    this.addSql(`drop table if exists "work_order_operation" cascade;`);
    this.addSql(`drop table if exists "execution_event" cascade;`);
  }

}
