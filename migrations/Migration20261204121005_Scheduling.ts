import { Migration } from '@mikro-orm/migrations';

export class Migration20261204121005_Scheduling extends Migration {

  override name = 'Migration20261204121005_Scheduling';

  override up(): void | Promise<void> {
    this.addSql(`create table "plan" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "version" int not null, "state" text not null default 'DRAFT', "trigger" varchar(255) not null, "based_on_version" int null, "origin" timestamptz(3) not null, "order_count" int not null, "late_order_count" int not null, "tardiness_minutes" int not null, "finishes_at" timestamptz(3) null, "compute_ms" int not null, "published_at" timestamptz(3) null, "published_by" varchar(255) null, "body" jsonb not null, primary key ("id"));`);
    this.addSql(`alter table "plan" add constraint "plan_version_unique" unique ("version");`);

    this.addSql(`create table "scheduling_policy" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "replan_on_events" boolean not null default true, "auto_publish" boolean not null default false, "frozen_hours" int not null default 0, "improve_seconds" numeric(18,6) not null default '2', "assumed_repair_hours" int not null default 8, primary key ("id"));`);

    this.addSql(`create table "capacity_loss" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "work_center_id" uuid not null, "machine_id" varchar(255) null, "source" text not null, "reason" varchar(255) not null, "started_at" timestamptz(3) not null, "expected_end" timestamptz(3) null, "ended_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "capacity_loss_work_center_id_ended_at_index" on "capacity_loss" ("work_center_id", "ended_at");`);

    this.addSql(`create table "calendar_exception" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "work_center_id" uuid null, "kind" text not null, "starts_at" timestamptz(3) not null, "ends_at" timestamptz(3) not null, "note" varchar(255) not null, primary key ("id"));`);
    this.addSql(`create index "calendar_exception_work_center_id_index" on "calendar_exception" ("work_center_id");`);

    this.addSql(`create table "work_center_planning" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "work_center_id" uuid not null, "machines" int not null default 1, "transfer_batch_qty" numeric(18,6) null, "alternative_ids" jsonb not null, primary key ("id"));`);
    this.addSql(`alter table "work_center_planning" add constraint "work_center_planning_work_center_id_unique" unique ("work_center_id");`);

    this.addSql(`create table "work_order_priority" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "work_order_id" uuid not null, "priority" int not null, primary key ("id"));`);
    this.addSql(`alter table "work_order_priority" add constraint "work_order_priority_work_order_id_unique" unique ("work_order_id");`);

    this.addSql(`alter table "plan" add constraint "plan_state_check" check ("state" in ('DRAFT', 'PUBLISHED', 'SUPERSEDED', 'DISCARDED'));`);

    this.addSql(`alter table "capacity_loss" add constraint "capacity_loss_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id");`);
    this.addSql(`alter table "capacity_loss" add constraint "capacity_loss_source_check" check ("source" in ('STATE', 'DOWNTIME'));`);

    this.addSql(`alter table "calendar_exception" add constraint "calendar_exception_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id") on delete set null;`);
    this.addSql(`alter table "calendar_exception" add constraint "calendar_exception_kind_check" check ("kind" in ('CLOSED', 'OVERTIME'));`);

    this.addSql(`alter table "work_center_planning" add constraint "work_center_planning_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id");`);

    this.addSql(`alter table "work_order_priority" add constraint "work_order_priority_work_order_id_foreign" foreign key ("work_order_id") references "work_order" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "plan" cascade;`);
    this.addSql(`drop table if exists "scheduling_policy" cascade;`);
    this.addSql(`drop table if exists "capacity_loss" cascade;`);
    this.addSql(`drop table if exists "calendar_exception" cascade;`);
    this.addSql(`drop table if exists "work_center_planning" cascade;`);
    this.addSql(`drop table if exists "work_order_priority" cascade;`);
  }

}
