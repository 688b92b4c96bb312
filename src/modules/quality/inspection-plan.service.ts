import type { Ctx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { badInput } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { dec } from '../../kernel/common/quantity';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { Item } from '../catalog/item.entity';
import { Routing, RoutingOperation } from '../catalog/routing.entity';
import { CharacteristicKind, InspectionCharacteristic, InspectionPlan, InspectionPoint, SamplingRule } from './inspection-plan.entity';
import { QualityEvent } from './quality.events';
import type { CharacteristicInput, CreateInspectionPlanInput } from './quality.inputs';

export async function createInspectionPlan(ctx: Ctx, input: CreateInspectionPlanInput): Promise<InspectionPlan> {
  return inTransaction(ctx, async (tx) => {
    let item: Item;
    let op: RoutingOperation | undefined;
    if (input.point === InspectionPoint.OPERATION) {
      if (!input.routingOperationId) throw badInput('routingOperationId', 'an OPERATION plan names the routing operation it inspects');
      if (input.itemId) throw badInput('itemId', 'an OPERATION plan inspects what its routing makes; leave itemId out');
      op = await getOrFail(tx.em, RoutingOperation, input.routingOperationId, 'Routing operation');
      const routing = await tx.em.findOneOrFail(Routing, op.routing.id, { populate: ['item'] });
      item = routing.item.getEntity();
    } else {
      if (!input.itemId) throw badInput('itemId', 'a RECEIPT plan names the purchased item it inspects');
      if (input.routingOperationId) throw badInput('routingOperationId', 'a RECEIPT plan inspects receipts, not an operation');
      item = await getOrFail(tx.em, Item, input.itemId, 'Item');
    }
    const sampled = input.sampling === SamplingRule.N_PER_LOT || input.sampling === SamplingRule.SKIP_LOT;
    if (!sampled && input.sampleSize) throw badInput('sampleSize', `${input.sampling} decides the sample itself; leave sampleSize out`);
    if (input.sampling === SamplingRule.SKIP_LOT && !input.skipAfter)
      throw badInput('skipAfter', 'SKIP_LOT needs the number of good lots before it skips');
    if (input.sampling !== SamplingRule.SKIP_LOT && input.skipAfter) throw badInput('skipAfter', 'only SKIP_LOT skips lots');
    const plan = tx.em.create(InspectionPlan, {
      name: input.name,
      point: input.point,
      itemId: item.id,
      routingOperationId: op?.id,
      operationSequence: op?.sequence,
      sampling: input.sampling,
      sampleSize: input.sampleSize ?? 1,
      skipAfter: input.skipAfter,
    });
    const names = new Set<string>();
    input.characteristics.forEach((c, i) => {
      checkCharacteristic(c, `characteristics[${i}]`);
      if (names.has(c.name)) throw badInput(`characteristics[${i}].name`, `${c.name} appears twice`);
      names.add(c.name);
      tx.em.create(InspectionCharacteristic, {
        plan,
        seq: i + 1,
        name: c.name,
        kind: c.kind,
        target: c.target,
        lowerLimit: c.lowerLimit,
        upperLimit: c.upperLimit,
        unit: c.unit,
        defectCodes: c.defectCodes ?? [],
      });
    });
    record(tx, {
      type: QualityEvent.InspectionPlanCreated,
      aggregateType: 'InspectionPlan',
      aggregateId: plan.id,
      data: { planId: plan.id, name: plan.name, point: plan.point, itemId: item.id, sku: item.sku, sampling: plan.sampling },
    });
    return plan;
  });
}

function checkCharacteristic(c: CharacteristicInput, field: string) {
  if (c.kind === CharacteristicKind.ATTRIBUTE) {
    if (c.target !== undefined || c.lowerLimit !== undefined || c.upperLimit !== undefined) {
      throw badInput(field, `${c.name} is judged pass or fail: it has no target or limits`);
    }
    return;
  }
  if (c.lowerLimit === undefined && c.upperLimit === undefined)
    throw badInput(field, `${c.name} is measured: give a lower or an upper limit`);
  if (c.lowerLimit !== undefined && c.upperLimit !== undefined && dec(c.lowerLimit).gt(c.upperLimit)) {
    throw badInput(`${field}.lowerLimit`, `${c.name}'s lower limit ${c.lowerLimit} is above its upper limit ${c.upperLimit}`);
  }
  if (c.defectCodes?.length) throw badInput(`${field}.defectCodes`, `${c.name} is measured; its failure is being out of the limits`);
}

export const listInspectionPlans = (ctx: Ctx, itemId: string | undefined, page: PageArgs) =>
  paginate(ctx.em, InspectionPlan, itemId ? { itemId } : {}, page, { createdAt: 'asc', id: 'asc' });
