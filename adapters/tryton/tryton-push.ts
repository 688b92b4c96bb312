import { PermanentDeliveryError, textOf, type OutboundEvent } from '../../src/contract/adapter';
import { trytonDate, trytonDecimal, type TrytonSession } from './tryton-rpc';

interface Warehouse {
  id: number;
  storage_location: number;
  production_location: number | null;
}

const one = <T>(rows: T[], what: string): T => {
  if (!rows.length) throw new PermanentDeliveryError(`Tryton has no ${what}`);
  return rows[0];
};

/**
 * Whether a production's origin may be a sale line: Tryton offers it once the module
 * sale_supply_production is activated (it then also shows the production on the sale line, and assigns
 * the sale's shipment moves when the production is done).
 */
export async function originAcceptsSaleLines({ rpc, context }: TrytonSession): Promise<boolean> {
  const fields = await rpc.call<{ origin?: { selection?: unknown } }>('model.production.fields_get', [['origin'], context]);
  let selection = fields.origin?.selection;
  // Tryton 6.0 names the method that computes the choices (`get_origin`); the client calls it over RPC.
  if (typeof selection === 'string') selection = await rpc.call(`model.production.${selection}`, [context]);
  return Array.isArray(selection) && selection.some((option) => Array.isArray(option) && option[0] === 'sale.line');
}

/**
 * A completed work order becomes a production done in Tryton: the finished quantity out, the BOM's
 * components in, as stock moves between the warehouse's storage and production locations. The work
 * order code is the production's reference, so a re-sent delivery finds it instead of making another.
 * When the work order serves a sale imported from this Tryton (`saleId`), the production's origin is
 * that sale's line for the product, if Tryton takes sale lines as origins.
 */
export async function pushProduction({ rpc, context }: TrytonSession, event: OutboundEvent, saleId?: number): Promise<string> {
  const code = String(event.data.code);
  const sku = textOf(event.data.sku);
  const qty = Number(event.data.qtyCompleted);
  const existing = await rpc.searchRead<{ id: number; state: string }>('production', [['reference', '=', code]], ['state'], { context });
  let productionId = existing[0]?.id;
  if (existing[0]?.state === 'done') return `production ${productionId} already done`;
  if (!productionId) {
    if (qty <= 0) return 'nothing completed; no production';
    const product = one(
      await rpc.searchRead<{ id: number; default_uom: number; cost_price: string | null }>(
        'product.product',
        [['code', '=', sku]],
        ['default_uom', 'cost_price'],
        { context },
      ),
      `product with code ${sku}`,
    );
    const [company] = await rpc.read<{ currency: number }>('company.company', [context.company], ['currency'], context);
    const warehouse = one(
      await rpc.searchRead<Warehouse>('stock.location', [['type', '=', 'warehouse']], ['storage_location', 'production_location'], {
        context,
      }),
      'warehouse',
    );
    if (!warehouse.production_location) throw new PermanentDeliveryError('the Tryton warehouse has no production location');
    const bomOut = await rpc.searchRead<{ bom: number; quantity: string }>(
      'production.bom.output',
      [['product', '=', product.id]],
      ['bom', 'quantity'],
      { context },
    );
    const inputs = bomOut.length
      ? await rpc.searchRead<{ product: number; quantity: string; uom: number }>(
          'production.bom.input',
          [['bom', '=', bomOut[0].bom]],
          ['product', 'quantity', 'uom'],
          { context },
        )
      : [];
    const factor = bomOut.length ? qty / Number(bomOut[0].quantity) : 0;
    // Tryton 6.0 names the unit `uom`; moves carry company and currency, outputs their cost.
    const move = (productId: number, quantity: number, uom: number, from: number, to: number, unitPrice?: string) => ({
      product: productId,
      quantity,
      uom,
      from_location: from,
      to_location: to,
      company: context.company,
      currency: company.currency,
      ...(unitPrice === undefined ? {} : { unit_price: trytonDecimal(unitPrice) }),
    });
    const today = trytonDate(new Date().toISOString().slice(0, 10));
    const [saleLine] = saleId
      ? await rpc.searchRead<{ id: number }>(
          'sale.line',
          [
            ['sale', '=', saleId],
            ['product', '=', product.id],
            ['type', '=', 'line'],
          ],
          ['id'],
          { context, limit: 1, order: [['id', 'ASC']] },
        )
      : [];
    [productionId] = await rpc.create(
      'production',
      [
        {
          company: context.company,
          warehouse: warehouse.id,
          location: warehouse.production_location,
          product: product.id,
          bom: bomOut[0]?.bom ?? null,
          quantity: qty,
          uom: product.default_uom,
          reference: code,
          ...(saleLine ? { origin: `sale.line,${saleLine.id}` } : {}),
          // A planned date makes the planned start date required (the desktop client fills it on change).
          planned_date: today,
          planned_start_date: today,
          inputs: [
            [
              'create',
              inputs.map((i) =>
                move(i.product, Number(i.quantity) * factor, i.uom, warehouse.storage_location, warehouse.production_location!),
              ),
            ],
          ],
          outputs: [
            [
              'create',
              [
                move(
                  product.id,
                  qty,
                  product.default_uom,
                  warehouse.production_location,
                  warehouse.storage_location,
                  product.cost_price ?? '0',
                ),
              ],
            ],
          ],
        },
      ],
      context,
    );
  }
  // Resume from whatever state an earlier, interrupted try left it in.
  const steps = ['wait', 'assign_force', 'run', 'done'] as const;
  const reached: Record<string, number> = { request: 0, draft: 0, waiting: 1, assigned: 2, running: 3, done: 4 };
  const [{ state }] = await rpc.read<{ state: string }>('production', [productionId], ['state'], context);
  for (const step of steps.slice(reached[state] ?? 0)) await rpc.button('production', step, [productionId], context);
  const [{ origin }] = await rpc.read<{ origin: string | null }>('production', [productionId], ['origin'], context);
  return `production ${productionId} done${origin ? ` for ${origin}` : ''}`;
}

/**
 * A journal entry becomes a posted account move with the same lines. Its description carries the
 * hub's entry code, which is how a re-sent delivery recognises a move it already made.
 */
export async function pushJournalEntry(
  { rpc, context }: TrytonSession,
  event: OutboundEvent,
  accountMap: Record<string, string | number>,
): Promise<string> {
  const d = event.data as { code: string; memo: string; postingDate: string; lines: { account: string; debit: string; credit: string }[] };
  const description = `${d.code} ${d.memo}`.slice(0, 250);
  const existing = await rpc.searchRead<{ id: number; state: string }>('account.move', [['description', '=', description]], ['state'], {
    context,
  });
  let moveId = existing[0]?.id;
  if (existing[0]?.state === 'posted') return `account move ${moveId} already posted`;
  if (!moveId) {
    const period = one(
      await rpc.searchRead<{ id: number }>(
        'account.period',
        [
          ['start_date', '<=', trytonDate(d.postingDate)],
          ['end_date', '>=', trytonDate(d.postingDate)],
          ['type', '=', 'standard'],
        ],
        ['id'],
        { context },
      ),
      `open period for ${d.postingDate}`,
    );
    const journal = one(
      await rpc.searchRead<{ id: number }>('account.journal', [['type', '=', 'general']], ['id'], { context }),
      'general journal',
    );
    const lines = [];
    for (const l of d.lines) {
      lines.push({
        account: await accountId(rpc, context, accountMap, l.account),
        debit: trytonDecimal(l.debit),
        credit: trytonDecimal(l.credit),
      });
    }
    [moveId] = await rpc.create(
      'account.move',
      [
        {
          company: context.company,
          journal: journal.id,
          period: period.id,
          date: trytonDate(d.postingDate),
          description,
          lines: [['create', lines]],
        },
      ],
      context,
    );
  }
  await rpc.button('account.move', 'post', [moveId], context);
  return `account move ${moveId} posted`;
}

async function accountId(
  rpc: TrytonSession['rpc'],
  context: TrytonSession['context'],
  map: Record<string, string | number>,
  hubCode: string,
): Promise<number> {
  const target = map[hubCode];
  if (typeof target === 'number') return target;
  const code = target ?? hubCode;
  const found = await rpc.searchRead<{ id: number }>('account.account', [['code', '=', code]], ['id'], { context });
  if (!found.length) throw new PermanentDeliveryError(`Tryton has no account ${code} for the hub's ${hubCode}; map it in options.accounts`);
  return found[0].id;
}
