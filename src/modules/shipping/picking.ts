import type { TxCtx } from '../../kernel/unit-of-work/context';
import { DomainError, ErrorCode, badInput, invalidState, notFound } from '../../kernel/common/errors';
import { isUuid } from '../../kernel/db/lookup';
import { Decimal, dec, positiveQty } from '../../kernel/common/quantity';
import { ItemTracking, type Item } from '../catalog/item.entity';
import { Location, LocationType } from '../inventory/location.entity';
import { LotStatus } from '../inventory/lot.entity';
import type { StockLocation, StockLot } from '../inventory/stock-ledger';
import type { ShipmentPickInput } from './dto/shipping.inputs';

/** One quantity to take: from a location, of a lot (for a tracked item). */
export interface Pick {
  location: StockLocation;
  lot?: StockLot;
  qty: Decimal;
}

/** A balance that could be shipped, in picking order. */
interface Candidate {
  location_id: string;
  location_code: string;
  lot_id: string | null;
  lot_code: string | null;
  lot_status: LotStatus | null;
  expires_on: string | null;
  qty: string;
}

/** Where a shipment may take stock from: the location named, or every finished-goods and shipping location. */
export async function shipFromLocations(tx: TxCtx, fromLocationId: string | undefined, field = 'fromLocationId'): Promise<Location[]> {
  if (fromLocationId) {
    const location = isUuid(fromLocationId) ? await tx.em.findOne(Location, fromLocationId) : null;
    if (!location) throw notFound('Location', fromLocationId);
    if (location.virtual) throw badInput(field, `${location.code} is a virtual location; name a physical one`);
    return [location];
  }
  const found = await tx.em.find(
    Location,
    { type: { $in: [LocationType.FINISHED_GOODS, LocationType.SHIPPING] }, virtual: false },
    { orderBy: { code: 'asc' } },
  );
  if (!found.length) throw invalidState('There is no finished-goods or shipping location to ship from; create one first');
  return found;
}

/**
 * Chooses what to ship, lot by lot: the picks named, or else first-expiry then first-in (FEFO, then
 * FIFO by when the lot came into being), skipping lots on hold and lots past their expiry. `taken`
 * carries what earlier lines of the same shipment already picked, so two lines of one item never count
 * the same units. Running short is INSUFFICIENT_STOCK before anything is moved; the ledger checks
 * again as it moves (a concurrent shipment may have taken the units meanwhile).
 */
export class Picker {
  private readonly taken = new Map<string, Decimal>();
  private readonly today = new Date().toISOString().slice(0, 10);

  constructor(
    private readonly tx: TxCtx,
    private readonly from: readonly Location[],
  ) {}

  async pick(item: Item, qty: Decimal, named: readonly ShipmentPickInput[] | undefined, what: string, field: string): Promise<Pick[]> {
    if (!named?.length) return this.auto(item, qty, what);
    const sum = named.reduce((s, p, i) => s.plus(positiveQty(p.qty, `${field}.picks[${i}].qty`)), dec(0));
    if (!sum.eq(qty)) throw badInput(`${field}.picks`, `the picks add up to ${sum.toFixed()}, but ${qty.toFixed()} is to ship`);
    const picks: Pick[] = [];
    for (const [i, p] of named.entries()) picks.push(...(await this.named(item, p, `${field}.picks[${i}]`, what)));
    return picks;
  }

  private async auto(item: Item, qty: Decimal, what: string): Promise<Pick[]> {
    const all = await this.candidates(
      item,
      this.from.map((l) => l.id),
    );
    const usable = all.filter((c) => c.lot_status !== LotStatus.ON_HOLD && !this.expired(c));
    const picks = this.take(item, usable, qty);
    if (picks) return picks;
    const blocked = this.sum(all).minus(this.sum(usable));
    throw this.short(item, usable, qty, what, blocked.gt(0) ? ` (${blocked.toFixed()} more are on hold or past their expiry)` : '');
  }

  private async named(item: Item, p: ShipmentPickInput, field: string, what: string): Promise<Pick[]> {
    const qty = dec(p.qty);
    if (p.lotId && p.lotCode) throw badInput(field, 'name the lot by lotId or by lotCode, not both');
    const lotNamed = p.lotId ?? p.lotCode;
    if (item.tracking === ItemTracking.NONE && lotNamed) throw badInput(field, `${item.sku} is not lot-tracked; name a location only`);
    if (item.tracking !== ItemTracking.NONE && !lotNamed)
      throw badInput(field, `${item.sku} is lot-tracked: say which lot (lotId or lotCode)`);
    const locations = p.locationId ? await shipFromLocations(this.tx, p.locationId, `${field}.locationId`) : this.from;
    let rows = await this.candidates(
      item,
      locations.map((l) => l.id),
    );
    if (lotNamed) {
      const lot = await this.lotOf(item, p, field);
      rows = rows.filter((c) => c.lot_id === lot.id);
      // The ledger refuses a lot on hold with its own message; an expired lot is refused here.
      if (lot.expires_on && lot.expires_on < this.today) {
        throw invalidState(`Lot ${lot.code} of ${item.sku} expired on ${lot.expires_on} and cannot be shipped`, { lotId: lot.id });
      }
    }
    const picks = this.take(item, rows, qty);
    if (picks) return picks;
    throw this.short(item, rows, qty, what, '', locations);
  }

  private async lotOf(item: Item, p: ShipmentPickInput, field: string) {
    const byId = !!p.lotId;
    if (byId && !isUuid(p.lotId!)) throw notFound('Lot', p.lotId!);
    const [lot] = await this.tx.em.execute<{ id: string; code: string; expires_on: string | null }[]>(
      `select id, code, expires_on::text as expires_on from lot
       where item_id = ? and ${byId ? 'id = ?' : 'code = ?'}`,
      [item.id, byId ? p.lotId : p.lotCode],
    );
    if (!lot) throw badInput(field, `${item.sku} has no lot ${p.lotId ?? p.lotCode}`);
    return lot;
  }

  /** Greedy, in candidate order; null if the candidates hold less than qty. */
  private take(item: Item, rows: readonly Candidate[], qty: Decimal): Pick[] | null {
    const picks: Pick[] = [];
    let left = qty;
    for (const c of rows) {
      if (left.isZero()) break;
      const free = dec(c.qty).minus(this.taken.get(this.key(item, c)) ?? 0);
      if (free.lte(0)) continue;
      const q = Decimal.min(free, left);
      picks.push({
        location: { id: c.location_id, code: c.location_code, virtual: false },
        lot: c.lot_id ? { id: c.lot_id, code: c.lot_code!, status: c.lot_status!, item: { id: item.id } } : undefined,
        qty: q,
      });
      left = left.minus(q);
    }
    if (left.gt(0)) return null;
    for (const p of picks) {
      const key = `${item.id}|${p.location.id}|${p.lot?.id ?? ''}`;
      this.taken.set(key, (this.taken.get(key) ?? dec(0)).plus(p.qty));
    }
    return picks;
  }

  private short(item: Item, rows: readonly Candidate[], qty: Decimal, what: string, extra: string, from = this.from): DomainError {
    const free = rows.reduce((s, c) => s.plus(Decimal.max(0, dec(c.qty).minus(this.taken.get(this.key(item, c)) ?? 0))), dec(0));
    const where = from.map((l) => l.code).join(', ');
    return new DomainError(
      ErrorCode.INSUFFICIENT_STOCK,
      `Not enough ${item.sku} to ship ${what}: ${free.toFixed()} ${item.unit} can be shipped from ${where}, ${qty.toFixed()} needed${extra}`,
      { itemId: item.id, available: free.toFixed(), requested: qty.toFixed() },
    );
  }

  private candidates(item: Item, locationIds: readonly string[]): Promise<Candidate[]> {
    return this.tx.em.execute<Candidate[]>(
      `select b.location_id, l.code as location_code, b.lot_id, lot.code as lot_code, lot.status as lot_status,
              lot.expires_on::text as expires_on, b.qty::text as qty
       from stock_balance b
       join location l on l.id = b.location_id and not l.virtual
       left join lot on lot.id = b.lot_id
       where b.item_id = ? and b.location_id = any(?::uuid[]) and b.qty > 0
       order by lot.expires_on asc nulls last, lot.created_at asc nulls first, lot.code asc nulls first, l.code asc`,
      [item.id, `{${locationIds.join(',')}}`],
    );
  }

  private expired = (c: Candidate) => !!c.expires_on && c.expires_on < this.today;
  private key = (item: Item, c: Candidate) => `${item.id}|${c.location_id}|${c.lot_id ?? ''}`;
  private sum = (rows: readonly Candidate[]) => rows.reduce((s, c) => s.plus(c.qty), dec(0));
}
