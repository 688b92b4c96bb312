import { randomUUID } from 'node:crypto';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import type { JournalEntryFilter } from './dto/finance.inputs';
import { deferWrite, record } from '../../kernel/unit-of-work/transaction';
import { dec } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/db/codes';
import type { Item } from '../catalog/item.entity';
import { JournalEntry, JournalSource } from './journal-entry.entity';
import { FinanceEvent } from './finance.events';

export interface Valuation {
  source: JournalSource;
  item: Pick<Item, 'id' | 'sku' | 'standardCost'>;
  qty: string;
  memo: string;
  stockMoveId?: string;
  workOrderId?: string;
}

/**
 * Which account is debited and which credited for each kind of fact (at standard cost):
 * a receipt puts stock in against goods received not invoiced, an issue moves value from stock into
 * work in progress, a completion from work in progress back into (finished) stock, and scrap writes
 * work in progress off to the scrap expense; a shipment takes finished stock out to the cost of goods sold.
 * Quality's dispositions: stock scrapped goes from inventory to the scrap expense, stock returned to its
 * supplier from inventory back against goods received not invoiced.
 */
function postingFor(source: JournalSource, a: TxCtx['runtime']['accounts']): { debit: string; credit: string } {
  switch (source) {
    case JournalSource.RECEIPT:
      return { debit: a.inventory, credit: a.grni };
    case JournalSource.ISSUE:
      return { debit: a.wip, credit: a.inventory };
    case JournalSource.COMPLETION:
      return { debit: a.inventory, credit: a.wip };
    case JournalSource.SCRAP:
      return { debit: a.scrap, credit: a.wip };
    case JournalSource.STOCK_SCRAP:
      return { debit: a.scrap, credit: a.inventory };
    case JournalSource.SUPPLIER_RETURN:
      return { debit: a.grni, credit: a.inventory };
    case JournalSource.SHIPMENT:
      return { debit: a.cogs, credit: a.inventory };
  }
}

/**
 * Books a balanced journal entry for a stock fact, in the fact's own transaction, and records the
 * JournalEntryPosted event that carries it to finance systems. Items without a standard cost book nothing.
 * The code is drawn now (the event carries it); the rows go with the commit statement (`deferWrite`).
 */
export async function bookValuation(tx: TxCtx, v: Valuation): Promise<JournalEntry | null> {
  const amount = dec(v.qty).mul(v.item.standardCost).toDecimalPlaces(2);
  if (amount.isZero()) return null;
  const { debit, credit } = postingFor(v.source, tx.runtime.accounts);
  const entry = tx.em.create(
    JournalEntry,
    {
      id: randomUUID(),
      code: await nextCode(tx.em, 'journal_entry_code_seq', 'JE'),
      postingDate: new Date().toISOString().slice(0, 10),
      source: v.source,
      memo: v.memo,
      currency: tx.runtime.currency,
      amount: amount.toFixed(2),
      itemId: v.item.id,
      qty: dec(v.qty).toFixed(),
      stockMoveId: v.stockMoveId,
      workOrderId: v.workOrderId,
    },
    { persist: false },
  );
  const lines = [
    { lineNo: 1, account: debit, debit: amount.toFixed(2), credit: '0' },
    { lineNo: 2, account: credit, debit: '0', credit: amount.toFixed(2) },
  ];
  deferWrite(tx, {
    sql: `insert into journal_entry (id, created_at, updated_at, code, posting_date, source, memo, currency, amount, item_id, qty,
            stock_move_id, work_order_id)
          values (?, now(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    values: [
      entry.id,
      entry.code,
      entry.postingDate,
      entry.source,
      entry.memo,
      entry.currency,
      entry.amount,
      entry.itemId,
      entry.qty,
      entry.stockMoveId ?? null,
      entry.workOrderId ?? null,
    ],
  });
  deferWrite(tx, {
    sql: `insert into journal_line (id, created_at, updated_at, entry_id, line_no, account, debit, credit)
          values ${lines.map(() => '(gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?)').join(', ')}`,
    values: lines.flatMap((l) => [entry.id, l.lineNo, l.account, l.debit, l.credit]),
  });
  record(tx, {
    type: FinanceEvent.JournalEntryPosted,
    aggregateType: 'JournalEntry',
    aggregateId: entry.id,
    data: {
      journalEntryId: entry.id,
      code: entry.code,
      postingDate: entry.postingDate,
      source: entry.source,
      memo: entry.memo,
      currency: entry.currency,
      amount: entry.amount,
      itemId: v.item.id,
      sku: v.item.sku,
      qty: entry.qty,
      stockMoveId: v.stockMoveId ?? null,
      workOrderId: v.workOrderId ?? null,
      lines,
    },
  });
  return entry;
}

/** Journal entries, oldest first, by what booked them. */
export function listJournalEntries(ctx: Ctx, filter: JournalEntryFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.source) where.source = filter.source;
  if (filter?.workOrderId) where.workOrderId = filter.workOrderId;
  if (filter?.stockMoveId) where.stockMoveId = filter.stockMoveId;
  return paginate(ctx.em, JournalEntry, where, page, { code: 'asc', id: 'asc' });
}
