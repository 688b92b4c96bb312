import type { CodeKind } from '../../kernel/codes/code-book';

/** `WO-000123/20`: the work order's code and the operation's sequence, as printed on the traveller. */
export function splitOperationCode(text: string): { workOrder: string; sequence: number } | null {
  const m = /^(.+?)\s*\/\s*(\d{1,6})$/.exec(text);
  return m ? { workOrder: m[1], sequence: Number(m[2]) } : null;
}

export const operationCode: CodeKind = {
  kind: 'operation',
  what: 'operation',
  example: 'WO-000123/20 (work order / sequence)',
  find: (em, scan) => {
    const parts = scan.gs1 ? null : splitOperationCode(scan.text);
    if (!parts) return Promise.resolve([]);
    return em.execute(
      `select o.id, w.code || '/' || o.sequence as label from work_order_operation o join work_order w on w.id = o.work_order_id
       where w.code = ? and o.sequence = ?`,
      [parts.workOrder, parts.sequence],
    );
  },
};

/** A work order by its code; an operation's code names its work order too. */
export const workOrderCode: CodeKind = {
  kind: 'workOrder',
  what: 'work order',
  example: 'WO-000123',
  find: (em, scan) => {
    if (scan.gs1) return Promise.resolve([]);
    const code = splitOperationCode(scan.text)?.workOrder ?? scan.text;
    return em.execute('select id, code as label from work_order where code = ?', [code]);
  },
};
