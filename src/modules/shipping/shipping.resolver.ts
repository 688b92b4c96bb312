import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { Partner } from '../partners/partner.entity';
import { Item } from '../catalog/item.entity';
import { Location } from '../inventory/location.entity';
import { Lot } from '../inventory/lot.entity';
import { SalesOrder, SalesOrderLine } from '../sales/sales-order.entity';
import { SalesPermission } from '../sales/sales.permissions';
import { Shipment, ShipmentLine } from './shipment.entity';
import { shipSalesOrder } from './shipment.service';
import { getShipment, listShipments } from './shipping.queries';
import { ShipmentFilter, ShipSalesOrderInput } from './dto/shipping.inputs';
import { ShippingPermission } from './shipping.permissions';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const ShipmentConnection = ConnectionType(Shipment);
/** Internal readers, and a customer for its own orders' shipments (the services scope it). */
const SHIPMENT_READERS = [ShippingPermission.ShippingRead, SalesPermission.OwnOrdersRead];

@ObjectType()
class ShipmentPayload {
  @Field(() => Shipment) shipment!: Shipment;
}

@Resolver(() => Shipment)
export class ShipmentResolver {
  @Authorized(...SHIPMENT_READERS)
  @Query(() => Shipment)
  shipment(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return getShipment(ctx, id);
  }

  @Authorized(...SHIPMENT_READERS)
  @Query(() => ShipmentConnection, { description: 'Shipments, newest first' })
  shipments(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ShipmentFilter, { nullable: true }) filter?: ShipmentFilter,
  ) {
    return listShipments(ctx, filter, page);
  }

  @Authorized(ShippingPermission.ShippingWrite)
  @Mutation(() => ShipmentPayload, {
    description: 'Ships sales order lines from finished goods under a new delivery note; idempotent on idempotencyKey',
  })
  async shipSalesOrder(@Ctx() ctx: GqlContext, @Arg('input', () => ShipSalesOrderInput) input: ShipSalesOrderInput) {
    return { shipment: await shipSalesOrder(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => SalesOrder)
  salesOrder(@Root() s: Row<Shipment>) {
    return related(s, 'salesOrder');
  }

  @FromPlan()
  @FieldResolver(() => Partner)
  customer(@Root() s: Row<Shipment>) {
    return related(s, 'customer');
  }

  @FromPlan()
  @FieldResolver(() => [ShipmentLine])
  lines(@Root() s: Row<Shipment>) {
    return related(s, 'lines');
  }

  // Who posted it is internal.
  @Authorized(ShippingPermission.ShippingRead)
  @FieldResolver(() => String, { nullable: true, description: 'Who posted it (internal roles only)' })
  postedBy(@Root() s: Row<Shipment>) {
    return s.actor ?? null;
  }
}

@Resolver(() => ShipmentLine)
export class ShipmentLineResolver {
  @FromPlan()
  @FieldResolver(() => SalesOrderLine)
  salesOrderLine(@Root() l: Row<ShipmentLine>) {
    return related(l, 'salesOrderLine');
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() l: Row<ShipmentLine>) {
    return related(l, 'item');
  }

  @FromPlan()
  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() l: Row<ShipmentLine>) {
    return related(l, 'lot');
  }

  // Where it was stored is the plant's business.
  @FromPlan()
  @Authorized(ShippingPermission.ShippingRead)
  @FieldResolver(() => Location, { description: 'Where it was picked (internal roles only)' })
  fromLocation(@Root() l: Row<ShipmentLine>) {
    return related(l, 'fromLocation');
  }
}

/** Shipping's field on a sales order: its shipments (a customer sees those of its own orders). */
@Resolver(() => SalesOrder)
export class SalesOrderShipmentsResolver {
  @FromPlan()
  @FieldResolver(() => [Shipment], { description: 'Shipments of this order, oldest first' })
  shipments(@Ctx() ctx: GqlContext, @Root() order: Row<SalesOrder>) {
    return related(order, 'shipments', () => ctx.loaders.shipmentsOfOrder.load(order.id));
  }
}
