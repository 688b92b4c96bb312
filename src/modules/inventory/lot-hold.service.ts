import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { idempotent, inTransaction, record, type Idempotency } from '../../kernel/unit-of-work/transaction';
import { requestFingerprint } from '../../kernel/common/idempotency';
import { DomainError, ErrorCode, invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import type { EntityManager } from '../../kernel/db/orm';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { Lot, LotStatus } from './lot.entity';
import { LotHold } from './lot-hold.entity';
import { InventoryEvent } from './inventory.events';
import type { HoldLotInput, LotHoldFilter, ReleaseLotHoldInput } from './dto/lot-hold.inputs';

/** Where a hold came from, when not placed by hand. */
export type HoldSource = { type: 'INSPECTION' | 'NONCONFORMANCE' | 'RECALL'; id: string };

/** The `reason` in extensions of the error a held lot gives, so a client can tell it from other INVALID_STATE. */
export const LOT_ON_HOLD = 'LOT_ON_HOLD';

async function nextHoldCode(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ n: string | number }[]>(`select nextval('lot_hold_code_seq') as n`);
  return `HOLD-${String(row.n).padStart(6, '0')}`;
}

/** The lot, locked for the change of its holds so two holds or releases never leave the wrong status. */
async function lockLot(tx: TxCtx, lotId: string): Promise<Lot> {
  if (!isUuid(lotId)) throw notFound('Lot', lotId);
  const [row] = await tx.em.execute<{ id: string }[]>('select id from lot where id = ? for update', [lotId]);
  if (!row) throw notFound('Lot', lotId);
  return tx.em.findOneOrFail(Lot, lotId, { populate: ['item'], refresh: true });
}

/**
 * Places a hold on a lot inside the caller's transaction: the lot becomes ON_HOLD (it may already be,
 * under another hold) and LotHeld is recorded. Used by the holdLot mutation and by quality's rules.
 */
export async function placeHold(
  tx: TxCtx,
  lotId: string,
  reason: string,
  source?: HoldSource,
  key?: Pick<LotHold, 'idempotencyKey' | 'idempotencyFingerprint'>,
) {
  const lot = await lockLot(tx, lotId);
  const hold = tx.em.create(LotHold, {
    code: await nextHoldCode(tx.em),
    lot,
    reason,
    sourceType: source?.type,
    sourceId: source?.id,
    heldBy: tx.actor?.subject,
    ...key,
  });
  lot.status = LotStatus.ON_HOLD;
  record(tx, {
    type: InventoryEvent.LotHeld,
    aggregateType: 'Lot',
    aggregateId: lot.id,
    data: holdData(lot, hold),
  });
  return hold;
}

export async function holdLot(ctx: Ctx, input: HoldLotInput): Promise<LotHold> {
  const keyed: Idempotency<LotHold> = {
    field: 'idempotencyKey',
    key: input.idempotencyKey,
    fingerprint: requestFingerprint('holdLot', input),
    earlier: async (c) => {
      const found = await c.em.findOne(LotHold, { idempotencyKey: input.idempotencyKey });
      return found && { fingerprint: found.idempotencyFingerprint, result: found };
    },
  };
  return idempotent(ctx, keyed, (tx) =>
    placeHold(tx, input.lotId, input.reason, undefined, {
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: input.idempotencyKey ? keyed.fingerprint : undefined,
    }),
  );
}

/** Releases one hold; the lot is AVAILABLE again when no other hold on it is active. */
export async function releaseLotHold(ctx: Ctx, input: ReleaseLotHoldInput): Promise<LotHold> {
  return inTransaction(ctx, async (tx) => {
    if (!isUuid(input.holdId)) throw notFound('Lot hold', input.holdId);
    const found = await tx.em.findOne(LotHold, input.holdId);
    if (!found) throw notFound('Lot hold', input.holdId);
    const lot = await lockLot(tx, found.lot.id);
    const hold = await tx.em.findOneOrFail(LotHold, input.holdId, { refresh: true });
    if (hold.releasedAt)
      throw invalidState(`${hold.code} was already released by ${hold.releasedBy ?? 'someone'} at ${hold.releasedAt.toISOString()}`);
    await release(tx, lot, hold, input.note);
    return hold;
  });
}

/** Releases the active holds a source placed (a nonconformance dealt with), in the caller's transaction. */
export async function releaseHoldsOf(tx: TxCtx, source: HoldSource, note: string): Promise<LotHold[]> {
  const holds = await tx.em.find(LotHold, { sourceType: source.type, sourceId: source.id, releasedAt: null }, { orderBy: { code: 'asc' } });
  for (const found of holds) {
    const lot = await lockLot(tx, found.lot.id);
    const hold = await tx.em.findOneOrFail(LotHold, found.id, { refresh: true });
    if (hold.releasedAt) continue;
    await release(tx, lot, hold, note);
  }
  return holds;
}

async function release(tx: TxCtx, lot: Lot, hold: LotHold, note: string | undefined): Promise<void> {
  hold.releasedAt = new Date();
  hold.releasedBy = tx.actor?.subject;
  hold.releaseNote = note;
  const others = await tx.em.count(LotHold, { lot: lot.id, releasedAt: null, id: { $ne: hold.id } });
  if (!others) lot.status = LotStatus.AVAILABLE;
  record(tx, { type: InventoryEvent.LotReleased, aggregateType: 'Lot', aggregateId: lot.id, data: holdData(lot, hold) });
}

function holdData(lot: Lot, hold: LotHold) {
  return {
    holdId: hold.id,
    holdCode: hold.code,
    lotId: lot.id,
    lotCode: lot.code,
    itemId: lot.item.id,
    lotStatus: lot.status,
    reason: hold.reason,
    sourceType: hold.sourceType ?? null,
    sourceId: hold.sourceId ?? null,
    releaseNote: hold.releaseNote ?? null,
  };
}

/** The error a move of a held lot gives: it names the oldest active hold, so whoever is refused knows whom to ask. */
export async function heldLotError(em: EntityManager, lot: { id: string; code: string }, doing: string): Promise<DomainError> {
  const [hold] = await em.execute<{ id: string; code: string; reason: string }[]>(
    'select id, code, reason from lot_hold where lot_id = ? and released_at is null order by created_at, code limit 1',
    [lot.id],
  );
  const named = hold ? ` by ${hold.code} (${hold.reason})` : '';
  return new DomainError(ErrorCode.INVALID_STATE, `Lot ${lot.code} is on hold${named} and cannot be ${doing}`, {
    reason: LOT_ON_HOLD,
    lotId: lot.id,
    holdId: hold?.id ?? null,
    holdCode: hold?.code ?? null,
  });
}

export function listLotHolds(ctx: Ctx, filter: LotHoldFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.lotId) where.lot = filter.lotId;
  if (filter?.active === true) where.releasedAt = null;
  if (filter?.active === false) where.releasedAt = { $ne: null };
  return paginate(ctx.em, LotHold, where, page, { createdAt: 'desc', id: 'desc' });
}
