import type { CodeKind } from '../../kernel/codes/code-book';

export const salesOrderCode: CodeKind = {
  kind: 'salesOrder',
  what: 'sales order',
  example: 'SO-000042',
  find: (em, scan) =>
    scan.gs1 ? Promise.resolve([]) : em.execute('select id, code as label from sales_order where code = ?', [scan.text]),
};
