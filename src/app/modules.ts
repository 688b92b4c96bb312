import type { HubModule } from '../kernel/module';
import { kernelEntities } from '../kernel/kernel.entities';
import { joinGrants } from '../kernel/auth/permissions';
import type { LoaderFactory } from '../kernel/graphql/loaders';
import type { CodeBook } from '../kernel/codes/code-book';
import { auditModule } from '../modules/audit/audit.module';
import { partnersModule } from '../modules/partners/partners.module';
import { catalogModule } from '../modules/catalog/catalog.module';
import { financeModule } from '../modules/finance/finance.module';
import { inventoryModule } from '../modules/inventory/inventory.module';
import { salesModule } from '../modules/sales/sales.module';
import { productionModule } from '../modules/production/production.module';
import { shippingModule } from '../modules/shipping/shipping.module';
import { equipmentModule } from '../modules/equipment/equipment.module';
import { qualityModule } from '../modules/quality/quality.module';
import { orderTrackingModule } from '../modules/order-tracking/order-tracking.module';
import { purchasingModule } from '../modules/purchasing/purchasing.module';
import { portalAccessModule } from '../modules/portal-access/portal-access.module';
import { schedulingModule } from '../modules/scheduling/scheduling.module';
import { stationModule } from '../modules/station/station.module';
import { integrationModule } from '../orchestration/integration/integration.module';
import { b2mmlModule } from '../orchestration/b2mml/b2mml.module';
import { analysisModule } from '../orchestration/analysis/analysis.module';
import { plantViewModule } from '../orchestration/plant-view/plant-view.module';

/** The hub, module by module. A new module is its folder and one line here. */
export const hubModules: readonly HubModule[] = [
  auditModule,
  partnersModule,
  catalogModule,
  financeModule,
  inventoryModule,
  salesModule,
  productionModule,
  shippingModule,
  equipmentModule,
  qualityModule,
  orderTrackingModule,
  purchasingModule,
  portalAccessModule,
  schedulingModule,
  stationModule,
  integrationModule,
  b2mmlModule,
  analysisModule,
  plantViewModule,
];

export const hubEntities = [...kernelEntities, ...hubModules.flatMap((m) => m.entities ?? [])];

export const hubResolvers = hubModules.flatMap((m) => m.resolvers ?? []);

export const hubLoaders: readonly LoaderFactory[] = hubModules.flatMap((m) => (m.loaders ? [m.loaders] : []));

/** Relations modules add to each other's entities, for the read planner. */
export const hubRelations = hubModules.flatMap((m) => m.relations ?? []);

/** Every role's permissions, joined from the modules' rows. */
export const hubPermissions = joinGrants(hubModules.map((m) => m.permissions ?? {}));

/** Every event type some module writes: what an adapter may ask for. */
export const hubEventTypes: ReadonlySet<string> = new Set(hubModules.flatMap((m) => m.events ?? []));

/** Every kind of code some module reads, by kind. */
export const hubCodeBook: CodeBook = new Map(hubModules.flatMap((m) => m.codes ?? []).map((k) => [k.kind, k]));
