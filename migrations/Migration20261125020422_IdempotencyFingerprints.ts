import { Migration } from '@mikro-orm/migrations';

export class Migration20261125020422_IdempotencyFingerprints extends Migration {

  override name = 'Migration20261125020422_IdempotencyFingerprints';

  override up(): void | Promise<void> {
    this.addSql(`alter table "inbound_message" add "fingerprint" varchar(64) null;`);
    this.addSql(`alter table "inbound_message" alter column "result" drop not null;`);

    this.addSql(`alter table "stock_move" add "idempotency_fingerprint" varchar(64) null;`);

    this.addSql(`alter table "execution_event" add "idempotency_fingerprint" varchar(64) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "execution_event" drop column "idempotency_fingerprint";`);

    this.addSql(`alter table "inbound_message" drop column "fingerprint";`);
    this.addSql(`alter table "inbound_message" alter column "result" set not null;`);

    this.addSql(`alter table "stock_move" drop column "idempotency_fingerprint";`);
  }

}
