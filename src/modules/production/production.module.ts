import { operationCode, workOrderCode } from './production.codes';
import type { HubModule } from '../../kernel/module';
import { WorkOrder } from './work-order.entity';
import { WorkOrderOperation } from './work-order-operation.entity';
import { MaterialRequirement } from './material-requirement.entity';
import { ExecutionEvent } from './execution-event.entity';
import {
  ExecutionEventResolver,
  MaterialRequirementResolver,
  SalesOrderLineWorkOrdersResolver,
  WorkOrderOperationResolver,
  WorkOrderResolver,
} from './production.resolver';
import { WorkOrderChangeResolver } from './work-order-change.resolver';
import { WorkOrderCostResolver } from './work-order-cost.resolver';
import { ProductionCorrectionResolver } from './corrections.resolver';
import { ShortfallResolver } from './shortfall.resolver';
import { productionLoaders, workOrdersOfLine } from './production.loaders';
import { ProductionEvent } from './production.events';
import { productionGrants } from './production.permissions';

/** Work orders, their operations and material, and the shop floor's scans. */
export const productionModule: HubModule = {
  name: 'production',
  entities: [WorkOrder, WorkOrderOperation, MaterialRequirement, ExecutionEvent],
  resolvers: [
    WorkOrderResolver,
    WorkOrderOperationResolver,
    MaterialRequirementResolver,
    ExecutionEventResolver,
    SalesOrderLineWorkOrdersResolver,
    WorkOrderChangeResolver,
    WorkOrderCostResolver,
    ProductionCorrectionResolver,
    ShortfallResolver,
  ],
  loaders: productionLoaders,
  relations: [workOrdersOfLine],
  events: Object.values(ProductionEvent),
  permissions: productionGrants,
  codes: [operationCode, workOrderCode],
};
