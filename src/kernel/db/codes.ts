import type { EntityManager } from './orm';

/** Next human code from a database sequence: WO-000123. Sequences never hand out a number twice. */
export async function nextCode(
  em: EntityManager,
  sequence:
    | 'work_order_code_seq'
    | 'sales_order_code_seq'
    | 'journal_entry_code_seq'
    | 'supplier_commitment_code_seq'
    | 'delivery_note_code_seq'
    | 'cycle_count_code_seq'
    | 'maintenance_order_code_seq',
  prefix: string,
) {
  const [row] = await em.execute<{ n: string | number }[]>(`select nextval('${sequence}') as n`);
  return `${prefix}-${String(row.n).padStart(6, '0')}`;
}
