import type { HubModule } from '../../kernel/module';
import { StationResolver } from './station.resolver';
import { stationGrants } from './station.permissions';
import { labelsRouter } from './labels.route';
import { stationRouter } from './station.static';

/** What a scanned code names, printable labels for the codes, and the operator station at /station. */
export const stationModule: HubModule = {
  name: 'station',
  resolvers: [StationResolver],
  permissions: stationGrants,
  routes: (services) => ({ '/labels': labelsRouter(services), '/station': stationRouter() }),
};
