import type { HubModule } from '../../kernel/module';
import { Partner } from './partner.entity';
import { PartnerResolver } from './partner.resolver';
import { PartnerEvent } from './partner.events';
import { partnersGrants } from './partner.permissions';

/** Customers and suppliers, with where they come from in other systems. */
export const partnersModule: HubModule = {
  name: 'partners',
  entities: [Partner],
  resolvers: [PartnerResolver],
  events: Object.values(PartnerEvent),
  permissions: partnersGrants,
};
