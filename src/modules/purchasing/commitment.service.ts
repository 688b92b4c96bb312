import { LockMode } from '@mikro-orm/core';
import { partnerScope } from '../../kernel/auth/partner-scope';
import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput, forbidden, invalidState, notFound } from '../../kernel/common/errors';
import { getOrFail, isUuid } from '../../kernel/db/lookup';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { listSuppliedItems as listItemsOfSupplier } from '../catalog/catalog.queries';
import { dec, isoDate, positiveQty } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/db/codes';
import { Role } from '../../kernel/auth/permissions';
import { Item, ItemTracking } from '../catalog/item.entity';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { StockMove, StockMoveReason } from '../inventory/stock-move.entity';
import { lockMove, requireReason, reverseMove } from '../inventory/stock-correction.service';
import { findOrCreateLot, moveStock, systemLocation } from '../inventory/stock-ledger';
import { physicalLocation } from '../inventory/inventory.service';
import { ShippingNoticeLine, SupplierCommitment } from './supplier-commitment.entity';
import type {
  CommitmentFilter,
  ConfirmCommitmentInput,
  ReceiveCommitmentInput,
  RequestCommitmentInput,
  ReverseCommitmentReceiptInput,
  ShipCommitmentInput,
} from './dto/purchasing.inputs';
import { PurchasingEvent } from './purchasing.events';
import { assertMayTake, transition } from './commitment.states';

const today = () => new Date().toISOString().slice(0, 10);

function notInThePast(value: string, field: string): string {
  const day = isoDate(value, field);
  if (day < today()) throw badInput(field, `${day} is in the past`);
  return day;
}

/** The partner a supplier token acts for; internal callers act for any supplier. */
export const supplierScope = (ctx: Pick<Ctx, 'actor'>): string | undefined => partnerScope(ctx.actor, Role.supplier);

/**
 * Which supplier's data the caller may see: its own for a supplier token (asking for another is
 * FORBIDDEN), the one asked for — or every supplier — for an internal caller.
 */
export function scopedSupplier(
  ctx: Pick<Ctx, 'actor'>,
  asked: string | undefined | null,
  what = 'plan and commitments',
): string | undefined {
  if (asked && !isUuid(asked)) throw notFound('Supplier', asked);
  const own = supplierScope(ctx);
  if (own && asked && asked !== own) throw forbidden(`A supplier sees only its own ${what}`);
  return own ?? asked ?? undefined;
}

export function listCommitments(ctx: Ctx, filter: CommitmentFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  const supplier = scopedSupplier(ctx, filter?.supplierId);
  if (supplier) where.supplier = supplier;
  if (filter?.itemId) where.item = filter.itemId;
  if (filter?.states?.length) where.state = { $in: filter.states };
  return paginate(ctx.em, SupplierCommitment, where, page, { neededBy: 'asc', id: 'asc' });
}

/** One commitment; another supplier's is NOT_FOUND to a supplier, as if it did not exist. */
export async function getCommitment(ctx: Ctx, id: string): Promise<SupplierCommitment> {
  const c = await getOrFail(ctx.em, SupplierCommitment, id, 'Commitment');
  const own = supplierScope(ctx);
  if (own && c.supplier.id !== own) throw notFound('Commitment', id);
  return c;
}

/** The items a supplier supplies: its own for a supplier token. */
export const listSuppliedItems = (ctx: Ctx, supplierId: string | undefined, page: PageArgs) =>
  listItemsOfSupplier(ctx, scopedSupplier(ctx, supplierId), page);

/** Loads a commitment for a change, locked; a supplier asking for another supplier's gets NOT_FOUND. */
async function lockCommitment(tx: TxCtx, id: string): Promise<SupplierCommitment> {
  const c = await getOrFail(tx.em, SupplierCommitment, id, 'Commitment', { lock: LockMode.PESSIMISTIC_WRITE });
  const scope = supplierScope(tx);
  if (scope && c.supplier.id !== scope) throw notFound('Commitment', id);
  return c;
}

async function recordCommitment(
  tx: TxCtx,
  type: (typeof PurchasingEvent)[keyof typeof PurchasingEvent],
  c: SupplierCommitment,
  extra: Record<string, unknown> = {},
) {
  const item = await tx.em.findOneOrFail(Item, c.item.id);
  record(tx, {
    type,
    aggregateType: 'SupplierCommitment',
    aggregateId: c.id,
    data: {
      commitmentId: c.id,
      code: c.code,
      supplierId: c.supplier.id,
      itemId: item.id,
      sku: item.sku,
      state: c.state,
      qtyRequested: dec(c.qtyRequested).toFixed(),
      qtyConfirmed: c.qtyConfirmed ? dec(c.qtyConfirmed).toFixed() : null,
      qtyReceived: dec(c.qtyReceived).toFixed(),
      neededBy: c.neededBy,
      promisedDate: c.promisedDate ?? null,
      expectedArrival: c.expectedArrival ?? null,
      ...extra,
    },
  });
}

export async function requestCommitment(ctx: Ctx, input: RequestCommitmentInput): Promise<SupplierCommitment> {
  return inTransaction(ctx, async (tx) => {
    const supplier = await getOrFail(tx.em, Partner, input.supplierId, 'Supplier');
    if (supplier.kind !== PartnerKind.SUPPLIER) throw badInput('supplierId', `${supplier.code} is not a supplier`);
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    const c = tx.em.create(SupplierCommitment, {
      code: await nextCode(tx.em, 'supplier_commitment_code_seq', 'SC'),
      supplier,
      item,
      qtyRequested: positiveQty(input.qty).toFixed(),
      neededBy: notInThePast(input.neededBy, 'neededBy'),
    });
    await recordCommitment(tx, PurchasingEvent.CommitmentRequested, c);
    return c;
  });
}

/** The supplier says how much and by when: never more than requested, never a date already gone. */
export async function confirmCommitment(ctx: Ctx, input: ConfirmCommitmentInput): Promise<SupplierCommitment> {
  return inTransaction(ctx, async (tx) => {
    const c = await lockCommitment(tx, input.commitmentId);
    assertMayTake(c, 'confirm');
    const qty = positiveQty(input.qty);
    if (qty.gt(c.qtyRequested)) throw badInput('qty', `${qty.toFixed()} is more than the ${dec(c.qtyRequested).toFixed()} requested`);
    c.qtyConfirmed = qty.toFixed();
    c.promisedDate = notInThePast(input.promisedDate, 'promisedDate');
    transition(c, 'confirm');
    await recordCommitment(tx, PurchasingEvent.CommitmentConfirmed, c);
    return c;
  });
}

/** The advance shipping notice: what is on its way, in which lots, arriving when. */
export async function shipCommitment(ctx: Ctx, input: ShipCommitmentInput): Promise<SupplierCommitment> {
  return inTransaction(ctx, async (tx) => {
    const c = await lockCommitment(tx, input.commitmentId);
    assertMayTake(c, 'ship');
    const item = await tx.em.findOneOrFail(Item, c.item.id);
    const lotTracked = item.tracking !== ItemTracking.NONE;
    const seen = new Set<string>();
    let total = dec(0);
    input.lines.forEach((l, i) => {
      const field = `lines[${i}]`;
      if (lotTracked && !l.lotCode) throw badInput(`${field}.lotCode`, `${item.sku} is lot-tracked: name the lot`);
      if (!lotTracked && l.lotCode) throw badInput(`${field}.lotCode`, `${item.sku} is not lot-tracked; lot ${l.lotCode} is unknown here`);
      if (l.lotCode && seen.has(l.lotCode)) throw badInput(`${field}.lotCode`, `lot ${l.lotCode} appears twice`);
      if (l.lotCode) seen.add(l.lotCode);
      total = total.plus(positiveQty(l.qty, `${field}.qty`));
    });
    if (total.gt(c.qtyConfirmed!))
      throw badInput('lines', `the notice ships ${total.toFixed()}, more than the ${dec(c.qtyConfirmed!).toFixed()} confirmed`);
    c.shipmentRef = input.shipmentRef;
    c.expectedArrival = notInThePast(input.expectedArrival, 'expectedArrival');
    input.lines.forEach((l, i) =>
      tx.em.create(ShippingNoticeLine, { commitment: c, lineNo: i + 1, lotCode: l.lotCode, qty: dec(l.qty).toFixed() }),
    );
    transition(c, 'ship');
    await recordCommitment(tx, PurchasingEvent.CommitmentShipped, c);
    return c;
  });
}

/** Goods arrive against the notice: one receipt move per notice line, into the location named. */
export async function receiveCommitment(ctx: Ctx, input: ReceiveCommitmentInput): Promise<SupplierCommitment> {
  return inTransaction(ctx, async (tx) => {
    const c = await lockCommitment(tx, input.commitmentId);
    assertMayTake(c, 'receive');
    const to = await physicalLocation(tx, input.locationId, 'locationId');
    const item = await tx.em.findOneOrFail(Item, c.item.id);
    const lines = await tx.em.find(ShippingNoticeLine, { commitment: c.id }, { orderBy: { lineNo: 'asc' } });
    let received = dec(0);
    for (const line of lines) {
      await moveStock(tx, {
        item,
        from: await systemLocation(tx, 'VIRT-SUPPLIER'),
        to,
        qty: line.qty,
        lot: line.lotCode ? await findOrCreateLot(tx, item, line.lotCode) : undefined,
        reason: StockMoveReason.RECEIPT,
        reference: `${c.code} ${c.shipmentRef ?? ''}`.trim(),
        commitmentId: c.id,
        context: { commitmentId: c.id, supplierId: c.supplier.id },
      });
      received = received.plus(line.qty);
    }
    c.qtyReceived = received.toFixed();
    c.receivedAt = new Date();
    transition(c, 'receive');
    await recordCommitment(tx, PurchasingEvent.CommitmentReceived, c);
    return c;
  });
}

/**
 * Undoes a receipt against a commitment (received into the wrong place, or not at all): each receipt
 * move is reversed with its journal lines, and the commitment is shipped again, not received, so it can
 * be received once more. Refused, writing nothing, when the stock is no longer where it went.
 */
export async function reverseCommitmentReceipt(ctx: Ctx, input: ReverseCommitmentReceiptInput): Promise<SupplierCommitment> {
  return inTransaction(ctx, async (tx) => {
    const reason = requireReason(input.reason);
    const c = await lockCommitment(tx, input.commitmentId);
    assertMayTake(c, 'reverseReceipt');
    const receipts = await tx.em.find(
      StockMove,
      { commitmentId: c.id, reason: StockMoveReason.RECEIPT },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    if (!receipts.length) throw invalidState(`${c.code} was received before receipts could be reversed; adjust the stock instead`);
    for (const found of receipts) await reverseMove(tx, await lockMove(tx, found.id), reason, { commitmentId: c.id });
    c.qtyReceived = '0';
    c.receivedAt = undefined;
    transition(c, 'reverseReceipt');
    await recordCommitment(tx, PurchasingEvent.CommitmentReceiptReversed, c, { reason });
    return c;
  });
}
