import type { EntityManager } from './orm';

type CodeSequence =
  | 'work_order_code_seq'
  | 'sales_order_code_seq'
  | 'journal_entry_code_seq'
  | 'supplier_commitment_code_seq'
  | 'delivery_note_code_seq'
  | 'cycle_count_code_seq'
  | 'maintenance_order_code_seq';

/** Next human code from a database sequence: WO-000123. Sequences never hand out a number twice. */
export async function nextCode(em: EntityManager, sequence: CodeSequence, prefix: string) {
  const [row] = await em.execute<{ n: string | number }[]>(`select nextval('${sequence}') as n`);
  return `${prefix}-${String(row.n).padStart(6, '0')}`;
}

/**
 * The same code drawn inside another statement, as a value of an insert (its one `?` is the prefix):
 * for a code nothing needs before the commit statement, which saves a round trip of its own.
 */
export function nextCodeSql(sequence: CodeSequence, prefix: string): { sql: string; values: unknown[] } {
  return {
    sql: `(select ?::text || '-' || lpad(n::text, greatest(6, length(n::text)), '0') from nextval('${sequence}') as n)`,
    values: [prefix],
  };
}
