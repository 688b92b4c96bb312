import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { customerScope } from '../sales/sales.service';
import { SalesPermission } from '../sales/sales.permissions';
import { ShippingPermission } from './shipping.permissions';
import { ShippingEvent } from './shipping.events';
import { ShipmentEvent, toShipmentEvent } from './shipment-change.event';

const SHIPMENT_ACCESS = { permissions: [ShippingPermission.ShippingRead, SalesPermission.OwnOrdersRead], field: 'shipmentChanged' };

type ShipmentArgs = { fromSeq?: string; salesOrderId?: string };

/** A shipment of the order asked for (or any), of this customer (or any, for internal callers)? */
export const isShipmentChange = (e: LoggedEvent, salesOrderId: string | undefined, customerId: string | undefined) =>
  e.type === ShippingEvent.ShipmentPosted &&
  (!salesOrderId || e.data.salesOrderId === salesOrderId) &&
  (!customerId || e.data.customerId === customerId);

@Resolver()
export class ShipmentChangeResolver {
  @Authorized(...SHIPMENT_ACCESS.permissions)
  @Subscription(() => ShipmentEvent, {
    description: 'Shipments as they are posted (of one sales order, or all you may see), resumable from a sequence',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, ShipmentArgs, GqlContext>) => {
      const customer = customerScope(context);
      return scopedStream(context, SHIPMENT_ACCESS, args.fromSeq, (e) => isShipmentChange(e, args.salesOrderId, customer));
    },
  })
  shipmentChanged(
    @Root() event: LoggedEvent,
    @Arg('salesOrderId', () => ID, { nullable: true }) _salesOrderId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true, description: 'Replay events after this sequence first' })
    _fromSeq?: string,
  ): ShipmentEvent {
    return toShipmentEvent(event);
  }
}
