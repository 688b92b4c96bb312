import { Migration } from '@mikro-orm/migrations';

export class Migration20261204113318_Quality extends Migration {

  override name = 'Migration20261204113318_Quality';

  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "lot_hold_code_seq";`);
    this.addSql(`create sequence if not exists "nonconformance_code_seq";`);
    this.addSql(`create sequence if not exists "inspection_task_code_seq";`);
    this.addSql(`create table "lot_hold" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "lot_id" uuid not null, "reason" varchar(500) not null, "source_type" varchar(255) null, "source_id" uuid null, "held_by" varchar(255) null, "released_at" timestamptz(3) null, "released_by" varchar(255) null, "release_note" varchar(500) null, "idempotency_key" varchar(255) null, "idempotency_fingerprint" varchar(64) null, primary key ("id"));`);
    this.addSql(`alter table "lot_hold" add constraint "lot_hold_code_unique" unique ("code");`);
    this.addSql(`alter table "lot_hold" add constraint "lot_hold_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "lot_hold_lot_id_released_at_index" on "lot_hold" ("lot_id", "released_at");`);

    this.addSql(`create index "stock_move_lot_id_reason_index" on "stock_move" ("lot_id", "reason");`);

    this.addSql(`alter table "lot_hold" add constraint "lot_hold_lot_id_foreign" foreign key ("lot_id") references "lot" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "lot_hold_code_seq";`);
    this.addSql(`drop sequence if exists "nonconformance_code_seq";`);
    this.addSql(`drop sequence if exists "inspection_task_code_seq";`);
    this.addSql(`drop table if exists "lot_hold" cascade;`);

    this.addSql(`drop index "stock_move_lot_id_reason_index";`);


  }

}
