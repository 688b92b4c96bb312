import type { HubModule } from '../../kernel/module';
import { B2mmlResolver } from './b2mml.resolver';
import { b2mmlRouter } from './b2mml.route';

/** ISA-95 B2MML (0700): performance out, schedules in, over GraphQL and plain HTTP at /b2mml. */
export const b2mmlModule: HubModule = {
  name: 'b2mml',
  resolvers: [B2mmlResolver],
  routes: (services) => ({
    '/b2mml': b2mmlRouter(services.orm, services.runtime, services.authenticate, services.requestSizeLimit),
  }),
};
