import { PermanentDeliveryError, textOf, type OutboundEvent } from '../../src/contract/adapter';
import type { OdooClient } from './odoo-client';

type Many2one = [number, string] | false;

const first = <T>(rows: T[], what: string): T => {
  if (!rows.length) throw new PermanentDeliveryError(`Odoo has no ${what}`);
  return rows[0];
};

/**
 * A completed work order becomes a manufacturing order done in Odoo: created from the product's BOM (Odoo
 * explodes it into component and finished moves), confirmed, its quantities set, then marked done. The
 * work order code is the order's `origin`, so a re-sent delivery finds the order it made and carries on
 * from the state it reached instead of making another.
 */
export async function pushProduction(odoo: OdooClient, event: OutboundEvent): Promise<string> {
  const code = textOf(event.data.code);
  const sku = textOf(event.data.sku);
  const qty = Number(event.data.qtyCompleted);
  const existing = await odoo.call<{ id: number; state: string }[]>('mrp.production', 'search_read', {
    domain: [['origin', '=', code]],
    fields: ['state'],
    limit: 1,
  });
  if (existing[0]?.state === 'done') return `manufacturing order ${existing[0].id} already done`;
  if (existing[0]?.state === 'cancel') throw new PermanentDeliveryError(`the manufacturing order for ${code} is cancelled in Odoo`);
  let id = existing[0]?.id;
  if (!id) {
    if (!(qty > 0)) return 'nothing completed; no manufacturing order';
    const product = first(
      await odoo.call<{ id: number; product_tmpl_id: Many2one; uom_id: Many2one }[]>('product.product', 'search_read', {
        domain: [['default_code', '=', sku]],
        fields: ['product_tmpl_id', 'uom_id'],
        limit: 1,
      }),
      `product with internal reference ${sku}`,
    );
    const boms = await odoo.call<{ id: number }[]>('mrp.bom', 'search_read', {
      domain: [
        '|',
        ['product_id', '=', product.id],
        '&',
        ['product_id', '=', false],
        ['product_tmpl_id', '=', product.product_tmpl_id ? product.product_tmpl_id[0] : 0],
      ],
      fields: ['id'],
      limit: 1,
      order: 'sequence asc, id asc',
    });
    const [created] = await odoo.call<number[]>('mrp.production', 'create', {
      vals_list: [
        {
          product_id: product.id,
          product_qty: qty,
          product_uom_id: product.uom_id ? product.uom_id[0] : false,
          bom_id: boms[0]?.id ?? false,
          origin: code,
        },
      ],
    });
    id = created;
  }
  let [mo] = await odoo.call<{ state: string; move_raw_ids: number[]; product_qty: number }[]>('mrp.production', 'read', {
    ids: [id],
    fields: ['state', 'move_raw_ids', 'product_qty'],
  });
  if (mo.state === 'draft') {
    await odoo.call('mrp.production', 'action_confirm', { ids: [id] });
    [mo] = await odoo.call<(typeof mo)[]>('mrp.production', 'read', { ids: [id], fields: ['state', 'move_raw_ids', 'product_qty'] });
  }
  // What was produced, and the components as planned: the hub books actual issues on its own side. From
  // Odoo 17 a move's done quantity is `quantity` with `picked` (before: `quantity_done`, and `qty_done`
  // on move lines).
  await odoo.call('mrp.production', 'write', { ids: [id], vals: { qty_producing: mo.product_qty } });
  if (mo.move_raw_ids.length) {
    const moves = await odoo.call<{ id: number; product_uom_qty: number }[]>('stock.move', 'read', {
      ids: mo.move_raw_ids,
      fields: ['product_uom_qty'],
    });
    for (const m of moves) await odoo.call('stock.move', 'write', { ids: [m.id], vals: { quantity: m.product_uom_qty, picked: true } });
  }
  // Marking done may answer a wizard (backorder, consumption warning) instead of finishing; the context
  // keys below are how Odoo's own wizards say "go ahead", so the order is done in one call.
  const answer = await odoo.call<unknown>('mrp.production', 'button_mark_done', {
    ids: [id],
    context: { skip_backorder: true, skip_consumption: true },
  });
  if (answer && typeof answer === 'object') {
    throw new PermanentDeliveryError(`Odoo answered marking ${code} done with a wizard: ${JSON.stringify(answer).slice(0, 200)}`);
  }
  return `manufacturing order ${id} done`;
}

interface JournalData {
  code: string;
  memo: string;
  postingDate: string;
  lines: { account: string; debit: string; credit: string }[];
}

/**
 * A journal entry becomes a posted miscellaneous journal entry (`account.move` of type `entry`). Its
 * `ref` is the hub's entry code, which is how a re-sent delivery recognises the move it made.
 */
export async function pushJournalEntry(
  odoo: OdooClient,
  event: OutboundEvent,
  settings: { accounts: Record<string, string>; journalCode?: string },
): Promise<string> {
  const d = event.data as unknown as JournalData;
  const existing = await odoo.call<{ id: number; state: string }[]>('account.move', 'search_read', {
    domain: [
      ['ref', '=', d.code],
      ['move_type', '=', 'entry'],
    ],
    fields: ['state'],
    limit: 1,
  });
  if (existing[0]?.state === 'posted') return `journal entry ${existing[0].id} already posted`;
  let id = existing[0]?.id;
  if (!id) {
    const journal = first(
      await odoo.call<{ id: number }[]>('account.journal', 'search_read', {
        domain: settings.journalCode ? [['code', '=', settings.journalCode]] : [['type', '=', 'general']],
        fields: ['id'],
        limit: 1,
      }),
      settings.journalCode ? `journal ${settings.journalCode}` : 'miscellaneous (general) journal',
    );
    const lines = [];
    for (const l of d.lines) {
      const code = settings.accounts[l.account] ?? l.account;
      const account = first(
        await odoo.call<{ id: number }[]>('account.account', 'search_read', { domain: [['code', '=', code]], fields: ['id'], limit: 1 }),
        `account ${code} for the hub's ${l.account}; map it in options.accounts`,
      );
      // Command.create: [0, 0, values].
      lines.push([0, 0, { account_id: account.id, name: d.memo || d.code, debit: Number(l.debit), credit: Number(l.credit) }]);
    }
    [id] = await odoo.call<number[]>('account.move', 'create', {
      vals_list: [{ move_type: 'entry', ref: d.code, date: d.postingDate, journal_id: journal.id, line_ids: lines }],
    });
  }
  await odoo.call('account.move', 'action_post', { ids: [id] });
  return `journal entry ${id} posted`;
}
