import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, paginate, PageArgs } from '../../kernel/graphql/connection';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { getOrFail } from '../../kernel/db/lookup';
import { DecimalScalar } from '../../kernel/common/scalars';
import { WorkCenter } from '../catalog/work-center.entity';
import { Item } from '../catalog/item.entity';
import { Machine } from './machine.entity';
import { MaintenanceOrder, MaintenancePartUse, MaintenancePlan } from './maintenance.entity';
import { EquipmentPermission } from './equipment.permissions';
import { nextDue } from './maintenance-due';
import {
  assignMaintenanceOrder,
  cancelMaintenanceOrder,
  completeMaintenanceOrder,
  createMaintenanceOrder,
  createMaintenancePlan,
  scheduleMaintenanceOrder,
  startMaintenanceOrder,
} from './maintenance.service';
import {
  AssignMaintenanceOrderInput,
  CancelMaintenanceOrderInput,
  CompleteMaintenanceOrderInput,
  CreateMaintenanceOrderInput,
  CreateMaintenancePlanInput,
  MaintenanceOrderFilter,
  ScheduleMaintenanceOrderInput,
  StartMaintenanceOrderInput,
} from './dto/maintenance.inputs';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const PlanConnection = ConnectionType(MaintenancePlan);
const OrderConnection = ConnectionType(MaintenanceOrder);
const READ = EquipmentPermission.EquipmentRead;

@ObjectType()
class MaintenancePlanPayload {
  @Field(() => MaintenancePlan) plan!: MaintenancePlan;
}
@ObjectType()
class MaintenanceOrderPayload {
  @Field(() => MaintenanceOrder) order!: MaintenanceOrder;
}

@Resolver(() => MaintenancePlan)
export class MaintenancePlanResolver {
  @Authorized(READ)
  @Query(() => PlanConnection, { description: 'Preventive maintenance plans (of a machine, or all)' })
  maintenancePlans(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('machineId', () => ID, { nullable: true }) machineId?: string,
  ) {
    return paginate(ctx.em, MaintenancePlan, machineId ? { machine: machineId } : {}, page, { createdAt: 'asc', id: 'asc' });
  }

  @Authorized(EquipmentPermission.MaintenancePlan)
  @Mutation(() => MaintenancePlanPayload, {
    description: 'A preventive plan for a machine; it opens a maintenance order each time it falls due (MaintenanceOrderChanged)',
  })
  async createMaintenancePlan(@Ctx() ctx: GqlContext, @Arg('input', () => CreateMaintenancePlanInput) input: CreateMaintenancePlanInput) {
    return { plan: await createMaintenancePlan(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Machine)
  machine(@Root() p: Row<MaintenancePlan>) {
    return related(p, 'machine');
  }

  @FieldResolver(() => Date, { nullable: true, description: 'CALENDAR: when it falls due next' })
  dueAt(@Root() p: Row<MaintenancePlan>) {
    return nextDue(p as MaintenancePlan).at;
  }

  @FieldResolver(() => DecimalScalar, {
    nullable: true,
    description: "CYCLES, RUNNING_HOURS: the machine's count (cycles, or running hours) at which it falls due next",
  })
  dueAtCounter(@Root() p: Row<MaintenancePlan>) {
    return nextDue(p as MaintenancePlan).counter;
  }

  @FieldResolver(() => MaintenanceOrder, { nullable: true, description: 'Its order not yet done or cancelled' })
  openOrder(@Ctx() ctx: GqlContext, @Root() p: Row<MaintenancePlan>) {
    return p.openOrderId ? ctx.em.findOne(MaintenanceOrder, p.openOrderId) : null;
  }
}

@Resolver(() => MaintenanceOrder)
export class MaintenanceOrderResolver {
  @Authorized(READ)
  @Query(() => MaintenanceOrder)
  maintenanceOrder(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return getOrFail(ctx.em, MaintenanceOrder, id, 'Maintenance order');
  }

  @Authorized(READ)
  @Query(() => OrderConnection, { description: 'Maintenance orders, newest first' })
  maintenanceOrders(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => MaintenanceOrderFilter, { nullable: true }) filter?: MaintenanceOrderFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.machineId) where.machine = filter.machineId;
    if (filter?.workCenterId) where.workCenter = filter.workCenterId;
    if (filter?.states?.length) where.state = { $in: filter.states };
    if (filter?.kind) where.kind = filter.kind;
    if (filter?.assignee) where.assignee = filter.assignee;
    return paginate(ctx.em, MaintenanceOrder, where, page, { createdAt: 'desc', id: 'desc' });
  }

  @Authorized(EquipmentPermission.MaintenanceWrite)
  @Mutation(() => MaintenanceOrderPayload, { description: 'Opens a corrective order by hand' })
  async createMaintenanceOrder(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => CreateMaintenanceOrderInput) input: CreateMaintenanceOrderInput,
  ) {
    return { order: await createMaintenanceOrder(ctx, input) };
  }

  @Authorized(EquipmentPermission.MaintenancePlan)
  @Mutation(() => MaintenanceOrderPayload, {
    description: 'Plans the window an order will take: the scheduler plans the machine out for it (lost capacity)',
  })
  async scheduleMaintenanceOrder(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => ScheduleMaintenanceOrderInput) input: ScheduleMaintenanceOrderInput,
  ) {
    return { order: await scheduleMaintenanceOrder(ctx, input) };
  }

  @Authorized(EquipmentPermission.MaintenancePlan)
  @Mutation(() => MaintenanceOrderPayload, { description: 'Gives an order to someone' })
  async assignMaintenanceOrder(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => AssignMaintenanceOrderInput) input: AssignMaintenanceOrderInput,
  ) {
    return { order: await assignMaintenanceOrder(ctx, input) };
  }

  @Authorized(EquipmentPermission.MaintenanceWrite)
  @Mutation(() => MaintenanceOrderPayload, { description: 'Work starts; a preventive order takes the machine into MAINTENANCE' })
  async startMaintenanceOrder(@Ctx() ctx: GqlContext, @Arg('input', () => StartMaintenanceOrderInput) input: StartMaintenanceOrderInput) {
    return { order: await startMaintenanceOrder(ctx, input) };
  }

  @Authorized(EquipmentPermission.MaintenanceWrite)
  @Mutation(() => MaintenanceOrderPayload, {
    description: 'Work done: notes and the spare parts used, issued from stock with journal entries; a plan counts again from now',
  })
  async completeMaintenanceOrder(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => CompleteMaintenanceOrderInput) input: CompleteMaintenanceOrderInput,
  ) {
    return { order: await completeMaintenanceOrder(ctx, input) };
  }

  @Authorized(EquipmentPermission.MaintenancePlan)
  @Mutation(() => MaintenanceOrderPayload, { description: 'Not to be done; a plan counts again from now' })
  async cancelMaintenanceOrder(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => CancelMaintenanceOrderInput) input: CancelMaintenanceOrderInput,
  ) {
    return { order: await cancelMaintenanceOrder(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Machine)
  machine(@Root() o: Row<MaintenanceOrder>) {
    return related(o, 'machine');
  }

  @FromPlan()
  @FieldResolver(() => WorkCenter)
  workCenter(@Root() o: Row<MaintenanceOrder>) {
    return related(o, 'workCenter');
  }

  @FromPlan()
  @FieldResolver(() => MaintenancePlan, { nullable: true })
  plan(@Root() o: Row<MaintenanceOrder>) {
    return related(o, 'plan');
  }

  @FromPlan()
  @FieldResolver(() => [MaintenancePartUse], { description: 'Spare parts used' })
  parts(@Root() o: Row<MaintenanceOrder>) {
    return related(o, 'parts');
  }
}

@Resolver(() => MaintenancePartUse)
export class MaintenancePartUseResolver {
  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() p: Row<MaintenancePartUse>) {
    return related(p, 'item');
  }
}
