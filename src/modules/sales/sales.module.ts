import { salesOrderCode } from './sales.codes';
import type { HubModule } from '../../kernel/module';
import { SalesOrder, SalesOrderLine } from './sales-order.entity';
import { SalesOrderLineResolver, SalesOrderResolver } from './sales.resolver';
import { SalesEvent } from './sales.events';
import { salesGrants } from './sales.permissions';

/** Sales orders and their lines: what customers ordered, by when. */
export const salesModule: HubModule = {
  name: 'sales',
  entities: [SalesOrder, SalesOrderLine],
  resolvers: [SalesOrderResolver, SalesOrderLineResolver],
  events: Object.values(SalesEvent),
  permissions: salesGrants,
  codes: [salesOrderCode],
};
