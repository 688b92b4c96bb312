import type { HubModule } from '../../kernel/module';
import { CalendarException, CapacityLoss, Plan, SchedulingPolicy, WorkCenterPlanning, WorkOrderPriority } from './scheduling.entities';
import { PlanResolver } from './scheduling.resolver';
import { PlanChangeResolver } from './plan-change.resolver';
import { SchedulingEvent } from './scheduling.events';
import { schedulingGrants } from './scheduling.permissions';
import { replanReactor } from './scheduling.reactor';

/**
 * Finite-capacity scheduling: calendars, parallel machines, transfer batches, material from stock and
 * confirmed commitments; plan versions (draft → published) that time the operations; explanations of
 * lateness with hints; what-if; and re-plans when a work center, supplier, scrap or rush order disrupts.
 */
export const schedulingModule: HubModule = {
  name: 'scheduling',
  entities: [WorkCenterPlanning, CalendarException, CapacityLoss, WorkOrderPriority, SchedulingPolicy, Plan],
  resolvers: [PlanResolver, PlanChangeResolver],
  events: Object.values(SchedulingEvent),
  permissions: schedulingGrants,
  reactors: () => [replanReactor],
};
