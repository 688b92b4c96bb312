import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { guardTextArguments } from './text-guard';
import {
  BomLineResolver, BomResolver, ItemResolver, RoutingOperationResolver, RoutingResolver, WorkCenterResolver,
} from '../catalog/catalog.resolver';
import { PartnerResolver } from '../partners/partner.resolver';
import { SalesOrderLineResolver, SalesOrderResolver } from '../sales/sales.resolver';
import {
  ExecutionEventResolver, MaterialRequirementResolver, WorkOrderOperationResolver, WorkOrderResolver,
} from '../production/production.resolver';
import {
  LocationResolver, LotResolver, StockBalanceResolver, StockMoveResolver,
} from '../inventory/inventory.resolver';
import { EventResolver } from '../events/event.resolver';
import { DeliveryResolver, SyncRunResolver } from '../integration/integration.resolver';
import { ItemExternalRefsResolver, PartnerExternalRefsResolver, SalesOrderExternalRefsResolver } from '../integration/external-ref.resolver';
import { JournalEntryResolver } from '../finance/finance.resolver';
import { PurchasingResolver, SupplierRequirementResolver } from '../purchasing/purchasing.resolver';
import { PortalResolver } from '../portal-access/portal.resolver';
import { B2mmlResolver } from '../integration/b2mml/b2mml.resolver';

export const resolvers = [
  ItemResolver, WorkCenterResolver, BomResolver, BomLineResolver, RoutingResolver, RoutingOperationResolver,
  PartnerResolver, SalesOrderResolver, SalesOrderLineResolver, WorkOrderResolver, WorkOrderOperationResolver,
  MaterialRequirementResolver, ExecutionEventResolver, LocationResolver, LotResolver, StockBalanceResolver,
  StockMoveResolver, EventResolver, DeliveryResolver, SyncRunResolver, ItemExternalRefsResolver,
  PartnerExternalRefsResolver, SalesOrderExternalRefsResolver, JournalEntryResolver, PurchasingResolver,
  SupplierRequirementResolver, PortalResolver, B2mmlResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The schema is built once per process and shared by HTTP, WebSocket and the schema printer. */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    // Every subscription reads the event log through its own `subscribe`; nothing is published in memory.
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('subscriptions read the event log; topics are not used');
      },
    },
  }).then(guardTextArguments);
  return built;
}
