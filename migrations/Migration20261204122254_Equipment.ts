import { Migration } from '@mikro-orm/migrations';

export class Migration20261204122254_Equipment extends Migration {

  override name = 'Migration20261204122254_Equipment';

  override up(): void | Promise<void> {
    this.addSql(`create table "downtime_reason" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "name" varchar(255) not null, "parent_id" uuid null, "planned" boolean not null default false, primary key ("id"));`);
    this.addSql(`alter table "downtime_reason" add constraint "downtime_reason_code_unique" unique ("code");`);
    this.addSql(`create index "downtime_reason_parent_id_index" on "downtime_reason" ("parent_id");`);

    this.addSql(`create table "machine_message" ("key" text not null, "received_at" timestamptz(3) not null, primary key ("key"));`);
    this.addSql(`create index "machine_message_received_at_index" on "machine_message" ("received_at");`);

    this.addSql(`create table "machine" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "name" varchar(255) not null, "work_center_id" uuid not null, "state" text not null default 'IDLE', "state_since" timestamptz(3) null, "reason_id" uuid null, "ideal_cycle_seconds" numeric(18,6) null, "current_operation_id" uuid null, "current_lot_code" varchar(255) null, "total_cycles" numeric(18,6) not null default '0', "running_seconds" numeric(18,6) not null default '0', primary key ("id"));`);
    this.addSql(`alter table "machine" add constraint "machine_code_unique" unique ("code");`);
    this.addSql(`create index "machine_work_center_id_index" on "machine" ("work_center_id");`);

    this.addSql(`create table "parameter_sample" ("id" bigserial primary key, "machine_id" uuid not null, "name" varchar(255) not null, "at" timestamptz(3) not null, "value" double precision not null, "operation_id" uuid null, "lot_code" varchar(255) null);`);
    this.addSql(`create index "parameter_sample_machine_id_name_at_index" on "parameter_sample" ("machine_id", "name", "at");`);

    this.addSql(`create table "parameter_alert" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "machine_id" uuid not null, "parameter" varchar(255) not null, "value" double precision not null, "min" double precision null, "max" double precision null, "at" timestamptz(3) not null, "operation_id" uuid null, "lot_code" varchar(255) null, primary key ("id"));`);
    this.addSql(`create index "parameter_alert_machine_id_at_index" on "parameter_alert" ("machine_id", "at");`);

    this.addSql(`create table "machine_state_period" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "machine_id" uuid not null, "state" text not null, "reason_id" uuid null, "started_at" timestamptz(3) not null, "ended_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "machine_state_period_machine_id_started_at_index" on "machine_state_period" ("machine_id", "started_at");`);

    this.addSql(`create table "machine_parameter" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "machine_id" uuid not null, "name" varchar(255) not null, "unit" varchar(255) null, "min" double precision null, "max" double precision null, "out_of_range" boolean not null default false, primary key ("id"));`);
    this.addSql(`alter table "machine_parameter" add constraint "machine_parameter_machine_id_name_unique" unique ("machine_id", "name");`);

    this.addSql(`create table "machine_count_minute" ("machine_id" uuid not null, "minute" timestamptz(3) not null, "good" double precision not null default 0, "reject" double precision not null default 0, "ideal_seconds" double precision not null default 0, "operation_id" uuid null, primary key ("machine_id", "minute"));`);

    this.addSql(`create table "downtime" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "machine_id" uuid not null, "work_center_id" uuid not null, "state" text not null, "reason_id" uuid null, "planned" boolean not null default false, "started_at" timestamptz(3) not null, "ended_at" timestamptz(3) null, "expected_end" timestamptz(3) null, "source" text not null, "confirmed_by" varchar(255) null, "confirmed_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`create index "downtime_work_center_id_index" on "downtime" ("work_center_id");`);
    this.addSql(`create index "downtime_machine_id_started_at_index" on "downtime" ("machine_id", "started_at");`);

    this.addSql(`alter table "downtime_reason" add constraint "downtime_reason_parent_id_foreign" foreign key ("parent_id") references "downtime_reason" ("id") on delete set null;`);

    this.addSql(`alter table "machine" add constraint "machine_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id");`);
    this.addSql(`alter table "machine" add constraint "machine_reason_id_foreign" foreign key ("reason_id") references "downtime_reason" ("id") on delete set null;`);
    this.addSql(`alter table "machine" add constraint "machine_current_operation_id_foreign" foreign key ("current_operation_id") references "work_order_operation" ("id") on delete set null;`);
    this.addSql(`alter table "machine" add constraint "machine_state_check" check ("state" in ('RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE'));`);

    this.addSql(`alter table "parameter_sample" add constraint "parameter_sample_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);

    this.addSql(`alter table "parameter_alert" add constraint "parameter_alert_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);

    this.addSql(`alter table "machine_state_period" add constraint "machine_state_period_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);
    this.addSql(`alter table "machine_state_period" add constraint "machine_state_period_reason_id_foreign" foreign key ("reason_id") references "downtime_reason" ("id") on delete set null;`);
    this.addSql(`alter table "machine_state_period" add constraint "machine_state_period_state_check" check ("state" in ('RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE'));`);

    this.addSql(`alter table "machine_parameter" add constraint "machine_parameter_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);

    this.addSql(`alter table "machine_count_minute" add constraint "machine_count_minute_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);

    this.addSql(`alter table "downtime" add constraint "downtime_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);
    this.addSql(`alter table "downtime" add constraint "downtime_work_center_id_foreign" foreign key ("work_center_id") references "work_center" ("id");`);
    this.addSql(`alter table "downtime" add constraint "downtime_reason_id_foreign" foreign key ("reason_id") references "downtime_reason" ("id") on delete set null;`);
    this.addSql(`alter table "downtime" add constraint "downtime_state_check" check ("state" in ('RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE'));`);
    this.addSql(`alter table "downtime" add constraint "downtime_source_check" check ("source" in ('API', 'MQTT', 'HTTP'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "downtime_reason" drop constraint "downtime_reason_parent_id_foreign";`);
    this.addSql(`alter table "machine" drop constraint "machine_reason_id_foreign";`);
    this.addSql(`alter table "machine_state_period" drop constraint "machine_state_period_reason_id_foreign";`);
    this.addSql(`alter table "downtime" drop constraint "downtime_reason_id_foreign";`);
    this.addSql(`alter table "parameter_sample" drop constraint "parameter_sample_machine_id_foreign";`);
    this.addSql(`alter table "parameter_alert" drop constraint "parameter_alert_machine_id_foreign";`);
    this.addSql(`alter table "machine_state_period" drop constraint "machine_state_period_machine_id_foreign";`);
    this.addSql(`alter table "machine_parameter" drop constraint "machine_parameter_machine_id_foreign";`);
    this.addSql(`alter table "machine_count_minute" drop constraint "machine_count_minute_machine_id_foreign";`);
    this.addSql(`alter table "downtime" drop constraint "downtime_machine_id_foreign";`);

    this.addSql(`drop table if exists "downtime_reason" cascade;`);
    this.addSql(`drop table if exists "machine_message" cascade;`);
    this.addSql(`drop table if exists "machine" cascade;`);
    this.addSql(`drop table if exists "parameter_sample" cascade;`);
    this.addSql(`drop table if exists "parameter_alert" cascade;`);
    this.addSql(`drop table if exists "machine_state_period" cascade;`);
    this.addSql(`drop table if exists "machine_parameter" cascade;`);
    this.addSql(`drop table if exists "machine_count_minute" cascade;`);
    this.addSql(`drop table if exists "downtime" cascade;`);
  }

}
