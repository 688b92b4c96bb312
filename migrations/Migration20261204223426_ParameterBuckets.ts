import { Migration } from '@mikro-orm/migrations';

export class Migration20261204223426_ParameterBuckets extends Migration {

  override name = 'Migration20261204223426_ParameterBuckets';

  override up(): void | Promise<void> {
    this.addSql(`create table "parameter_bucket" ("machine_id" uuid not null, "name" varchar(255) not null, "bucket_start" timestamptz(3) not null, "samples" double precision not null default 0, "total" double precision not null default 0, "min" double precision not null, "max" double precision not null, primary key ("machine_id", "name", "bucket_start"));`);

    // The readings stored before: their quarter hours, on the grid the hub writes (epoch-aligned 15 minutes).
    this.addSql(`insert into "parameter_bucket" ("machine_id", "name", "bucket_start", "samples", "total", "min", "max")
      select "machine_id", "name", to_timestamp(floor(extract(epoch from "at") / 900) * 900), count(*), sum("value"), min("value"), max("value")
      from "parameter_sample" group by 1, 2, 3;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "parameter_bucket" cascade;`);
  }

}
