import { randomUUID } from 'node:crypto';
import type { TxCtx } from '../../kernel/unit-of-work/context';
import { beforeWriteNow, deferWrite, record } from '../../kernel/unit-of-work/transaction';
import type { SqlWrite } from '../../kernel/db/sql-write';
import { DomainError, ErrorCode, badInput } from '../../kernel/common/errors';
import { dec, positiveQty, qtyString, type Decimal } from '../../kernel/common/quantity';
import { bookValuationInCommit } from '../finance/journal.service';
import { JournalSource } from '../finance/journal-entry.entity';
import { Item, ItemTracking } from '../catalog/item.entity';
import { checkSerialMove } from './serials';
import { Location } from './location.entity';
import { Lot, LotStatus } from './lot.entity';
import { StockMove, StockMoveReason } from './stock-move.entity';
import { InventoryEvent } from './inventory.events';
import { heldLotError } from './lot-hold.service';

/** What a move needs to know of the item, the locations and the lot: entities, or rows read on a hot path. */
export type StockItem = Pick<Item, 'id' | 'sku' | 'unit' | 'tracking' | 'standardCost'>;
export type StockLocation = Pick<Location, 'id' | 'code' | 'virtual'>;
export type StockLot = Pick<Lot, 'id' | 'code' | 'status'> & { item: { id: string } };

export interface MoveRequest {
  item: StockItem;
  from: StockLocation;
  to: StockLocation;
  qty: string;
  lot?: StockLot;
  reason: StockMoveReason;
  workOrderId?: string;
  /** The supplier commitment a receipt is made against: purchasing reverses such a receipt, with its commitment. */
  commitmentId?: string;
  reference?: string;
  idempotencyKey?: string;
  idempotencyFingerprint?: string;
  /** Extra facts for the StockMoved event (a work order code, a sales order id, …). */
  context?: Record<string, unknown>;
  /** Valued at this cost per unit instead of the item's standard cost (a return at the cost it was issued at). */
  unitCost?: string;
  /** The caller books the journal itself (corrections reverse the original lines; adjustments sign theirs). */
  unbooked?: boolean;
  /** The move this one reverses. */
  reversesMoveId?: string;
  /** Why, in words (a correction's or an adjustment's reason). */
  note?: string;
  /**
   * The transaction reads and moves no stock after this move (a receipt): from a virtual source, whose
   * balance may go negative and so cannot refuse, the balances are written with the commit statement.
   * Their rows are then locked for that statement and the commit only, not for a round trip more.
   */
  balancesLast?: boolean;
}

/** The moves finance books (transfers between our own locations change no value). */
const VALUED: Partial<Record<StockMoveReason, JournalSource>> = {
  [StockMoveReason.RECEIPT]: JournalSource.RECEIPT,
  [StockMoveReason.ISSUE]: JournalSource.ISSUE,
  [StockMoveReason.COMPLETION]: JournalSource.COMPLETION,
  [StockMoveReason.SHIPMENT]: JournalSource.SHIPMENT,
  [StockMoveReason.RETURN]: JournalSource.RETURN,
  [StockMoveReason.SCRAP]: JournalSource.STOCK_SCRAP,
  [StockMoveReason.RETURN_TO_SUPPLIER]: JournalSource.SUPPLIER_RETURN,
  [StockMoveReason.MAINTENANCE]: JournalSource.MAINTENANCE,
};

/**
 * What a lot on hold may not do: be used, moved or shipped. Scrapping it, returning it to its supplier
 * or adjusting a count stays possible: those are how a hold is resolved.
 */
const BLOCKED_ON_HOLD: ReadonlyMap<StockMoveReason, string> = new Map([
  [StockMoveReason.ISSUE, 'issued'],
  [StockMoveReason.MAINTENANCE, 'used on maintenance'],
  [StockMoveReason.SHIPMENT, 'shipped'],
  [StockMoveReason.TRANSFER, 'moved'],
]);

/**
 * The one way stock changes: appends a ledger line and updates both balances in the same transaction.
 * Both balances change in a single upsert whose update is conditional, so concurrent moves never lose
 * an update and a physical location never goes below zero; the losing move fails with
 * INSUFFICIENT_STOCK and the whole transaction rolls back. Balances are touched in a fixed order so two
 * opposite moves cannot deadlock, and as late as possible (they stay locked until commit): the ledger
 * line goes with the commit statement (`deferWrite`), after the journal entry has its code, and with
 * `balancesLast` the balances of a move that cannot be refused go there too.
 */
export async function moveStock(tx: TxCtx, req: MoveRequest): Promise<StockMove> {
  const qty = positiveQty(req.qty);
  if (req.from.id === req.to.id) throw badInput('toLocationId', 'the source and destination are the same location');
  if (req.item.tracking !== ItemTracking.NONE && !req.lot) {
    throw badInput('lot', `${req.item.sku} is tracked by ${req.item.tracking.toLowerCase()}: say which lot`);
  }
  if (req.lot) {
    if (req.lot.item.id !== req.item.id) throw badInput('lot', `lot ${req.lot.code} is not a lot of ${req.item.sku}`);
    const blocked = BLOCKED_ON_HOLD.get(req.reason);
    if (req.lot.status === LotStatus.ON_HOLD && blocked) throw await heldLotError(tx.em, req.lot, blocked);
    await checkSerialMove(tx, req, qty);
  }
  const moveId = randomUUID();
  const source = req.unbooked ? undefined : VALUED[req.reason];
  if (source) {
    bookValuationInCommit(tx, {
      source,
      item: req.item,
      qty: qty.toFixed(),
      unitCost: req.unitCost,
      memo: `${req.reason.toLowerCase()} of ${qty.toFixed()} ${req.item.unit} ${req.item.sku}${req.reference ? ` (${req.reference})` : ''}`,
      stockMoveId: moveId,
      workOrderId: req.workOrderId,
    });
  }
  // A move that cannot be refused and is the transaction's last leaves its balances to the commit
  // statement, and its event takes them from what that upsert returns.
  const deferred = req.balancesLast === true && req.from.virtual;
  const balances = deferred ? undefined : await changeBalances(tx, req, qty);
  const upserted = deferred ? deferWrite(tx, { ...balanceUpsert(req, qty).write, locks: true }) : undefined;

  const move = {
    id: moveId,
    item: req.item.id,
    lot: req.lot?.id,
    fromLocation: req.from.id,
    toLocation: req.to.id,
    qty: qty.toFixed(),
    reason: req.reason,
    workOrderId: req.workOrderId,
    commitmentId: req.commitmentId,
    reference: req.reference,
    idempotencyKey: req.idempotencyKey,
    idempotencyFingerprint: req.idempotencyKey ? req.idempotencyFingerprint : undefined,
    actor: tx.actor?.subject,
    reversesMoveId: req.reversesMoveId,
    note: req.note,
  };
  deferWrite(tx, {
    sql: `insert into stock_move (id, created_at, updated_at, item_id, lot_id, from_location_id, to_location_id, qty, reason,
            work_order_id, commitment_id, reference, idempotency_key, idempotency_fingerprint, actor, reverses_move_id, note)
          values (?, now(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    values: [
      move.id,
      move.item,
      move.lot ?? null,
      move.fromLocation,
      move.toLocation,
      move.qty,
      move.reason,
      move.workOrderId ?? null,
      move.commitmentId ?? null,
      move.reference ?? null,
      move.idempotencyKey ?? null,
      move.idempotencyFingerprint ?? null,
      move.actor ?? null,
      move.reversesMoveId ?? null,
      move.note ?? null,
    ],
  });
  record(tx, {
    type: InventoryEvent.StockMoved,
    aggregateType: 'Item',
    aggregateId: req.item.id,
    data: {
      moveId,
      itemId: req.item.id,
      sku: req.item.sku,
      lotId: req.lot?.id ?? null,
      lotCode: req.lot?.code ?? null,
      fromLocationId: req.from.id,
      toLocationId: req.to.id,
      qty: qty.toFixed(),
      reason: req.reason,
      workOrderId: req.workOrderId ?? null,
      reversesMoveId: req.reversesMoveId ?? null,
      note: req.note ?? null,
      ...(balances ? { balances } : {}),
      ...req.context,
    },
    ...(upserted ? { dataFromSql: { balances: balancesAfter(upserted) } } : {}),
  });
  // What the caller returns: the line as it will be stored (it is written with the commit statement).
  return tx.em.create(StockMove, move, { persist: false });
}

/**
 * The one statement that adds a move to both balances, creating a balance row the first time. The
 * update is conditional: a physical location's balance that would go negative is left alone and not
 * returned. Rows in location order, so two opposite moves cannot deadlock.
 */
function balanceUpsert(req: MoveRequest, qty: Decimal) {
  const lotKey = req.lot?.id ?? '';
  const sides = [
    { location: req.from, delta: qty.neg() },
    { location: req.to, delta: qty },
  ].sort((a, b) => (a.location.id < b.location.id ? -1 : 1));
  const write: SqlWrite = {
    sql: `insert into stock_balance as b (id, created_at, updated_at, item_id, location_id, lot_id, lot_key, qty)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?::numeric), (gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?::numeric)
     on conflict (item_id, location_id, lot_key) do update set qty = b.qty + excluded.qty, updated_at = now()
       where excluded.qty >= 0 or b.qty + excluded.qty >= 0 or ?
     returning b.location_id, b.qty`,
    values: [
      ...sides.flatMap((s) => [req.item.id, s.location.id, req.lot?.id ?? null, lotKey, s.delta.toFixed()]),
      // Only the source side goes down; a virtual source mirrors what left it and may go negative.
      req.from.virtual,
    ],
  };
  return { sides, write };
}

/** The event's `balances` from a deferred upsert: the same shape and text as changeBalances gives (trim_scale: no trailing zeros). */
const balancesAfter = (upsert: string) =>
  `select jsonb_agg(jsonb_build_object('locationId', location_id, 'qty', trim_scale(qty)::text) order by location_id) from ${upsert}`;

/** Adds the move to both balances (balanceUpsert) and returns both balances after it, in location order. */
async function changeBalances(tx: TxCtx, req: MoveRequest, qty: Decimal): Promise<{ locationId: string; qty: string }[]> {
  const { sides, write } = balanceUpsert(req, qty);
  beforeWriteNow(tx);
  const rows = await tx.em.execute<{ location_id: string; qty: string }[]>(write.sql, write.values);
  const after: { locationId: string; qty: string }[] = [];
  for (const { location } of sides) {
    const row = rows.find((r) => r.location_id === location.id);
    // Not updated, or new and so below zero: the source has less than the move takes (the transaction rolls back).
    if (!row || (!location.virtual && dec(row.qty).isNegative())) throw await insufficient(tx, req, location, qty, !row);
    after.push({ locationId: location.id, qty: qtyString(row.qty) });
  }
  return after;
}

async function insufficient(tx: TxCtx, req: MoveRequest, at: StockLocation, qty: Decimal, existed: boolean): Promise<DomainError> {
  const [row] = existed
    ? await tx.em.execute<{ qty: string }[]>('select qty from stock_balance where item_id = ? and location_id = ? and lot_key = ?', [
        req.item.id,
        at.id,
        req.lot?.id ?? '',
      ])
    : [];
  const have = qtyString(row?.qty ?? 0);
  return new DomainError(
    ErrorCode.INSUFFICIENT_STOCK,
    `Not enough ${req.item.sku}${req.lot ? ` (lot ${req.lot.code})` : ''} at ${at.code}: ` +
      `${have} ${req.item.unit} on hand, ${qty.toFixed()} needed`,
    { itemId: req.item.id, locationId: at.id, available: have, requested: qty.toFixed() },
  );
}

/** The lot of an item with this code, created if it does not exist yet. */
export async function findOrCreateLot(tx: TxCtx, item: Pick<Item, 'id'>, code: string): Promise<Lot> {
  // Inserted at once (not at flush): the balance rows written next refer to it.
  beforeWriteNow(tx);
  await tx.em.execute(
    `insert into lot (id, created_at, updated_at, item_id, code, status)
     values (gen_random_uuid(), now(), now(), ?, ?, 'AVAILABLE') on conflict (item_id, code) do nothing`,
    [item.id, code],
  );
  return tx.em.findOneOrFail(Lot, { item: item.id, code });
}

export async function systemLocation(
  tx: TxCtx,
  code: 'VIRT-SUPPLIER' | 'VIRT-CUSTOMER' | 'VIRT-PRODUCTION' | 'VIRT-SCRAP' | 'VIRT-ADJUSTMENT' | 'VIRT-MAINTENANCE',
) {
  return tx.em.findOneOrFail(Location, { code });
}
