import type { Ctx } from '../../kernel/unit-of-work/context';
import { badInput, invalidState } from '../../kernel/common/errors';
import { Delivery, DeliveryState } from '../../kernel/outbox/delivery.entity';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import type { DeliveryFilter } from './dto/integration.inputs';

/**
 * Puts dead deliveries back in the queue with a fresh maximum age. They are sent with the same
 * idempotency key as before, so a receiver that did get an earlier try ignores the repeat. The attempt
 * numbering goes on (the next try is attempts + 1) and each try records which replay it belongs to.
 */
export async function replayDeliveries(ctx: Ctx, input: { deliveryIds?: string[]; adapter?: string }): Promise<Delivery[]> {
  if (!input.deliveryIds?.length && !input.adapter) throw badInput('input', 'name the deliveries or the adapter to replay');
  return ctx.em.transactional(async (em) => {
    const where = input.deliveryIds?.length ? { id: { $in: input.deliveryIds } } : { adapter: input.adapter, state: DeliveryState.DEAD };
    const found = await em.find(Delivery, where);
    const notDead = found.filter((d) => d.state !== DeliveryState.DEAD);
    if (notDead.length)
      throw invalidState(
        `Only dead deliveries can be replayed; ${notDead.map((d) => d.id).join(', ')} are ${notDead[0].state.toLowerCase()}`,
      );
    if (input.deliveryIds?.length && found.length !== input.deliveryIds.length)
      throw badInput('deliveryIds', 'some of these deliveries do not exist');
    for (const d of found) {
      d.state = DeliveryState.PENDING;
      d.replays += 1;
      d.pendingSince = new Date();
      d.nextAttemptAt = new Date();
      d.lastError = undefined;
    }
    return found;
  });
}

/** Outbound deliveries, newest first. */
export function listDeliveries(ctx: Ctx, filter: DeliveryFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.adapter) where.adapter = filter.adapter;
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.aggregateId) where.aggregateId = filter.aggregateId;
  return paginate(ctx.em, Delivery, where, page, { eventSeq: 'desc', id: 'desc' });
}
