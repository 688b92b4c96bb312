import DataLoader from 'dataloader';
import type { EntityManager } from '../../kernel/db/orm';
import type { DeclaredRelation } from '../../kernel/graphql/read-plan/relations';
import { relationLoader } from '../../kernel/graphql/read-plan/relations';
import { SalesOrder } from '../sales/sales-order.entity';
import { Shipment } from './shipment.entity';
import { shippedOfLines, type LineShipped } from './shipping.queries';

declare module '../../kernel/graphql/loaders' {
  interface Loaders {
    /** What has shipped of sales order lines, and when. */
    shippedOfLine: DataLoader<string, LineShipped>;
    /** The shipments of sales orders, newest first. */
    shipmentsOfOrder: DataLoader<string, Shipment[]>;
  }
}

/** `SalesOrder.shipments`: sales cannot know shipping, so shipping declares the relation. */
export const shipmentsOfOrder: DeclaredRelation = {
  on: SalesOrder,
  field: 'shipments',
  target: Shipment,
  via: 'salesOrder',
  orderBy: { code: 'asc' },
};

export const shippingLoaders = (em: EntityManager) => ({
  shippedOfLine: new DataLoader<string, LineShipped>((ids) => shippedOfLines(em, ids)),
  shipmentsOfOrder: relationLoader<Shipment>(em, shipmentsOfOrder),
});
