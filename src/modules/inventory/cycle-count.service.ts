import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput, conflict, invalidState, notFound } from '../../kernel/common/errors';
import { getOrFail, isUuid } from '../../kernel/db/lookup';
import { dec, nonNegativeQty } from '../../kernel/common/quantity';
import { nextCode } from '../../kernel/db/codes';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { Item } from '../catalog/item.entity';
import { Lot } from './lot.entity';
import { CycleCount, CycleCountLine, CycleCountState } from './cycle-count.entity';
import { physicalLocation } from './inventory.service';
import { bookAdjustment } from './stock-correction.service';
import { InventoryEvent } from './inventory.events';
import type { CycleCountFilter, PostCycleCountInput, RecordCycleCountInput, StartCycleCountInput } from './dto/correction.inputs';

async function onTheBooks(tx: TxCtx, itemId: string, locationId: string, lotId: string | undefined): Promise<string> {
  const [row] = await tx.em.execute<{ qty: string }[]>(
    'select qty::text as qty from stock_balance where item_id = ? and location_id = ? and lot_key = ?',
    [itemId, locationId, lotId ?? ''],
  );
  return dec(row?.qty ?? 0).toFixed();
}

/** A count sheet for a physical location, listing what the books hold there now; one open sheet per location. */
export async function startCycleCount(ctx: Ctx, input: StartCycleCountInput): Promise<CycleCount> {
  return inTransaction(ctx, async (tx) => {
    const location = await physicalLocation(tx, input.locationId, 'locationId');
    await tx.em.execute('select id from location where id = ? for update', [location.id]);
    const open = await tx.em.findOne(CycleCount, { location: location.id, state: CycleCountState.OPEN });
    if (open) throw conflict(`${location.code} is already being counted on ${open.code}; post it first`, { cycleCountId: open.id });
    const count = tx.em.create(CycleCount, {
      code: await nextCode(tx.em, 'cycle_count_code_seq', 'CC'),
      location,
      startedBy: tx.actor?.subject,
    });
    const balances = await tx.em.execute<{ item_id: string; lot_id: string | null; qty: string }[]>(
      `select b.item_id, b.lot_id, b.qty::text as qty from stock_balance b join item i on i.id = b.item_id
       left join lot l on l.id = b.lot_id where b.location_id = ? and b.qty <> 0 order by i.sku, l.code`,
      [location.id],
    );
    balances.forEach((b, i) =>
      tx.em.create(CycleCountLine, {
        cycleCount: count,
        lineNo: i + 1,
        item: b.item_id,
        lot: b.lot_id ?? undefined,
        expectedQty: dec(b.qty).toFixed(),
      }),
    );
    record(tx, {
      type: InventoryEvent.CycleCountStarted,
      aggregateType: 'CycleCount',
      aggregateId: count.id,
      data: { cycleCountId: count.id, code: count.code, locationId: location.id, lines: balances.length },
    });
    return count;
  });
}

async function lockOpenCount(tx: TxCtx, id: string): Promise<CycleCount> {
  if (!isUuid(id)) throw notFound('Cycle count', id);
  const [row] = await tx.em.execute<{ id: string }[]>('select id from cycle_count where id = ? for update', [id]);
  if (!row) throw notFound('Cycle count', id);
  const count = await tx.em.findOneOrFail(CycleCount, id, { populate: ['lines', 'location'], refresh: true });
  if (count.state !== CycleCountState.OPEN) throw invalidState(`${count.code} is posted; start a new count`);
  return count;
}

/** Counted quantities onto an open sheet; an item (or lot) the books did not expect there is added. */
export async function recordCycleCount(ctx: Ctx, input: RecordCycleCountInput): Promise<CycleCount> {
  return inTransaction(ctx, async (tx) => {
    const count = await lockOpenCount(tx, input.cycleCountId);
    for (const [i, l] of input.lines.entries()) {
      const counted = nonNegativeQty(l.countedQty, `lines[${i}].countedQty`).toFixed();
      const item = await getOrFail(tx.em, Item, l.itemId, `Item (lines[${i}])`);
      const lot = l.lotId ? await getOrFail(tx.em, Lot, l.lotId, `Lot (lines[${i}])`) : undefined;
      if (lot && lot.item.id !== item.id) throw badInput(`lines[${i}].lotId`, `lot ${lot.code} is not a lot of ${item.sku}`);
      let line = count.lines.getItems().find((x) => x.item.id === item.id && (x.lot?.id ?? null) === (lot?.id ?? null));
      if (!line) {
        line = tx.em.create(CycleCountLine, {
          cycleCount: count,
          lineNo: count.lines.length + 1,
          item,
          lot,
          expectedQty: await onTheBooks(tx, item.id, count.location.id, lot?.id),
        });
        count.lines.add(line);
      }
      line.countedQty = counted;
    }
    return count;
  });
}

/**
 * Books the count: for every counted line, counted minus what the books hold now (moves during the count
 * included) as an adjustment move with its journal entry. Uncounted lines change nothing.
 */
export async function postCycleCount(ctx: Ctx, input: PostCycleCountInput): Promise<CycleCount> {
  return inTransaction(ctx, async (tx) => {
    const count = await lockOpenCount(tx, input.cycleCountId);
    const reason = input.reason?.trim() || `cycle count ${count.code}`;
    const location = count.location.getEntity();
    for (const line of count.lines) {
      if (line.countedQty === undefined || line.countedQty === null) continue;
      const variance = dec(line.countedQty).minus(await onTheBooks(tx, line.item.id, location.id, line.lot?.id));
      line.varianceQty = variance.toFixed();
      if (variance.isZero()) continue;
      const move = await bookAdjustment(
        tx,
        { itemId: line.item.id, locationId: location.id, lotId: line.lot?.id, qty: variance.toFixed(), reason },
        count.code,
      );
      line.stockMoveId = move.id;
    }
    count.state = CycleCountState.POSTED;
    count.postedAt = new Date();
    count.postedBy = tx.actor?.subject;
    record(tx, {
      type: InventoryEvent.CycleCountPosted,
      aggregateType: 'CycleCount',
      aggregateId: count.id,
      data: {
        cycleCountId: count.id,
        code: count.code,
        locationId: location.id,
        variances: count.lines
          .getItems()
          .filter((l) => l.varianceQty && !dec(l.varianceQty).isZero())
          .map((l) => ({ itemId: l.item.id, lotId: l.lot?.id ?? null, qty: l.varianceQty })),
      },
    });
    return count;
  });
}

export const getCycleCount = (ctx: Ctx, id: string) => getOrFail(ctx.em, CycleCount, id, 'Cycle count');

export function listCycleCounts(ctx: Ctx, filter: CycleCountFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.locationId) where.location = filter.locationId;
  if (filter?.state) where.state = filter.state;
  return paginate(ctx.em, CycleCount, where, page, { code: 'desc', id: 'desc' });
}
