import { Migration } from '@mikro-orm/migrations';

export class Migration20261124101150_Purchasing extends Migration {

  override name = 'Migration20261124101150_Purchasing';

  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "supplier_commitment_code_seq";`);
    this.addSql(`create table "supplier_commitment" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "supplier_id" uuid not null, "item_id" uuid not null, "state" text not null default 'REQUESTED', "qty_requested" numeric(18,6) not null, "needed_by" date not null, "qty_confirmed" numeric(18,6) null, "promised_date" date null, "shipment_ref" varchar(255) null, "expected_arrival" date null, "qty_received" numeric(18,6) not null default '0', "received_at" timestamptz(3) null, primary key ("id"));`);
    this.addSql(`alter table "supplier_commitment" add constraint "supplier_commitment_code_unique" unique ("code");`);
    this.addSql(`create index "supplier_commitment_supplier_id_state_index" on "supplier_commitment" ("supplier_id", "state");`);

    this.addSql(`create table "shipping_notice_line" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "commitment_id" uuid not null, "line_no" int not null, "lot_code" varchar(255) null, "qty" numeric(18,6) not null, primary key ("id"));`);

    this.addSql(`alter table "supplier_commitment" add constraint "supplier_commitment_supplier_id_foreign" foreign key ("supplier_id") references "partner" ("id");`);
    this.addSql(`alter table "supplier_commitment" add constraint "supplier_commitment_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
    this.addSql(`alter table "supplier_commitment" add constraint "supplier_commitment_state_check" check ("state" in ('REQUESTED', 'CONFIRMED', 'SHIPPED', 'RECEIVED', 'CANCELLED'));`);

    this.addSql(`alter table "shipping_notice_line" add constraint "shipping_notice_line_commitment_id_foreign" foreign key ("commitment_id") references "supplier_commitment" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop sequence if exists "supplier_commitment_code_seq";`);
    this.addSql(`alter table "shipping_notice_line" drop constraint "shipping_notice_line_commitment_id_foreign";`);

    this.addSql(`drop table if exists "supplier_commitment" cascade;`);
    this.addSql(`drop table if exists "shipping_notice_line" cascade;`);
  }

}
