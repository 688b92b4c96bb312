import type { HubModule } from '../../kernel/module';
import { KpiResolver } from './analysis.resolver';
import { analysisGrants } from './analysis.permissions';

/**
 * Analysis reads across modules: plant KPIs over a period (OEE, first-pass yield, on-time delivery,
 * schedule adherence, lead time, WIP value, scrap cost by reason) and yield against a process parameter.
 * Each KPI reuses its owner's definition where one exists (equipment's OEE, quality's first-pass yield).
 */
export const analysisModule: HubModule = {
  name: 'analysis',
  resolvers: [KpiResolver],
  permissions: analysisGrants,
};
