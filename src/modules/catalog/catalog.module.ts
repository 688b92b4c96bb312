import { itemCode } from './item.codes';
import type { HubModule } from '../../kernel/module';
import { Item } from './item.entity';
import { Bom, BomLine } from './bom.entity';
import { Routing, RoutingOperation } from './routing.entity';
import { WorkCenter } from './work-center.entity';
import {
  BomLineResolver,
  BomResolver,
  ItemResolver,
  RoutingOperationResolver,
  RoutingResolver,
  WorkCenterResolver,
} from './catalog.resolver';
import { catalogLoaders } from './catalog.loaders';
import { CatalogEvent } from './catalog.events';
import { catalogGrants } from './catalog.permissions';

/** Items, versioned BOMs and routings, work centers: what the plant makes and how. */
export const catalogModule: HubModule = {
  name: 'catalog',
  entities: [Item, Bom, BomLine, Routing, RoutingOperation, WorkCenter],
  resolvers: [ItemResolver, WorkCenterResolver, BomResolver, BomLineResolver, RoutingResolver, RoutingOperationResolver],
  loaders: catalogLoaders,
  events: Object.values(CatalogEvent),
  permissions: catalogGrants,
  codes: [itemCode],
};
