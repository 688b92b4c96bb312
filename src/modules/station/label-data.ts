import type { Ctx } from '../../kernel/unit-of-work/context';
import { identify, type Resolved } from '../../kernel/codes/code-book';
import { gs1Printed } from '../../kernel/codes/scan-text';
import { DomainError, ErrorCode } from '../../kernel/common/errors';
import { dec } from '../../kernel/common/quantity';

/** What a label shows: the text its barcode carries, the code in large print, and a few lines for people. */
export interface Label {
  kind: LabelKind;
  /** What the barcode encodes: the code itself, or a lot's GS1 element string. */
  payload: string;
  code: string;
  lines: string[];
}

export const LABEL_KINDS = ['operation', 'workOrder', 'lot', 'location', 'item'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** When a code names several things (WO-000123/20 names an operation and its work order), the first kind here wins. */
const PRIORITY: readonly string[] = LABEL_KINDS;

/** The labels for a code; a work order's code gives its traveller: the order's label, then one per operation. */
export async function labelsFor(ctx: Ctx, code: string, kind?: string): Promise<Label[]> {
  const found = (await identify(ctx, code)).filter((r) => PRIORITY.includes(r.kind) && (!kind || r.kind === kind));
  if (!found.length) {
    throw new DomainError(ErrorCode.NOT_FOUND, `code: nothing to label has the code "${code}"${kind ? ` (as ${kind})` : ''}`, {
      field: 'code',
      value: code,
    });
  }
  const best = found.filter((r) => r.kind === found.sort(byPriority)[0].kind);
  if (best.length > 1) {
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `code: "${code}" names ${best.map((b) => b.label).join(', ')}; give the lot label's GS1 text`,
      {
        field: 'code',
        value: code,
      },
    );
  }
  const [r] = best;
  if (r.kind === 'workOrder') return traveller(ctx, r.id);
  return [await one(ctx, r)];
}

const byPriority = (a: Resolved, b: Resolved) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind);

async function one(ctx: Ctx, r: Resolved): Promise<Label> {
  const q = <T>(sql: string) => ctx.em.execute<T[]>(sql, [r.id]).then((rows) => rows[0]);
  switch (r.kind as LabelKind) {
    case 'operation': {
      const o = await q<{ code: string; seq: number; name: string; wc: string; wc_name: string; sku: string; qty: string }>(
        `select w.code || '/' || o.sequence as code, o.sequence as seq, o.name, c.code as wc, c.name as wc_name, i.sku, w.qty::text as qty
         from work_order_operation o join work_order w on w.id = o.work_order_id join work_center c on c.id = o.work_center_id
         join item i on i.id = w.item_id where o.id = ?`,
      );
      return {
        kind: 'operation',
        payload: o.code,
        code: o.code,
        lines: [`${o.seq} ${o.name}`, `${o.wc} ${o.wc_name}`, `${o.sku} × ${dec(o.qty).toFixed()}`],
      };
    }
    case 'lot': {
      const l = await q<{ code: string; sku: string; name: string; expires_on: string | null }>(
        `select l.code, i.sku, i.name, l.expires_on::text as expires_on from lot l join item i on i.id = l.item_id where l.id = ?`,
      );
      return {
        kind: 'lot',
        payload: gs1Printed([
          ['240', l.sku],
          ['10', l.code],
        ]),
        code: l.code,
        lines: [l.sku, l.name, ...(l.expires_on ? [`EXP ${l.expires_on}`] : [])],
      };
    }
    case 'location': {
      const l = await q<{ code: string; name: string; type: string }>('select code, name, type from location where id = ?');
      return { kind: 'location', payload: l.code, code: l.code, lines: [l.name, l.type] };
    }
    case 'item': {
      const i = await q<{ sku: string; name: string; unit: string }>('select sku, name, unit from item where id = ?');
      return { kind: 'item', payload: i.sku, code: i.sku, lines: [i.name, i.unit] };
    }
    default:
      throw new Error(`no label for ${r.kind}`);
  }
}

async function traveller(ctx: Ctx, workOrderId: string): Promise<Label[]> {
  const [w] = await ctx.em.execute<{ code: string; sku: string; name: string; qty: string; due: string }[]>(
    `select w.code, i.sku, i.name, w.qty::text as qty, w.due_date::text as due from work_order w join item i on i.id = w.item_id where w.id = ?`,
    [workOrderId],
  );
  const ops = await ctx.em.execute<{ id: string; label: string }[]>(
    `select o.id, w.code || '/' || o.sequence as label from work_order_operation o join work_order w on w.id = o.work_order_id
     where w.id = ? order by o.sequence`,
    [workOrderId],
  );
  const head: Label = {
    kind: 'workOrder',
    payload: w.code,
    code: w.code,
    lines: [w.sku, w.name, `× ${dec(w.qty).toFixed()} · due ${w.due}`],
  };
  const rest: Label[] = [];
  for (const o of ops) rest.push(await one(ctx, { kind: 'operation', ...o }));
  return [head, ...rest];
}
