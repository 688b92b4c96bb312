import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { idempotent, inTransaction, record, type Idempotency } from '../../kernel/unit-of-work/transaction';
import { badInput, conflict, notFound } from '../../kernel/common/errors';
import { getOrFail, isUuid } from '../../kernel/db/lookup';
import { requestFingerprint } from '../../kernel/common/idempotency';
import { Item, ItemTracking } from '../catalog/item.entity';
import { Location, VIRTUAL_LOCATION_TYPES } from './location.entity';
import { Lot } from './lot.entity';
import { StockMove, StockMoveReason } from './stock-move.entity';
import { findOrCreateLot, moveStock, type StockItem, type StockLocation } from './stock-ledger';
import { isoDate } from '../../kernel/common/quantity';
import type { CreateLocationInput, ReceiveStockInput, TransferStockInput } from './dto/inventory.inputs';
import { InventoryEvent } from './inventory.events';
import { resolveRefs } from '../../kernel/codes/code-book';
import { readRecalling } from '../../kernel/unit-of-work/recalled-reads';

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
  return assertPhysical(await getOrFail(tx.em, Location, id, 'Location'), field);
}

function assertPhysical<L extends StockLocation>(location: L, field: string): L {
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
export async function receiveStock(ctx: Ctx, given: ReceiveStockInput): Promise<StockMove> {
  const input = await resolveRefs<ReceiveStockInput, 'itemId' | 'locationId'>(ctx, given, [
    { id: 'itemId', code: 'itemSku', kind: 'item' },
    { id: 'locationId', code: 'locationCode', kind: 'location' },
  ]);
  const keyed = keyedMove('receiveStock', input);
  // Without a lot a receipt reads reference data and defers every write: it is one statement, sent alone
  // (P3's hot path). A lot is created first, with a write of its own: that takes a transaction.
  const oneStatement = !input.lotCode;
  return idempotent(
    ctx,
    keyed,
    async (tx) => {
      const { item, from, to } = await receiptParties(tx, input.itemId, input.locationId);
      if (input.lotCode && item.tracking === ItemTracking.NONE) throw badInput('lotCode', `${item.sku} is not lot-tracked`);
      if (input.lotExpiresOn && !input.lotCode) throw badInput('lotExpiresOn', 'an expiry date belongs to a lot: give lotCode too');
      const lot = input.lotCode ? await findOrCreateLot(tx, item, input.lotCode) : undefined;
      // The latest receipt that states an expiry is taken as right; the lot is written with the flush.
      if (lot && input.lotExpiresOn) lot.expiresOn = isoDate(input.lotExpiresOn, 'lotExpiresOn');
      return moveStock(tx, {
        item,
        from,
        to,
        qty: input.qty,
        lot,
        reason: StockMoveReason.RECEIPT,
        reference: input.reference,
        idempotencyKey: input.idempotencyKey,
        idempotencyFingerprint: keyed.fingerprint,
        // Nothing follows the move in a receipt (P3's hot path: the balance rows every receipt of an item
        // at a location shares are locked for the commit statement only).
        balancesLast: true,
      });
    },
    { oneStatement },
  );
}

interface PartiesRow {
  item_id: string | null;
  sku: string;
  unit: string;
  tracking: ItemTracking;
  standard_cost: string;
  to_id: string | null;
  to_code: string;
  to_virtual: boolean;
  from_id: string;
  from_code: string;
}

/**
 * A receipt's item, the location received into and the virtual supplier location, read in one statement
 * (receipts are the hot path of issue 8's P3) with the same answers as `getOrFail` and `physicalLocation`.
 * A receipt tried as one statement recalls them when it can: its commit statement checks them instead.
 */
async function receiptParties(
  tx: TxCtx,
  itemId: string,
  locationId: string,
): Promise<{ item: StockItem; from: StockLocation; to: StockLocation }> {
  if (!isUuid(itemId)) throw notFound('Item', itemId);
  if (!isUuid(locationId)) throw notFound('Location', locationId);
  const row = await readRecalling<PartiesRow>(
    tx,
    `select i.id as item_id, i.sku, i.unit, i.tracking, i.standard_cost, t.id as to_id, t.code as to_code, t.virtual as to_virtual,
       s.id as from_id, s.code as from_code
     from location s left join item i on i.id = ? left join location t on t.id = ?
     where s.code = 'VIRT-SUPPLIER'`,
    [itemId, locationId],
  );
  if (!row) throw new Error('the virtual supplier location is missing');
  if (!row.item_id) throw notFound('Item', itemId);
  if (!row.to_id) throw notFound('Location', locationId);
  return {
    item: { id: row.item_id, sku: row.sku, unit: row.unit, tracking: row.tracking, standardCost: row.standard_cost },
    from: { id: row.from_id, code: row.from_code, virtual: true },
    to: assertPhysical({ id: row.to_id, code: row.to_code, virtual: row.to_virtual }, 'locationId'),
  };
}

export async function transferStock(ctx: Ctx, given: TransferStockInput): Promise<StockMove> {
  const input = await resolveRefs<TransferStockInput, 'itemId' | 'fromLocationId' | 'toLocationId'>(ctx, given, [
    { id: 'itemId', code: 'itemSku', kind: 'item', impliedBy: { field: 'lotCode', ai: '240' } },
    { id: 'fromLocationId', code: 'fromLocationCode', kind: 'location' },
    { id: 'toLocationId', code: 'toLocationCode', kind: 'location' },
    { id: 'lotId', code: 'lotCode', kind: 'lot', within: 'itemId', optional: true },
  ]);
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
