import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { idempotent, inTransaction, record, type Idempotency } from '../../kernel/unit-of-work/transaction';
import { badInput, conflict } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { requestFingerprint } from '../../kernel/common/idempotency';
import { Item, ItemTracking } from '../catalog/item.entity';
import { Location, VIRTUAL_LOCATION_TYPES } from './location.entity';
import { Lot } from './lot.entity';
import { StockMove, StockMoveReason } from './stock-move.entity';
import { findOrCreateLot, moveStock, systemLocation } from './stock-ledger';
import type { CreateLocationInput, ReceiveStockInput, TransferStockInput } from './dto/inventory.inputs';
import { InventoryEvent } from './inventory.events';

export async function createLocation(ctx: Ctx, input: CreateLocationInput): Promise<Location> {
  return inTransaction(ctx, async (tx) => {
    if (VIRTUAL_LOCATION_TYPES.has(input.type)) {
      throw badInput('type', `${input.type} locations are virtual and exist once; create a physical location`);
    }
    if (await tx.em.count(Location, { code: input.code })) throw conflict(`Location ${input.code} already exists`);
    const location = tx.em.create(Location, { ...input, virtual: false });
    record(tx, {
      type: InventoryEvent.LocationCreated,
      aggregateType: 'Location',
      aggregateId: location.id,
      data: { code: location.code },
    });
    return location;
  });
}

export async function physicalLocation(tx: TxCtx, id: string, field: string): Promise<Location> {
  const location = await getOrFail(tx.em, Location, id, 'Location');
  if (location.virtual) throw badInput(field, `${location.code} is a virtual location; name a physical one`);
  return location;
}

/** A stock move keyed by `idempotencyKey`: the key is shared by receipts, transfers and issues. */
export function keyedMove(operation: string, input: { idempotencyKey?: string }): Idempotency<StockMove> {
  return {
    field: 'idempotencyKey',
    key: input.idempotencyKey,
    fingerprint: requestFingerprint(operation, input),
    earlier: async (ctx) => {
      const move = await ctx.em.findOne(StockMove, { idempotencyKey: input.idempotencyKey });
      return move && { fingerprint: move.idempotencyFingerprint, result: move };
    },
  };
}

/** Goods from a supplier into a physical location (the other side is the virtual supplier location). */
export async function receiveStock(ctx: Ctx, input: ReceiveStockInput): Promise<StockMove> {
  const keyed = keyedMove('receiveStock', input);
  return idempotent(ctx, keyed, async (tx) => {
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    const to = await physicalLocation(tx, input.locationId, 'locationId');
    if (input.lotCode && item.tracking === ItemTracking.NONE) throw badInput('lotCode', `${item.sku} is not lot-tracked`);
    const lot = input.lotCode ? await findOrCreateLot(tx, item, input.lotCode) : undefined;
    return moveStock(tx, {
      item,
      from: await systemLocation(tx, 'VIRT-SUPPLIER'),
      to,
      qty: input.qty,
      lot,
      reason: StockMoveReason.RECEIPT,
      reference: input.reference,
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: keyed.fingerprint,
    });
  });
}

export async function transferStock(ctx: Ctx, input: TransferStockInput): Promise<StockMove> {
  const keyed = keyedMove('transferStock', input);
  return idempotent(ctx, keyed, async (tx) => {
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    const from = await physicalLocation(tx, input.fromLocationId, 'fromLocationId');
    const to = await physicalLocation(tx, input.toLocationId, 'toLocationId');
    const lot = input.lotId ? await getOrFail(tx.em, Lot, input.lotId, 'Lot') : undefined;
    return moveStock(tx, {
      item,
      from,
      to,
      qty: input.qty,
      lot,
      reason: StockMoveReason.TRANSFER,
      reference: input.reference,
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: keyed.fingerprint,
    });
  });
}
