import { Migration } from '@mikro-orm/migrations';

export class Migration20261204044357_Shipping extends Migration {

  override name = 'Migration20261204044357_Shipping';

  override up(): void | Promise<void> {
    this.addSql(`create table "shipment" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "code" varchar(255) not null, "sales_order_id" uuid not null, "customer_id" uuid not null, "state" text not null default 'SHIPPED', "carrier" varchar(255) null, "tracking_ref" varchar(255) null, "shipped_at" timestamptz(3) not null, "idempotency_key" varchar(255) null, "idempotency_fingerprint" varchar(64) null, "actor" varchar(255) null, primary key ("id"));`);
    this.addSql(`alter table "shipment" add constraint "shipment_code_unique" unique ("code");`);
    this.addSql(`create index "shipment_sales_order_id_index" on "shipment" ("sales_order_id");`);
    this.addSql(`create index "shipment_customer_id_index" on "shipment" ("customer_id");`);
    this.addSql(`alter table "shipment" add constraint "shipment_idempotency_key_unique" unique ("idempotency_key");`);

    this.addSql(`create table "shipment_line" ("id" uuid not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "shipment_id" uuid not null, "line_no" int not null, "sales_order_line_id" uuid not null, "item_id" uuid not null, "lot_id" uuid null, "from_location_id" uuid not null, "qty" numeric(18,6) not null, "stock_move_id" uuid not null, primary key ("id"));`);
    this.addSql(`create sequence if not exists "delivery_note_code_seq";`);
    this.addSql(`create index "shipment_line_sales_order_line_id_index" on "shipment_line" ("sales_order_line_id");`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP', 'SHIPMENT'));`);

    this.addSql(`alter table "lot" add "expires_on" date null;`);

    this.addSql(`alter table "sales_order" drop constraint "sales_order_state_check";`);
    this.addSql(`alter table "sales_order" add constraint "sales_order_state_check" check ("state" in ('OPEN', 'IN_PRODUCTION', 'COMPLETED', 'SHIPPED', 'CANCELLED'));`);

    this.addSql(`alter table "sales_order_line" add "qty_shipped" numeric(18,6) not null default 0;`);

    this.addSql(`alter table "shipment" add constraint "shipment_sales_order_id_foreign" foreign key ("sales_order_id") references "sales_order" ("id");`);
    this.addSql(`alter table "shipment" add constraint "shipment_customer_id_foreign" foreign key ("customer_id") references "partner" ("id");`);
    this.addSql(`alter table "shipment" add constraint "shipment_state_check" check ("state" in ('SHIPPED'));`);

    this.addSql(`alter table "shipment_line" add constraint "shipment_line_shipment_id_foreign" foreign key ("shipment_id") references "shipment" ("id") on delete cascade;`);
    this.addSql(`alter table "shipment_line" add constraint "shipment_line_sales_order_line_id_foreign" foreign key ("sales_order_line_id") references "sales_order_line" ("id");`);
    this.addSql(`alter table "shipment_line" add constraint "shipment_line_item_id_foreign" foreign key ("item_id") references "item" ("id");`);
    this.addSql(`alter table "shipment_line" add constraint "shipment_line_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on delete set null;`);
    this.addSql(`alter table "shipment_line" add constraint "shipment_line_from_location_id_foreign" foreign key ("from_location_id") references "location" ("id");`);

  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "shipment_line" drop constraint "shipment_line_shipment_id_foreign";`);

    this.addSql(`drop table if exists "shipment" cascade;`);
    this.addSql(`drop table if exists "shipment_line" cascade;`);
    this.addSql(`drop sequence if exists "delivery_note_code_seq";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_source_check";`);
    this.addSql(`alter table "journal_entry" add constraint "journal_entry_source_check" check ("source" in ('RECEIPT', 'ISSUE', 'COMPLETION', 'SCRAP'));`);

    this.addSql(`alter table "lot" drop column "expires_on";`);

    this.addSql(`alter table "sales_order" drop constraint "sales_order_state_check";`);
    this.addSql(`alter table "sales_order" add constraint "sales_order_state_check" check ("state" in ('OPEN', 'IN_PRODUCTION', 'COMPLETED', 'CANCELLED'));`);

    this.addSql(`alter table "sales_order_line" drop column "qty_shipped";`);

    

  }

}
