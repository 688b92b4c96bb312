import { Migration } from '@mikro-orm/migrations';

/**
 * The event log without a global lock (issue 8, docs/event-log-order.md). An event's `seq` is no longer
 * taken from a sequence under an advisory lock; it is a position: a transaction id handed out when the
 * events are appended, shifted left 20 bits, plus the event's index within its append. Readers read only
 * below `event_log_settled_below()`, the oldest transaction still in flight: nothing can ever be
 * appended below that bound again, so every reader sees one order with no gap.
 */
export class Migration20261126090000_EventLogPositions extends Migration {
  override name = 'Migration20261126090000_EventLogPositions';

  override up(): void | Promise<void> {
    // Written to only inside a subtransaction that is rolled back: it hands out a fresh transaction id.
    this.addSql(`create unlogged table "event_clock" ("tick" boolean);`);
    this.addSql(`create function event_log_next_position() returns bigint language plpgsql volatile as $$
declare
  top bigint := pg_current_xact_id()::text::bigint;
  fresh xid;
begin
  -- A transaction id handed out now, after every row lock this transaction waited for: a transaction
  -- that saw another's changes is positioned after it. It is a subtransaction's (so it is newer than
  -- this transaction's own id, which keeps the settled bound below it while this one is in flight);
  -- the subtransaction is rolled back, only its number is kept.
  begin
    insert into event_clock values (true) returning xmin into fresh;
    raise sqlstate 'MH000';
  exception when sqlstate 'MH000' then
    null;
  end;
  -- xmin is the 32-bit form; it lies less than 2^31 after this transaction's own 64-bit id.
  return (top + ((fresh::text::bigint - top % 4294967296 + 4294967296) % 4294967296)) << 20;
end $$;`);
    this.addSql(`create function event_log_settled_below() returns bigint language sql stable as $$
  select pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20
$$;`);
    // Positions start above every sequence handed out so far, so old cursors stay valid.
    this.addSql(`do $$ begin
  if coalesce((select max(seq) from event_log), 0) >= pg_current_xact_id()::text::bigint << 20 then
    raise exception 'event_log has sequences beyond the first position; they cannot be kept in order';
  end if;
end $$;`);
    this.addSql(`alter table "event_log" alter column "seq" set default event_log_next_position();`);
    this.addSql(`drop sequence if exists "event_log_seq_seq";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create sequence "event_log_seq_seq" owned by "event_log"."seq";`);
    this.addSql(`select setval('event_log_seq_seq', greatest((select max(seq) from event_log), 1));`);
    this.addSql(`alter table "event_log" alter column "seq" set default nextval('event_log_seq_seq');`);
    this.addSql(`drop function event_log_settled_below();`);
    this.addSql(`drop function event_log_next_position();`);
    this.addSql(`drop table "event_clock";`);
  }
}
