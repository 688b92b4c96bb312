import { randomUUID } from 'node:crypto';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import type { JournalEntryFilter } from './dto/finance.inputs';
import { deferWrite, record } from '../../kernel/unit-of-work/transaction';
import { dec, type Decimal } from '../../kernel/common/quantity';
import { nextCode, nextCodeSql } from '../../kernel/db/codes';
import type { Item } from '../catalog/item.entity';
import { JournalEntry, JournalSource } from './journal-entry.entity';
import { FinanceEvent } from './finance.events';

export interface Valuation {
  source: JournalSource;
  item: Pick<Item, 'id' | 'sku' | 'standardCost'>;
  qty: string;
  memo: string;
  /** The cost per unit when it is not the item's standard cost (scrap at the cost it had reached). */
  unitCost?: string;
  stockMoveId?: string;
  workOrderId?: string;
}

/** A journal entry with its amount and accounts given: costs, variances, adjustments, reversals. */
export interface Posting {
  source: JournalSource;
  /** Signed: a negative amount books the same accounts the other way round. */
  amount: Decimal.Value;
  debit: string;
  credit: string;
  item: Pick<Item, 'id' | 'sku'>;
  qty: string;
  memo: string;
  stockMoveId?: string;
  workOrderId?: string;
  reversesEntryId?: string;
  varianceKind?: string;
}

type Accounts = TxCtx['runtime']['accounts'];

/**
 * Which account is debited and which credited for each kind of fact:
 * a receipt puts stock in against goods received not invoiced, an issue moves value from stock into
 * work in progress (a return moves it back), a completion from work in progress back into (finished)
 * stock, and scrap writes work in progress off to the scrap expense; labour and machine time are
 * absorbed into work in progress; a shipment takes finished stock out to the cost of goods sold; a
 * variance clears what is left in work in progress; stock found at a count comes in against adjustments.
 * Quality's dispositions: stock scrapped goes from inventory to the scrap expense, stock returned to its
 * supplier from inventory back against goods received not invoiced. Spare parts used on maintenance
 * go from inventory to the maintenance expense.
 */
export function postingFor(source: JournalSource, a: Accounts): { debit: string; credit: string } {
  switch (source) {
    case JournalSource.RECEIPT:
      return { debit: a.inventory, credit: a.grni };
    case JournalSource.ISSUE:
      return { debit: a.wip, credit: a.inventory };
    case JournalSource.RETURN:
      return { debit: a.inventory, credit: a.wip };
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
    case JournalSource.LABOUR:
      return { debit: a.wip, credit: a.labour };
    case JournalSource.MACHINE:
      return { debit: a.wip, credit: a.machine };
    case JournalSource.VARIANCE:
      return { debit: a.variance, credit: a.wip };
    case JournalSource.ADJUSTMENT:
      return { debit: a.inventory, credit: a.adjustment };
    case JournalSource.MAINTENANCE:
      return { debit: a.maintenance, credit: a.inventory };
  }
}

/**
 * Books a balanced journal entry for a stock fact at the item's standard cost (or the unit cost given),
 * in the fact's own transaction. Items without a cost book nothing.
 */
export async function bookValuation(tx: TxCtx, v: Valuation): Promise<JournalEntry | null> {
  const amount = dec(v.qty).mul(v.unitCost ?? v.item.standardCost);
  return bookEntry(tx, { ...postingFor(v.source, tx.runtime.accounts), ...v, amount });
}

/**
 * bookValuation for a caller that needs nothing of the entry (a stock move): its code is drawn by the
 * commit statement, as the entry is written, and its event takes it from there — a statement less.
 */
export function bookValuationInCommit(tx: TxCtx, v: Valuation): void {
  const amount = dec(v.qty).mul(v.unitCost ?? v.item.standardCost);
  book(tx, { ...postingFor(v.source, tx.runtime.accounts), ...v, amount }, null);
}

/**
 * Books a balanced journal entry and records the JournalEntryPosted event that carries it to finance
 * systems. The amount is rounded to cents; zero books nothing. The code is drawn now (the event carries
 * it); the rows go with the commit statement (`deferWrite`).
 */
export async function bookEntry(tx: TxCtx, p: Posting): Promise<JournalEntry | null> {
  if (dec(p.amount).toDecimalPlaces(2).isZero()) return null;
  const booked = book(tx, p, await nextCode(tx.em, 'journal_entry_code_seq', 'JE'));
  return booked && tx.em.create(JournalEntry, booked, { persist: false });
}

/**
 * Writes the entry (with the commit statement) and records its event; a null code is drawn by that
 * statement. Returns the entry's fields, not an entity: a receipt needs none, and the ORM's entity
 * factory showed in the CPU profile of receipts.
 */
function book(tx: TxCtx, p: Posting, code: string | null) {
  const signed = dec(p.amount).toDecimalPlaces(2);
  if (signed.isZero()) return null;
  const amount = signed.abs();
  const [debit, credit] = signed.isNegative() ? [p.credit, p.debit] : [p.debit, p.credit];
  const entry = {
    id: randomUUID(),
    code: code ?? '',
    postingDate: new Date().toISOString().slice(0, 10),
    source: p.source,
    memo: p.memo,
    currency: tx.runtime.currency,
    amount: amount.toFixed(2),
    itemId: p.item.id,
    qty: dec(p.qty).toFixed(),
    stockMoveId: p.stockMoveId,
    workOrderId: p.workOrderId,
    reversesEntryId: p.reversesEntryId,
    varianceKind: p.varianceKind,
  };
  const lines = [
    { lineNo: 1, account: debit, debit: amount.toFixed(2), credit: '0' },
    { lineNo: 2, account: credit, debit: '0', credit: amount.toFixed(2) },
  ];
  const drawn = code === null ? nextCodeSql('journal_entry_code_seq', 'JE') : { sql: '?', values: [code] };
  const written = deferWrite(tx, {
    sql: `insert into journal_entry (id, created_at, updated_at, code, posting_date, source, memo, currency, amount, item_id, qty,
            stock_move_id, work_order_id, reverses_entry_id, variance_kind)
          values (?, now(), now(), ${drawn.sql}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${code === null ? ' returning code' : ''}`,
    values: [
      entry.id,
      ...drawn.values,
      entry.postingDate,
      entry.source,
      entry.memo,
      entry.currency,
      entry.amount,
      entry.itemId,
      entry.qty,
      entry.stockMoveId ?? null,
      entry.workOrderId ?? null,
      entry.reversesEntryId ?? null,
      entry.varianceKind ?? null,
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
      ...(code === null ? {} : { code }),
      postingDate: entry.postingDate,
      source: entry.source,
      memo: entry.memo,
      currency: entry.currency,
      amount: entry.amount,
      itemId: p.item.id,
      sku: p.item.sku,
      qty: entry.qty,
      stockMoveId: p.stockMoveId ?? null,
      workOrderId: p.workOrderId ?? null,
      reversesEntryId: p.reversesEntryId ?? null,
      varianceKind: p.varianceKind ?? null,
      lines,
    },
    ...(code === null ? { dataFromSql: { code: `select to_jsonb(code) from ${written}` } } : {}),
  });
  return entry;
}

/**
 * Books the opposite of every entry a stock move booked (a correction: the original stays, its
 * reversal sits beside it, linked). The lines are read as they were stored, so the reversal takes off
 * exactly what went on, whatever the standard cost is now.
 */
/** Books the opposite of one entry (a reversed scrap scan), linked to it. */
export async function reverseEntry(tx: TxCtx, entryId: string, memo: string): Promise<void> {
  const e = await tx.em.findOneOrFail(JournalEntry, entryId, { populate: ['lines'] });
  await bookOpposite(tx, e, { id: e.itemId, sku: await skuOf(tx, e.itemId) }, memo, e.stockMoveId);
}

const skuOf = async (tx: TxCtx, itemId: string) =>
  (await tx.em.execute<{ sku: string }[]>('select sku from item where id = ?', [itemId]))[0]?.sku ?? '';

async function bookOpposite(tx: TxCtx, e: JournalEntry, item: Pick<Item, 'id' | 'sku'>, memo: string, stockMoveId?: string) {
  const [debitLine, creditLine] = [...e.lines].sort((a, b) => a.lineNo - b.lineNo);
  await bookEntry(tx, {
    source: e.source,
    amount: e.amount,
    debit: creditLine.account,
    credit: debitLine.account,
    item,
    qty: dec(e.qty).neg().toFixed(),
    memo: `reversal of ${e.code}: ${memo}`,
    stockMoveId,
    workOrderId: e.workOrderId,
    reversesEntryId: e.id,
    varianceKind: e.varianceKind,
  });
}

export async function reverseEntriesOfMove(
  tx: TxCtx,
  r: { stockMoveId: string; newMoveId: string; memo: string; item: Pick<Item, 'id' | 'sku'> },
): Promise<void> {
  const entries = await tx.em.find(JournalEntry, { stockMoveId: r.stockMoveId }, { populate: ['lines'], orderBy: { code: 'asc' } });
  for (const e of entries) await bookOpposite(tx, e, r.item, r.memo, r.newMoveId);
}

/** Journal entries, oldest first, by what booked them. */
export function listJournalEntries(ctx: Ctx, filter: JournalEntryFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.source) where.source = filter.source;
  if (filter?.workOrderId) where.workOrderId = filter.workOrderId;
  if (filter?.stockMoveId) where.stockMoveId = filter.stockMoveId;
  return paginate(ctx.em, JournalEntry, where, page, { code: 'asc', id: 'asc' });
}
