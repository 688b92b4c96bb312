import { Migration } from '@mikro-orm/migrations';

export class Migration20261204134721_CountBuckets extends Migration {

  override name = 'Migration20261204134721_CountBuckets';

  override up(): void | Promise<void> {
    this.addSql(`create table "machine_count_bucket" ("machine_id" uuid not null, "bucket_start" timestamptz(3) not null, "good" double precision not null default 0, "reject" double precision not null default 0, "ideal_seconds" double precision not null default 0, "operation_id" uuid null, primary key ("machine_id", "bucket_start"));`);

    this.addSql(`drop table if exists "machine_count_minute" cascade;`);

    this.addSql(`alter table "machine_count_bucket" add constraint "machine_count_bucket_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create table "machine_count_minute" ("machine_id" uuid not null, "minute" timestamptz(3) not null, "good" float8 not null default 0, "reject" float8 not null default 0, "ideal_seconds" float8 not null default 0, "operation_id" uuid null, primary key ("machine_id", "minute"));`);

    this.addSql(`drop table if exists "machine_count_bucket" cascade;`);

    this.addSql(`alter table "machine_count_minute" add constraint "machine_count_minute_machine_id_foreign" foreign key ("machine_id") references "machine" ("id") on update no action on delete no action;`);
  }

}
