import Decimal from 'decimal.js';
import { PermanentDeliveryError, textOf, type OutboundEvent } from '../../src/contract/adapter';
import type { TrytonSession } from './tryton-rpc';

interface ShipmentOut {
  id: number;
  state: string;
  reference: string | null;
  inventory_moves: number[];
  outgoing_moves: number[];
}

interface MoveRow {
  id: number;
  product: number;
  quantity: number | string;
  state: string;
}

/** Where a customer shipment stands, and the buttons that take it from there to done. */
const TO_DONE: Record<string, readonly string[]> = {
  waiting: ['assign_force', 'pick', 'pack', 'done'],
  assigned: ['pick', 'pack', 'done'],
  picked: ['pack', 'done'],
  packed: ['done'],
  done: [],
};

const SHIPMENT_FIELDS = ['state', 'reference', 'inventory_moves', 'outgoing_moves'];

/**
 * A hub shipment becomes the sale's customer shipment (`stock.shipment.out`) done in Tryton: the first of
 * the sale's shipments not yet done is given the delivery note number as its reference (so a re-sent
 * delivery finds it), its quantities are set to what the hub shipped — per product, on the inventory
 * moves, which Tryton carries to the outgoing moves when it picks — and it is taken through assign,
 * pick, pack and done. Shipping less than the sale's remainder leaves the rest to Tryton: the sale
 * makes a new shipment for it, which the next hub shipment then completes.
 */
export async function pushShipment({ rpc, context }: TrytonSession, event: OutboundEvent, saleId: number | undefined): Promise<string> {
  const code = String(event.data.code);
  if (!saleId) return `${code} ships no sale of this Tryton; nothing to do`;
  const [already] = await rpc.searchRead<ShipmentOut>('stock.shipment.out', [['reference', '=', code]], SHIPMENT_FIELDS, { context });
  let shipment = already;
  if (shipment?.state === 'done') return `customer shipment ${shipment.id} already done`;
  if (!shipment) {
    const [sale] = await rpc.read<{ shipments: number[] }>('sale.sale', [saleId], ['shipments'], context);
    const open = sale?.shipments.length
      ? await rpc.searchRead<ShipmentOut>(
          'stock.shipment.out',
          [
            ['id', 'in', sale.shipments],
            ['state', 'in', ['draft', 'waiting', 'assigned']],
            ['reference', '=', null],
          ],
          SHIPMENT_FIELDS,
          { context, order: [['id', 'ASC']], limit: 1 },
        )
      : [];
    if (!open.length) throw new PermanentDeliveryError(`sale ${saleId} has no customer shipment waiting to ship ${code}`);
    shipment = open[0];
    await rpc.write('stock.shipment.out', [shipment.id], { reference: code }, context);
  }
  if (['draft', 'waiting', 'assigned'].includes(shipment.state)) {
    // (Back) to waiting with its inventory moves made afresh in draft, where their quantities may change:
    // Tryton may have assigned some already (a production done for the sale assigns its shipment).
    await rpc.button('stock.shipment.out', 'wait', [shipment.id], context);
    shipment = await reread(rpc, context, shipment.id);
  }
  if (shipment.state === 'waiting') await setQuantities({ rpc, context }, shipment, await shippedByProduct({ rpc, context }, event));
  const steps = TO_DONE[shipment.state];
  if (!steps) throw new PermanentDeliveryError(`customer shipment ${shipment.id} is ${shipment.state}`);
  for (const step of steps) await rpc.button('stock.shipment.out', step, [shipment.id], context);
  return `customer shipment ${shipment.id} done for sale ${saleId}`;
}

async function reread(rpc: TrytonSession['rpc'], context: TrytonSession['context'], id: number): Promise<ShipmentOut> {
  const [row] = await rpc.read<ShipmentOut>('stock.shipment.out', [id], SHIPMENT_FIELDS, context);
  return row;
}

/** The hub's quantities by Tryton product id (the hub's sku is the product's code). */
async function shippedByProduct({ rpc, context }: TrytonSession, event: OutboundEvent): Promise<Map<number, Decimal>> {
  const lines = (Array.isArray(event.data.lines) ? event.data.lines : []) as { sku?: unknown; qty?: unknown }[];
  const bySku = new Map<string, Decimal>();
  for (const l of lines) bySku.set(textOf(l.sku), (bySku.get(textOf(l.sku)) ?? new Decimal(0)).plus(textOf(l.qty, '0')));
  const products = await rpc.searchRead<{ id: number; code: string }>('product.product', [['code', 'in', [...bySku.keys()]]], ['code'], {
    context,
  });
  const missing = [...bySku.keys()].filter((sku) => !products.some((p) => p.code === sku));
  if (missing.length) throw new PermanentDeliveryError(`Tryton has no product with code ${missing.join(', ')}`);
  return new Map(products.map((p) => [p.id, bySku.get(p.code)!]));
}

/**
 * Sets the inventory moves (storage → output) to the hub's quantities, product by product, and drops
 * those of products not shipped now; picking carries them to the outgoing moves, and packing drops the
 * outgoing moves left at zero. A warehouse whose storage is its output has no inventory moves: then the
 * outgoing moves are set directly.
 */
async function setQuantities({ rpc, context }: TrytonSession, shipment: ShipmentOut, shipped: Map<number, Decimal>): Promise<void> {
  const ids = shipment.inventory_moves.length ? shipment.inventory_moves : shipment.outgoing_moves;
  const moves = await rpc.read<MoveRow>('stock.move', ids, ['product', 'quantity', 'state'], context);
  const left = new Map(shipped);
  const drop: number[] = [];
  for (const move of moves.filter((m) => m.state !== 'cancelled' && m.state !== 'done')) {
    const want = left.get(move.product) ?? new Decimal(0);
    // Tryton 6.0 keeps move quantities as floats.
    const qty = Decimal.min(want, move.quantity);
    left.set(move.product, want.minus(qty));
    if (qty.isZero()) drop.push(move.id);
    else if (!qty.eq(move.quantity)) await rpc.write('stock.move', [move.id], { quantity: qty.toNumber() }, context);
  }
  const over = [...left].filter(([, q]) => q.gt(0));
  if (over.length) {
    throw new PermanentDeliveryError(
      `customer shipment ${shipment.id} has less to ship than the hub shipped (product ${over.map(([p, q]) => `${p}: ${q.toFixed()} more`).join(', ')})`,
    );
  }
  if (drop.length) await rpc.delete('stock.move', drop, context);
}
