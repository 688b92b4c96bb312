import { Migration } from '@mikro-orm/migrations';

/**
 * What a commit statement calls to check the rows its work recalled from memory instead of reading
 * (src/kernel/unit-of-work/recalled-reads.ts): false fails the statement, with SQLSTATE MH001, so it
 * writes nothing and the hub runs the work again on fresh reads.
 */
export class Migration20261205050000_RecalledRows extends Migration {
  override name = 'Migration20261205050000_RecalledRows';

  override up(): void | Promise<void> {
    this.addSql(`create function recalled_rows_hold(hold boolean) returns boolean language plpgsql volatile as $$
begin
  if hold is not true then
    raise exception 'a row read from memory has changed' using errcode = 'MH001';
  end if;
  return true;
end $$;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop function recalled_rows_hold(boolean);`);
  }
}
