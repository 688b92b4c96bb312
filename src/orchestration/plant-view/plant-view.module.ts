import type { HubModule } from '../../kernel/module';
import { PlantViewResolver } from './plant-view.resolver';
import { plantViewGrants } from './plant-view.permissions';

/**
 * The plant view reads across modules: every work center with its machines (equipment), the operations
 * in progress and waiting there (production), and `plantChanged`, the one stream that moves it. OEE is
 * equipment's own `oee` query; the page at /portal/plant.html asks for both.
 */
export const plantViewModule: HubModule = {
  name: 'plant-view',
  resolvers: [PlantViewResolver],
  permissions: plantViewGrants,
};
