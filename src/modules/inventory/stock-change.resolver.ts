import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { StockChangeEvent, toStockChangeEvent } from './stock-change.event';
import { InventoryEvent } from './inventory.events';
import { InventoryPermission } from './inventory.permissions';

const STOCK_ACCESS = { permissions: [InventoryPermission.InventoryRead], field: 'stockChanged' };

type StockArgs = { fromSeq?: string; itemId?: string; locationId?: string };

/** Does this event move stock of the item and location asked for (any when not given)? */
export const isStockChange = (e: LoggedEvent, args: StockArgs) =>
  e.type === InventoryEvent.StockMoved &&
  (!args.itemId || e.data.itemId === args.itemId) &&
  (!args.locationId || e.data.fromLocationId === args.locationId || e.data.toLocationId === args.locationId);

@Resolver()
export class StockChangeResolver {
  @Authorized(...STOCK_ACCESS.permissions)
  @Subscription(() => StockChangeEvent, {
    description: 'Stock moves (of an item, at a location, or all), with balances after; resumable',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, StockArgs, GqlContext>) =>
      scopedStream(context, STOCK_ACCESS, args.fromSeq, (e) => isStockChange(e, args)),
  })
  stockChanged(
    @Root() event: LoggedEvent,
    @Arg('itemId', () => ID, { nullable: true }) _itemId?: string,
    @Arg('locationId', () => ID, { nullable: true }) _locationId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true }) _fromSeq?: string,
  ): StockChangeEvent {
    return toStockChangeEvent(event);
  }
}
