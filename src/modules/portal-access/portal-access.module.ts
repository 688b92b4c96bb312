import type { HubModule } from '../../kernel/module';
import { PortalResolver } from './portal.resolver';
import { portalRouter } from './portal.static';
import { portalAccessGrants } from './portal.permissions';

/** The partner portal at /portal, its access links, and `me`. */
export const portalAccessModule: HubModule = {
  name: 'portal-access',
  resolvers: [PortalResolver],
  permissions: portalAccessGrants,
  routes: () => ({ '/portal': portalRouter() }),
};
