import type { HubModule } from '../../kernel/module';
import { Shipment, ShipmentLine } from './shipment.entity';
import { SalesOrderShipmentsResolver, ShipmentLineResolver, ShipmentResolver } from './shipping.resolver';
import { ShipmentChangeResolver } from './shipment-change.resolver';
import { shipmentsOfOrder, shippingLoaders } from './shipping.loaders';
import { ShippingEvent } from './shipping.events';
import { shippingGrants } from './shipping.permissions';

/**
 * Shipments of sales orders from finished goods: lots picked first-expiry/first-in or named, stock moved
 * to the customer through the ledger (which books the cost of goods sold), the order's lines counted by
 * sales, and the `shipmentChanged` stream. Order tracking reads what shipped for the "Shipped" milestone.
 */
export const shippingModule: HubModule = {
  name: 'shipping',
  entities: [Shipment, ShipmentLine],
  resolvers: [ShipmentResolver, ShipmentLineResolver, SalesOrderShipmentsResolver, ShipmentChangeResolver],
  loaders: shippingLoaders,
  relations: [shipmentsOfOrder],
  events: Object.values(ShippingEvent),
  permissions: shippingGrants,
};
