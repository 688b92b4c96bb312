import type { HubModule } from '../../kernel/module';
import { DeliveryResolver, SyncRunResolver } from './integration.resolver';
import { InboundMessage, SyncRun, SyncState } from './sync.entity';
import { inboundRouter } from './inbound.route';
import { pullJobs } from './scheduler';
import { integrationGrants } from './integration.permissions';
import './integration.context';

/**
 * The hub's side of its partners: deliveries out (the outbox, its worker and replay), imports in
 * (API, signed webhooks at /hooks, scheduled pulls) and their history.
 */
export const integrationModule: HubModule = {
  name: 'integration',
  entities: [SyncState, SyncRun, InboundMessage],
  resolvers: [DeliveryResolver, SyncRunResolver],
  permissions: integrationGrants,
  routes: (services) => ({
    '/hooks': inboundRouter(services.orm, services.integration.adapters, services.runtime, services.log, services.requestSizeLimit),
  }),
  jobs: (services) => pullJobs(services.integration),
};
