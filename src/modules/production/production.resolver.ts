import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';

import { Item } from '../catalog/item.entity';
import { WorkCenter } from '../catalog/work-center.entity';
import { SalesOrderLine } from '../sales/sales-order.entity';
import { StockMove } from '../inventory/stock-move.entity';
import { WorkOrder } from './work-order.entity';
import { WorkOrderOperation } from './work-order-operation.entity';
import { MaterialRequirement } from './material-requirement.entity';
import { ExecutionEvent } from './execution-event.entity';
import * as workOrders from './work-order.service';
import * as queries from './production.queries';
import { issueMaterial } from './material.service';
import { recordExecutionEvent } from './execution.service';
import {
  CreateWorkOrderInput,
  CreateWorkOrdersForSalesOrderInput,
  IssueMaterialInput,
  RecordExecutionEventInput,
  WorkOrderIdInput,
  ExecutionEventFilter,
  OperationFilter,
  WorkOrderFilter,
} from './dto/production.inputs';
import { ProductionPermission } from './production.permissions';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const WorkOrderConnection = ConnectionType(WorkOrder);
const ExecutionEventConnection = ConnectionType(ExecutionEvent);
const OperationConnection = ConnectionType(WorkOrderOperation);

@ObjectType()
class WorkOrderPayload {
  @Field(() => WorkOrder) workOrder!: WorkOrder;
}
@ObjectType()
class WorkOrdersPayload {
  @Field(() => [WorkOrder]) workOrders!: WorkOrder[];
}

@ObjectType()
class IssueMaterialPayload {
  @Field(() => StockMove) stockMove!: StockMove;
  @Field(() => WorkOrder) workOrder!: WorkOrder;
}

@ObjectType()
class RecordExecutionEventPayload {
  @Field(() => ExecutionEvent) event!: ExecutionEvent;
  @Field(() => WorkOrderOperation) operation!: WorkOrderOperation;
  @Field(() => WorkOrder) workOrder!: WorkOrder;
  @Field({ description: 'True when this was a retry of an event already counted; nothing changed' }) replayed!: boolean;
}

@Resolver(() => WorkOrder)
export class WorkOrderResolver {
  @Authorized(ProductionPermission.ProductionRead)
  @Query(() => WorkOrder)
  workOrder(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return queries.getWorkOrder(ctx, id);
  }

  @Authorized(ProductionPermission.ProductionRead)
  @Query(() => WorkOrderConnection)
  workOrders(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => WorkOrderFilter, { nullable: true }) filter?: WorkOrderFilter,
  ) {
    return queries.listWorkOrders(ctx, filter, page);
  }

  @Authorized(ProductionPermission.ProductionPlan)
  @Mutation(() => WorkOrderPayload)
  async createWorkOrder(@Ctx() ctx: GqlContext, @Arg('input', () => CreateWorkOrderInput) input: CreateWorkOrderInput) {
    return { workOrder: await workOrders.createWorkOrder(ctx, input) };
  }

  @Authorized(ProductionPermission.ProductionPlan)
  @Mutation(() => WorkOrdersPayload, { description: 'A planned work order for every line of the sales order that has none' })
  async createWorkOrdersForSalesOrder(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => CreateWorkOrdersForSalesOrderInput) input: CreateWorkOrdersForSalesOrderInput,
  ) {
    return { workOrders: await workOrders.createWorkOrdersForSalesOrder(ctx, input) };
  }

  @Authorized(ProductionPermission.ProductionPlan)
  @Mutation(() => WorkOrderPayload, { description: 'Explodes the BOM and routing; the order goes to the floor' })
  async releaseWorkOrder(@Ctx() ctx: GqlContext, @Arg('input', () => WorkOrderIdInput) input: WorkOrderIdInput) {
    return { workOrder: await workOrders.releaseWorkOrder(ctx, input) };
  }

  @Authorized(ProductionPermission.ProductionPlan)
  @Mutation(() => WorkOrderPayload)
  async cancelWorkOrder(@Ctx() ctx: GqlContext, @Arg('input', () => WorkOrderIdInput) input: WorkOrderIdInput) {
    return { workOrder: await workOrders.cancelWorkOrder(ctx, input) };
  }

  @Authorized(ProductionPermission.ProductionPlan)
  @Mutation(() => WorkOrderPayload)
  async closeWorkOrder(@Ctx() ctx: GqlContext, @Arg('input', () => WorkOrderIdInput) input: WorkOrderIdInput) {
    return { workOrder: await workOrders.closeWorkOrder(ctx, input) };
  }

  @Authorized(ProductionPermission.ProductionExecute)
  @Mutation(() => IssueMaterialPayload, { description: 'Moves a component from stock to the work order' })
  async issueMaterial(@Ctx() ctx: GqlContext, @Arg('input', () => IssueMaterialInput) input: IssueMaterialInput) {
    const stockMove = await issueMaterial(ctx, input);
    return { stockMove, workOrder: await queries.getWorkOrder(ctx, stockMove.workOrderId!) };
  }

  @Authorized(ProductionPermission.ProductionExecute)
  @Mutation(() => RecordExecutionEventPayload, { description: 'A scan from the shop floor; idempotent on clientEventId' })
  async recordExecutionEvent(@Ctx() ctx: GqlContext, @Arg('input', () => RecordExecutionEventInput) input: RecordExecutionEventInput) {
    const { event, replayed } = await recordExecutionEvent(ctx, input);
    const operation = await event.operation.load({ refresh: true });
    const workOrder = await event.workOrder.load({ refresh: true });
    return { event, operation, workOrder, replayed };
  }

  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() wo: Row<WorkOrder>) {
    return related(wo, 'item');
  }

  @FromPlan()
  @FieldResolver(() => [WorkOrderOperation])
  operations(@Root() wo: Row<WorkOrder>) {
    return related(wo, 'operations');
  }

  @FromPlan()
  @FieldResolver(() => [MaterialRequirement])
  materials(@Root() wo: Row<WorkOrder>) {
    return related(wo, 'materials');
  }

  @FromPlan()
  @FieldResolver(() => SalesOrderLine, { nullable: true })
  salesOrderLine(@Root() wo: Row<WorkOrder>) {
    return related(wo, 'salesOrderLine');
  }
}

@Resolver(() => WorkOrderOperation)
export class WorkOrderOperationResolver {
  @Authorized(ProductionPermission.ProductionRead)
  @Query(() => OperationConnection, { description: 'Operations by planned start: a work center dispatch list' })
  workOrderOperations(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => OperationFilter, { nullable: true }) filter?: OperationFilter,
  ) {
    return queries.listOperations(ctx, filter, page);
  }

  @FromPlan()
  @FieldResolver(() => WorkCenter)
  workCenter(@Root() op: Row<WorkOrderOperation>) {
    return related(op, 'workCenter');
  }

  @FromPlan()
  @FieldResolver(() => WorkOrder)
  workOrder(@Root() op: Row<WorkOrderOperation>) {
    return related(op, 'workOrder');
  }
}

@Resolver(() => MaterialRequirement)
export class MaterialRequirementResolver {
  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() m: Row<MaterialRequirement>) {
    return related(m, 'item');
  }
}

@Resolver(() => ExecutionEvent)
export class ExecutionEventResolver {
  @Authorized(ProductionPermission.ProductionRead)
  @Query(() => ExecutionEventConnection)
  executionEvents(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ExecutionEventFilter, { nullable: true }) filter?: ExecutionEventFilter,
  ) {
    return queries.listExecutionEvents(ctx, filter, page);
  }

  @FromPlan()
  @FieldResolver(() => WorkOrderOperation)
  operation(@Root() e: Row<ExecutionEvent>) {
    return related(e, 'operation');
  }
}

/** Production's fields on a sales order line: the work orders that make it (internal roles only). */
@Resolver(() => SalesOrderLine)
export class SalesOrderLineWorkOrdersResolver {
  @FromPlan()
  @Authorized(ProductionPermission.ProductionRead)
  @FieldResolver(() => [WorkOrder], { description: 'Work orders making this line (internal roles only)' })
  workOrders(@Ctx() ctx: GqlContext, @Root() line: Row<SalesOrderLine>) {
    return related(line, 'workOrders', () => ctx.loaders.allWorkOrdersOfLine.load(line.id));
  }
}
