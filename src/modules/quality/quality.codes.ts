import type { EntityManager } from '../../kernel/db/orm';

/** Quality's human codes, from its own sequences (created in its migration). */
export async function nextQualityCode(em: EntityManager, sequence: 'nonconformance_code_seq' | 'inspection_task_code_seq', prefix: string) {
  const [row] = await em.execute<{ n: string | number }[]>(`select nextval('${sequence}') as n`);
  return `${prefix}-${String(row.n).padStart(6, '0')}`;
}
