import { Migration } from '@mikro-orm/migrations';

export class Migration20261124095647_Integration extends Migration {

  override name = 'Migration20261124095647_Integration';

  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "journal_entry_code_seq";`);
    this.addSql(`create table "delivery" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "adapter" varchar(255) not null, "event_seq" bigint not null, "event_id" uuid not null, "event_type" varchar(255) not null, "aggregate_id" uuid not null, "state" text not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz(3) not null, "lease_until" timestamptz(3) null, "last_error" text null, "delivered_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "delivery_adapter_aggregate_id_event_seq_index" on "delivery" ("adapter", "aggregate_id", "event_seq");`);
    this.addSql(`create index "delivery_state_next_attempt_at_index" on "delivery" ("state", "next_attempt_at");`);
    this.addSql(`alter table "delivery" add constraint "delivery_adapter_event_id_unique" unique ("adapter", "event_id");`);

    this.addSql(`create table "delivery_attempt" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "delivery_id" uuid not null, "attempt" int not null, "outcome" varchar(255) not null, "duration_ms" int not null, "error" text null, "response" text null, primary key ("id"));`);

    this.addSql(`create table "external_ref_link" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "entity_type" varchar(255) not null, "system" varchar(255) not null, "external_id" varchar(255) not null, "entity_id" uuid not null, primary key ("id"));`);
    this.addSql(`create index "external_ref_link_entity_type_entity_id_index" on "external_ref_link" ("entity_type", "entity_id");`);
    this.addSql(`alter table "external_ref_link" add constraint "external_ref_link_entity_type_system_external_id_unique" unique ("entity_type", "system", "external_id");`);

    this.addSql(`create table "inbound_message" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "adapter" varchar(255) not null, "message_key" varchar(255) not null, "result" jsonb not null, primary key ("id"));`);
    this.addSql(`alter table "inbound_message" add constraint "inbound_message_adapter_message_key_unique" unique ("adapter", "message_key");`);

    this.addSql(`create table "journal_entry" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "posting_date" date not null, "source" text not null, "memo" varchar(255) not null, "currency" varchar(255) not null, "amount" numeric(18,6) not null, "item_id" uuid not null, "qty" numeric(18,6) not null, "stock_move_id" uuid null, "work_order_id" uuid null, primary key ("id"));`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_code_unique" unique ("code");`);
    this.addSql(`create index "journal_entry_stock_move_id_index" on "journal_entry" ("stock_move_id");`);
    this.addSql(`create index "journal_entry_work_order_id_index" on "journal_entry" ("work_order_id");`);

    this.addSql(`create table "journal_line" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "entry_id" uuid not null, "line_no" int not null, "account" varchar(255) not null, "debit" numeric(18,6) not null, "credit" numeric(18,6) not null, primary key ("id"));`);

    this.addSql(`create table "sync_run" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "adapter" varchar(255) not null, "trigger" varchar(255) not null, "status" text not null default 'RUNNING', "imported" int not null default 0, "failed" int not null default 0, "errors" jsonb not null, "cursor_before" text null, "cursor_after" text null, "message" text null, "finished_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "sync_run_adapter_created_at_index" on "sync_run" ("adapter", "created_at");`);

    this.addSql(`create table "sync_state" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "adapter" varchar(255) not null, "cursor" text null, primary key ("id"));`);
    this.addSql(`alter table "sync_state" add constraint "sync_state_adapter_unique" unique ("adapter");`);

    this.addSql(`alter table "partner" drop column "external_refs";`);

    this.addSql(`alter table "item" drop column "external_refs";`);

    this.addSql(`alter table "sales_order" drop column "external_refs";`);

    this.addSql(`alter table "delivery" add constraint "delivery_state_check" check ("state" in ('PENDING', 'IN_FLIGHT', 'DELIVERED', 'DEAD'));`);

    this.addSql(`alter table "delivery_attempt" add constraint "delivery_attempt_delivery_id_foreign" foreign key ("delivery_id") references "delivery" ("id") on delete cascade;`);

    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP'));`);

    this.addSql(`alter table "journal_line" add constraint "journal_line_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id") on delete cascade;`);

    this.addSql(`alter table "sync_run" add constraint "sync_run_status_check" check ("status" in ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "journal_entry_code_seq";`);
    this.addSql(`alter table "delivery_attempt" drop constraint "delivery_attempt_delivery_id_foreign";`);
    this.addSql(`alter table "journal_line" drop constraint "journal_line_entry_id_foreign";`);

    this.addSql(`drop table if exists "delivery" cascade;`);
    this.addSql(`drop table if exists "delivery_attempt" cascade;`);
    this.addSql(`drop table if exists "external_ref_link" cascade;`);
    this.addSql(`drop table if exists "inbound_message" cascade;`);
    this.addSql(`drop table if exists "journal_entry" cascade;`);
    this.addSql(`drop table if exists "journal_line" cascade;`);
    this.addSql(`drop table if exists "sync_run" cascade;`);
    this.addSql(`drop table if exists "sync_state" cascade;`);

    this.addSql(`alter table "item" add "external_refs" jsonb not null;`);

    this.addSql(`alter table "partner" add "external_refs" jsonb not null;`);

    this.addSql(`alter table "sales_order" add "external_refs" jsonb not null;`);
  }

}
