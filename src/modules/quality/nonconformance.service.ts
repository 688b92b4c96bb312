import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput, forbidden, invalidState, notFound } from '../../kernel/common/errors';
import { getOrFail, isUuid } from '../../kernel/db/lookup';
import { Decimal, dec, positiveQty } from '../../kernel/common/quantity';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { Role } from '../../kernel/auth/permissions';
import { partnerScope } from '../../kernel/auth/partner-scope';
import { Item } from '../catalog/item.entity';
import { Lot } from '../inventory/lot.entity';
import { placeHold, releaseHoldsOf } from '../inventory/lot-hold.service';
import { StockMoveReason } from '../inventory/stock-move.entity';
import { moveStock, systemLocation } from '../inventory/stock-ledger';
import { WorkOrder } from '../production/work-order.entity';
import { Disposition, Nonconformance, NonconformanceState, WhereFound } from './nonconformance.entity';
import { QualityEvent } from './quality.events';
import { nextQualityCode } from './quality.codes';
import { insertReworkOperation } from '../production/rework.service';
import type {
  DispositionInput,
  NonconformanceFilter,
  NonconformanceIdInput,
  ReportNonconformanceInput,
  SupplierResponseInput,
  UpdateNonconformanceInput,
} from './quality.inputs';

export interface RaiseRequest {
  whereFound: WhereFound;
  description: string;
  defectCodes: string[];
  qty: string;
  item: { id: string; sku: string };
  lot?: { id: string; code: string };
  workOrder?: { id: string; code: string };
  operationId?: string;
  workCenterId?: string;
  supplierId?: string;
  inspectionTaskId?: string;
}

/** Raises a nonconformance in the caller's transaction and holds its lot, the hold naming it. */
export async function raiseNonconformance(tx: TxCtx, r: RaiseRequest): Promise<Nonconformance> {
  const nc = tx.em.create(Nonconformance, {
    code: await nextQualityCode(tx.em, 'nonconformance_code_seq', 'NC'),
    whereFound: r.whereFound,
    description: r.description,
    defectCodes: r.defectCodes,
    qty: dec(r.qty).toFixed(),
    itemId: r.item.id,
    sku: r.item.sku,
    lotId: r.lot?.id,
    lotCode: r.lot?.code,
    workOrderId: r.workOrder?.id,
    workOrderCode: r.workOrder?.code,
    operationId: r.operationId,
    workCenterId: r.workCenterId,
    supplierId: r.supplierId,
    inspectionTaskId: r.inspectionTaskId,
    raisedBy: tx.actor?.subject,
  });
  if (r.lot) await placeHold(tx, r.lot.id, `${nc.code}: ${r.description}`, { type: 'NONCONFORMANCE', id: nc.id });
  recordNc(tx, QualityEvent.NonconformanceRaised, nc);
  return nc;
}

export async function reportNonconformance(ctx: Ctx, input: ReportNonconformanceInput): Promise<Nonconformance> {
  const qty = positiveQty(input.qty);
  return inTransaction(ctx, async (tx) => {
    const lot = input.lotId ? await getOrFail(tx.em, Lot, input.lotId, 'Lot', { populate: ['item'] }) : undefined;
    if (!lot && !input.itemId) throw badInput('itemId', 'name the lot, or the item when it is not lot-tracked');
    const item = lot ? lot.item.getEntity() : await getOrFail(tx.em, Item, input.itemId!, 'Item');
    if (lot && input.itemId && input.itemId !== item.id) throw badInput('itemId', `lot ${lot.code} is a lot of ${item.sku}`);
    const wo = input.workOrderId
      ? await getOrFail(tx.em, WorkOrder, input.workOrderId, 'Work order', { populate: ['operations'] })
      : undefined;
    const op = input.operationId ? wo?.operations.getItems().find((o) => o.id === input.operationId) : undefined;
    if (input.operationId && !op) throw badInput('operationId', 'name an operation of the work order given');
    return raiseNonconformance(tx, {
      whereFound: input.whereFound,
      description: input.description,
      defectCodes: input.defectCodes,
      qty: qty.toFixed(),
      item,
      lot,
      workOrder: wo,
      operationId: op?.id,
      workCenterId: op?.workCenter.id,
      supplierId: input.supplierId,
    });
  });
}

async function lockNc(tx: TxCtx, id: string): Promise<Nonconformance> {
  if (!isUuid(id)) throw notFound('Nonconformance', id);
  const [row] = await tx.em.execute<{ id: string }[]>('select id from nonconformance where id = ? for update', [id]);
  if (!row) throw notFound('Nonconformance', id);
  return tx.em.findOneOrFail(Nonconformance, id, { refresh: true });
}

export async function updateNonconformance(ctx: Ctx, input: UpdateNonconformanceInput): Promise<Nonconformance> {
  return inTransaction(ctx, async (tx) => {
    const nc = await lockNc(tx, input.nonconformanceId);
    if (input.rootCause !== undefined) nc.rootCause = input.rootCause;
    if (input.correctiveAction !== undefined) nc.correctiveAction = input.correctiveAction;
    recordNc(tx, QualityEvent.NonconformanceUpdated, nc);
    return nc;
  });
}

/**
 * Carries out a disposition. SCRAP moves the nonconforming quantity of the lot to the scrap location
 * (the ledger books it from inventory to the scrap expense) and closes; RETURN_TO_SUPPLIER moves it to
 * the supplier (booked back against goods received not invoiced) and waits for the supplier's answer;
 * USE_AS_IS waits for a second person's approval; REWORK inserts a rework operation into the work order.
 * Holds placed by the nonconformance are released when its goods are dealt with.
 */
export async function dispositionNonconformance(ctx: Ctx, input: DispositionInput): Promise<Nonconformance> {
  return inTransaction(ctx, async (tx) => {
    const nc = await lockNc(tx, input.nonconformanceId);
    if (nc.state !== NonconformanceState.OPEN) throw invalidState(`${nc.code} is ${nc.state}, not OPEN: it has its disposition already`);
    nc.disposition = input.disposition;
    nc.dispositionBy = tx.actor?.subject;
    nc.dispositionAt = new Date();
    nc.dispositionNote = input.note;
    switch (input.disposition) {
      case Disposition.SCRAP:
        await moveOut(tx, nc, StockMoveReason.SCRAP);
        await close(tx, nc);
        break;
      case Disposition.RETURN_TO_SUPPLIER:
        if (!nc.supplierId)
          throw badInput('disposition', `${nc.code} has no supplier: goods not received from a supplier cannot go back to one`);
        await moveOut(tx, nc, StockMoveReason.RETURN_TO_SUPPLIER);
        await releaseHoldsOf(tx, { type: 'NONCONFORMANCE', id: nc.id }, `${nc.code}: returned to the supplier`);
        nc.state = NonconformanceState.AWAITING_SUPPLIER;
        break;
      case Disposition.USE_AS_IS:
        nc.state = NonconformanceState.AWAITING_APPROVAL;
        break;
      case Disposition.REWORK: {
        if (!nc.workOrderId || !nc.operationId) {
          throw badInput(
            'disposition',
            `${nc.code} was not found at an operation of a work order: there is nothing to insert a rework operation into`,
          );
        }
        nc.reworkOperationId = await insertReworkOperation(
          tx,
          nc.workOrderId,
          nc.operationId,
          input.workCenterId,
          `Rework ${nc.code}`,
          nc.qty,
        );
        await releaseHoldsOf(tx, { type: 'NONCONFORMANCE', id: nc.id }, `${nc.code}: reworked in the work order`);
        nc.state = NonconformanceState.IN_REWORK;
        break;
      }
    }
    recordNc(tx, QualityEvent.NonconformanceDispositioned, nc);
    return nc;
  });
}

/** USE_AS_IS takes two people: whoever decided it cannot approve it. */
export async function approveNonconformance(ctx: Ctx, input: NonconformanceIdInput): Promise<Nonconformance> {
  return inTransaction(ctx, async (tx) => {
    const nc = await lockNc(tx, input.nonconformanceId);
    if (nc.state !== NonconformanceState.AWAITING_APPROVAL)
      throw invalidState(`${nc.code} is ${nc.state}: only a USE_AS_IS decision waits for approval`);
    if (nc.dispositionBy && nc.dispositionBy === tx.actor?.subject) {
      throw forbidden(`${nc.code}: ${nc.dispositionBy} decided to use it as is; a second person must approve it`);
    }
    nc.approvedBy = tx.actor?.subject;
    if (input.note) nc.dispositionNote = [nc.dispositionNote, input.note].filter(Boolean).join(' / ');
    await close(tx, nc, `${nc.code}: used as is, approved by ${nc.approvedBy ?? 'a second person'}`);
    recordNc(tx, QualityEvent.NonconformanceDispositioned, nc);
    return nc;
  });
}

/** The supplier answers goods returned to it; that closes the nonconformance. */
export async function respondToNonconformance(ctx: Ctx, input: SupplierResponseInput): Promise<Nonconformance> {
  return inTransaction(ctx, async (tx) => {
    const nc = await lockNc(tx, input.nonconformanceId);
    if (!visibleToCaller(tx, nc)) throw notFound('Nonconformance', input.nonconformanceId);
    if (nc.state !== NonconformanceState.AWAITING_SUPPLIER)
      throw invalidState(`${nc.code} is ${nc.state}: it waits for no answer from its supplier`);
    nc.supplierResponse = input.response;
    nc.supplierRespondedAt = new Date();
    await close(tx, nc);
    recordNc(tx, QualityEvent.NonconformanceDispositioned, nc);
    return nc;
  });
}

/** Closing releases what the nonconformance still holds. */
async function close(tx: TxCtx, nc: Nonconformance, why = `${nc.code} closed`): Promise<void> {
  await releaseHoldsOf(tx, { type: 'NONCONFORMANCE', id: nc.id }, why);
  nc.state = NonconformanceState.CLOSED;
  nc.closedAt = new Date();
}

/** The nonconforming quantity of the lot (or untracked item) out of its physical locations, largest first. */
async function moveOut(tx: TxCtx, nc: Nonconformance, reason: StockMoveReason.SCRAP | StockMoveReason.RETURN_TO_SUPPLIER): Promise<void> {
  const item = await tx.em.findOneOrFail(Item, nc.itemId);
  const lot = nc.lotId ? await tx.em.findOneOrFail(Lot, nc.lotId, { populate: ['item'] }) : undefined;
  const rows = await tx.em.execute<{ location_id: string; code: string; qty: string }[]>(
    `select b.location_id, l.code, b.qty::text as qty from stock_balance b join location l on l.id = b.location_id and not l.virtual
     where b.item_id = ? and b.lot_key = ? and b.qty > 0 order by b.qty desc, l.code`,
    [item.id, lot?.id ?? ''],
  );
  let left = dec(nc.qty);
  const have = rows.reduce((s, r) => s.plus(r.qty), dec(0));
  if (have.lt(left)) {
    throw invalidState(
      `${nc.code}: ${have.toFixed()} ${item.unit} of ${item.sku}${lot ? ` lot ${lot.code}` : ''} are in stock, ${left.toFixed()} to ${reason === StockMoveReason.SCRAP ? 'scrap' : 'return'}`,
    );
  }
  const to = await systemLocation(tx, reason === StockMoveReason.SCRAP ? 'VIRT-SCRAP' : 'VIRT-SUPPLIER');
  for (const r of rows) {
    if (left.isZero()) break;
    const qty = Decimal.min(left, dec(r.qty));
    await moveStock(tx, {
      item,
      from: { id: r.location_id, code: r.code, virtual: false },
      to,
      qty: qty.toFixed(),
      lot,
      reason,
      reference: nc.code,
      context: { nonconformanceId: nc.id, supplierId: nc.supplierId ?? null },
    });
    left = left.minus(qty);
  }
}

function recordNc(tx: TxCtx, type: string, nc: Nonconformance): void {
  record(tx, {
    type,
    aggregateType: 'Nonconformance',
    aggregateId: nc.id,
    data: {
      nonconformanceId: nc.id,
      code: nc.code,
      state: nc.state,
      whereFound: nc.whereFound,
      description: nc.description,
      defectCodes: nc.defectCodes,
      qty: dec(nc.qty).toFixed(),
      itemId: nc.itemId,
      sku: nc.sku,
      lotId: nc.lotId ?? null,
      lotCode: nc.lotCode ?? null,
      workOrderId: nc.workOrderId ?? null,
      workOrderCode: nc.workOrderCode ?? null,
      supplierId: nc.supplierId ?? null,
      disposition: nc.disposition ?? null,
      inspectionTaskId: nc.inspectionTaskId ?? null,
    },
  });
}

/** A supplier token sees only its own nonconformances; internal callers see all. */
export const supplierScope = (ctx: Pick<Ctx, 'actor'>) => partnerScope(ctx.actor, Role.supplier);

/**
 * The one rule of what a supplier sees: the nonconformances on its goods that quality returned to it.
 * One still being judged (OPEN, or decided otherwise) is the factory's internal business.
 */
function visibleToCaller(ctx: Pick<Ctx, 'actor'>, nc: Nonconformance): boolean {
  const scope = supplierScope(ctx);
  return !scope || (nc.supplierId === scope && nc.disposition === Disposition.RETURN_TO_SUPPLIER);
}

export async function getNonconformance(ctx: Ctx, id: string): Promise<Nonconformance> {
  const nc = await getOrFail(ctx.em, Nonconformance, id, 'Nonconformance');
  if (!visibleToCaller(ctx, nc)) throw notFound('Nonconformance', id);
  return nc;
}

export function listNonconformances(ctx: Ctx, filter: NonconformanceFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.lotId) where.lotId = filter.lotId;
  if (filter?.workOrderId) where.workOrderId = filter.workOrderId;
  if (filter?.supplierId) where.supplierId = filter.supplierId;
  const scope = supplierScope(ctx);
  if (scope) {
    if (filter?.supplierId && filter.supplierId !== scope) throw forbidden('A supplier sees only its own nonconformances');
    where.supplierId = scope;
    where.disposition = Disposition.RETURN_TO_SUPPLIER; // as visibleToCaller says
  }
  return paginate(ctx.em, Nonconformance, where, page, { createdAt: 'desc', id: 'desc' });
}
