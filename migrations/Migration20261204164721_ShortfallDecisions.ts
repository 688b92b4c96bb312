import { Migration } from '@mikro-orm/migrations';

export class Migration20261204164721_ShortfallDecisions extends Migration {

  override name = 'Migration20261204164721_ShortfallDecisions';

  override up(): void | Promise<void> {
    this.addSql(`alter table "sales_order_line" add "qty_short_closed" numeric(18,6) not null default 0, add "short_close_reason" varchar(500) null, add "short_closed_at" timestamptz(3) null, add "short_closed_by" varchar(255) null;`);

    this.addSql(`alter table "stock_move" add "commitment_id" uuid null;`);
    this.addSql(`create index "stock_move_commitment_id_index" on "stock_move" ("commitment_id");`);
    // Receipts made before: their StockMoved event named the commitment.
    this.addSql(`update "stock_move" m set "commitment_id" = (e."data"->>'commitmentId')::uuid from "event_log" e
      where e."type" = 'StockMoved' and m."reason" = 'RECEIPT' and e."data"->>'moveId' = m."id"::text and e."data"->>'commitmentId' is not null;`);

    this.addSql(`alter table "work_order" add "makes_up_shortfall" boolean not null default false;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "sales_order_line" drop column "qty_short_closed", drop column "short_close_reason", drop column "short_closed_at", drop column "short_closed_by";`);

    this.addSql(`drop index "stock_move_commitment_id_index";`);
    this.addSql(`alter table "stock_move" drop column "commitment_id";`);

    this.addSql(`alter table "work_order" drop column "makes_up_shortfall";`);

  }

}
