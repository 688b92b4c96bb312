import type { Ctx } from '../../kernel/unit-of-work/context';
import { idempotent } from '../../kernel/unit-of-work/transaction';
import { badInput } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { dec, positiveQty } from '../../kernel/common/quantity';
import { Item } from '../catalog/item.entity';
import { Lot } from '../inventory/lot.entity';
import { StockMove, StockMoveReason } from '../inventory/stock-move.entity';
import { moveStock, systemLocation } from '../inventory/stock-ledger';
import { keyedMove, physicalLocation } from '../inventory/inventory.service';
import { assertMayTake } from './work-order.states';
import { lockWorkOrder } from './work-order.service';
import { recordWorkOrderEvent } from './work-order.events';
import type { IssueMaterialInput } from './dto/production.inputs';
import { resolveRefs, type CodeRef } from '../../kernel/codes/code-book';
import { ProductionEvent } from './production.events';

const ISSUE_REFS: readonly CodeRef[] = [
  { id: 'workOrderId', code: 'workOrderCode', kind: 'workOrder' },
  { id: 'itemId', code: 'itemSku', kind: 'item', impliedBy: { field: 'lotCode', ai: '240' } },
  { id: 'fromLocationId', code: 'fromLocationCode', kind: 'location' },
  { id: 'lotId', code: 'lotCode', kind: 'lot', within: 'itemId', optional: true },
];

/**
 * Issues a component to a work order: stock moves from a physical location to the virtual production
 * location and the requirement's issued quantity grows, in one transaction. Short stock fails with
 * INSUFFICIENT_STOCK and writes nothing.
 */
export async function issueMaterial(ctx: Ctx, given: IssueMaterialInput): Promise<StockMove> {
  const input = await resolveRefs<IssueMaterialInput, 'workOrderId' | 'itemId' | 'fromLocationId'>(ctx, given, ISSUE_REFS);
  const keyed = keyedMove('issueMaterial', input);
  return idempotent(ctx, keyed, async (tx, replay) => {
    const qty = positiveQty(input.qty);
    const wo = await lockWorkOrder(tx, input.workOrderId);
    // A retry that waited for the lock behind the first try answers the first result.
    const earlier = await replay(tx);
    if (earlier) return earlier;
    assertMayTake(wo, 'issueMaterial');
    const item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    const requirement = wo.materials.getItems().find((m) => m.item.id === item.id);
    if (!requirement) throw badInput('itemId', `${item.sku} is not in the bill of materials of ${wo.code}`);
    const from = await physicalLocation(tx, input.fromLocationId, 'fromLocationId');
    const lot = input.lotId ? await getOrFail(tx.em, Lot, input.lotId, 'Lot') : undefined;
    const move = await moveStock(tx, {
      item,
      from,
      to: await systemLocation(tx, 'VIRT-PRODUCTION'),
      qty: qty.toFixed(),
      lot,
      reason: StockMoveReason.ISSUE,
      workOrderId: wo.id,
      reference: wo.code,
      idempotencyKey: input.idempotencyKey,
      idempotencyFingerprint: keyed.fingerprint,
      context: { workOrderCode: wo.code },
    });
    requirement.qtyIssued = dec(requirement.qtyIssued).plus(qty).toFixed();
    await recordWorkOrderEvent(tx, ProductionEvent.MaterialIssued, wo, {
      materialItemId: item.id,
      materialQty: qty.toFixed(),
      qtyIssued: requirement.qtyIssued,
      qtyRequired: dec(requirement.qtyRequired).toFixed(),
      stockMoveId: move.id,
    });
    return move;
  });
}
