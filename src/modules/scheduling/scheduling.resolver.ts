import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { WorkCenter } from '../catalog/work-center.entity';
import { CalendarException, Plan, PlanState, SchedulingPolicy, WorkCenterPlanning, WorkOrderPriority } from './scheduling.entities';
import { SchedulingPermission } from './scheduling.permissions';
import { publishPlan, replan } from './plan.service';
import {
  getPlan,
  triggerPartsOf,
  listPlans,
  planDiff,
  planLoad,
  planOperations,
  planOrders,
  planSalesLines,
  toOrder,
} from './plan.queries';
import { policyOf, publishedPlan } from './plan-input';
import { bodyOf } from './plan-bodies';
import { simulate } from './what-if.service';
import {
  addCalendarException,
  removeCalendarException,
  setSchedulingPolicy,
  setWorkCenterPlanning,
  setWorkCenterState,
  setWorkOrderPriority,
} from './settings.service';
import {
  AddCalendarExceptionInput,
  PlanIdInput,
  ReplanInput,
  SetSchedulingPolicyInput,
  SetWorkCenterPlanningInput,
  SetWorkCenterStateInput,
  SetWorkOrderPriorityInput,
  WhatIfInput,
} from './dto/scheduling.inputs';
import {
  PlanDiff,
  PlannedOperation,
  PlannedOrder,
  PlannedSalesLine,
  PlanPayload,
  PlanTriggerPart,
  WhatIfResult,
  WorkCenterLoad,
} from './plan.types';
import { plannerTrigger } from './trigger';

const PlanConnection = ConnectionType(Plan);

@ObjectType()
class WorkCenterStatePayload {
  @Field(() => WorkCenter) workCenter!: WorkCenter;
}
@ObjectType()
class WorkCenterPlanningPayload {
  @Field(() => WorkCenterPlanning) planning!: WorkCenterPlanning;
}
@ObjectType()
class CalendarExceptionPayload {
  @Field(() => CalendarException) exception!: CalendarException;
}
@ObjectType()
class WorkOrderPriorityPayload {
  @Field(() => WorkOrderPriority) priority!: WorkOrderPriority;
}
@ObjectType()
class SchedulingPolicyPayload {
  @Field(() => SchedulingPolicy) policy!: SchedulingPolicy;
}

const DAY = 86_400_000;

@Resolver(() => Plan)
export class PlanResolver {
  @Authorized(SchedulingPermission.SchedulingRead)
  @Query(() => Plan)
  plan(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return getPlan(ctx, id);
  }

  @Authorized(SchedulingPermission.SchedulingRead)
  @Query(() => Plan, { nullable: true, description: 'The plan the shop works to' })
  publishedPlan(@Ctx() ctx: GqlContext) {
    return publishedPlan(ctx);
  }

  @Authorized(SchedulingPermission.SchedulingRead)
  @Query(() => PlanConnection, { description: 'Plan versions, newest first' })
  plans(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('states', () => [PlanState], { nullable: true }) states?: PlanState[],
  ) {
    return listPlans(ctx, states, page);
  }

  @Authorized(SchedulingPermission.SchedulingRead)
  @Query(() => PlanDiff, { description: 'What changed from one plan to another (by default, from the one it was based on)' })
  planDiff(
    @Ctx() ctx: GqlContext,
    @Arg('toPlanId', () => ID) toPlanId: string,
    @Arg('fromPlanId', () => ID, { nullable: true }) fromPlanId?: string,
  ) {
    return planDiff(ctx, toPlanId, fromPlanId);
  }

  @Authorized(SchedulingPermission.SchedulingRead)
  @Query(() => WhatIfResult, { description: 'Plans the present with a disruption or rush order applied, without saving anything' })
  async whatIf(@Ctx() ctx: GqlContext, @Arg('input', () => WhatIfInput) input: WhatIfInput) {
    const r = await simulate(ctx, input);
    return {
      ...r,
      orders: r.orders.map(toOrder),
      newlyLate: r.newlyLate.map((o) => ({
        ...o,
        previousEnd: o.previousEnd ? new Date(o.previousEnd) : null,
        plannedEnd: o.plannedEnd ? new Date(o.plannedEnd) : null,
      })),
    };
  }

  @Authorized(SchedulingPermission.SchedulingRead)
  @Query(() => SchedulingPolicy)
  schedulingPolicy(@Ctx() ctx: GqlContext) {
    return policyOf(ctx);
  }

  @Authorized(SchedulingPermission.SchedulingPlan)
  @Mutation(() => PlanPayload, { description: 'Computes a new draft plan; it takes effect when published' })
  async replan(@Ctx() ctx: GqlContext, @Arg('input', () => ReplanInput) input: ReplanInput) {
    const improveMs = input.improveSeconds != null ? input.improveSeconds * 1000 : undefined;
    const id = await replan(ctx, plannerTrigger(input.reason, ctx.actor?.subject), {
      improveMs,
      incremental: input.incremental,
    });
    return { plan: await getPlan(ctx, id) };
  }

  @Authorized(SchedulingPermission.SchedulingPlan)
  @Mutation(() => PlanPayload, { description: 'Publishes a draft: operations and expected dates follow it' })
  async publishPlan(@Ctx() ctx: GqlContext, @Arg('input', () => PlanIdInput) input: PlanIdInput) {
    return { plan: await getPlan(ctx, await publishPlan(ctx, input.planId)) };
  }

  @Authorized(SchedulingPermission.WorkCenterStateWrite)
  @Mutation(() => WorkCenterStatePayload, { description: 'A work center goes down, into maintenance, or back up; the plan reacts' })
  async setWorkCenterState(@Ctx() ctx: GqlContext, @Arg('input', () => SetWorkCenterStateInput) input: SetWorkCenterStateInput) {
    return { workCenter: await setWorkCenterState(ctx, input) };
  }

  @Authorized(SchedulingPermission.SchedulingPlan)
  @Mutation(() => WorkCenterPlanningPayload)
  async setWorkCenterPlanning(@Ctx() ctx: GqlContext, @Arg('input', () => SetWorkCenterPlanningInput) input: SetWorkCenterPlanningInput) {
    return { planning: await setWorkCenterPlanning(ctx, input) };
  }

  @Authorized(SchedulingPermission.SchedulingPlan)
  @Mutation(() => CalendarExceptionPayload, { description: 'A holiday or an overtime window' })
  async addCalendarException(@Ctx() ctx: GqlContext, @Arg('input', () => AddCalendarExceptionInput) input: AddCalendarExceptionInput) {
    return { exception: await addCalendarException(ctx, input) };
  }

  @Authorized(SchedulingPermission.SchedulingPlan)
  @Mutation(() => Boolean)
  removeCalendarException(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return removeCalendarException(ctx, id);
  }

  @Authorized(SchedulingPermission.SchedulingPlan)
  @Mutation(() => WorkOrderPriorityPayload)
  async setWorkOrderPriority(@Ctx() ctx: GqlContext, @Arg('input', () => SetWorkOrderPriorityInput) input: SetWorkOrderPriorityInput) {
    return { priority: await setWorkOrderPriority(ctx, input) };
  }

  @Authorized(SchedulingPermission.SchedulingPlan)
  @Mutation(() => SchedulingPolicyPayload)
  async setSchedulingPolicy(@Ctx() ctx: GqlContext, @Arg('input', () => SetSchedulingPolicyInput) input: SetSchedulingPolicyInput) {
    return { policy: await setSchedulingPolicy(ctx, input) };
  }

  @FieldResolver(() => [PlannedOperation], { description: 'Its operations overlapping the window, in start order' })
  async operations(
    @Ctx() ctx: GqlContext,
    @Root() plan: Plan,
    @Arg('workCenterId', () => ID, { nullable: true }) workCenterId?: string,
    @Arg('workOrderId', () => ID, { nullable: true }) workOrderId?: string,
    @Arg('from', { nullable: true }) from?: Date,
    @Arg('to', { nullable: true }) to?: Date,
  ) {
    return planOperations(await bodyOf(ctx, plan), { workCenterId, workOrderId, from, to });
  }

  @FieldResolver(() => [PlannedOrder], { description: 'Every work order: on time or late, by how much, and why' })
  async orders(
    @Ctx() ctx: GqlContext,
    @Root() plan: Plan,
    @Arg('lateOnly', { defaultValue: false }) lateOnly: boolean,
    @Arg('workOrderId', () => ID, { nullable: true }) workOrderId?: string,
  ) {
    return planOrders(await bodyOf(ctx, plan), { lateOnly, workOrderId });
  }

  @FieldResolver(() => [PlannedSalesLine], { description: 'Every sales order line made by work in the plan' })
  async salesLines(
    @Ctx() ctx: GqlContext,
    @Root() plan: Plan,
    @Arg('salesOrderLineId', () => ID, { nullable: true }) salesOrderLineId?: string,
  ) {
    return planSalesLines(await bodyOf(ctx, plan), salesOrderLineId);
  }

  @FieldResolver(() => [WorkCenterLoad], { description: 'Load per work center over the window (default: the coming 7 days)' })
  async load(
    @Ctx() ctx: GqlContext,
    @Root() plan: Plan,
    @Arg('from', { nullable: true }) from?: Date,
    @Arg('to', { nullable: true }) to?: Date,
  ) {
    const a = from ?? plan.origin;
    return planLoad(await bodyOf(ctx, plan), a, to ?? new Date(a.getTime() + 7 * DAY));
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Weighted tardiness plain earliest-due-date dispatching would give on the same data (the yardstick)',
  })
  async dispatchTardinessMinutes(@Ctx() ctx: GqlContext, @Root() plan: Plan) {
    return (await bodyOf(ctx, plan)).stats?.eddTardinessMinutes ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Moves the improvement phase tried' })
  async searchIterations(@Ctx() ctx: GqlContext, @Root() plan: Plan) {
    return (await bodyOf(ctx, plan)).stats?.iterations ?? null;
  }

  @FieldResolver(() => [PlanTriggerPart], {
    description: 'What set it off, part by part, for saying `trigger` in another language (empty for plans made before it had them)',
  })
  triggerParts(@Root() plan: Plan): PlanTriggerPart[] {
    return triggerPartsOf(plan.triggerParts);
  }

  @FieldResolver(() => [String], { description: 'What the scheduler had to assume' })
  async warnings(@Ctx() ctx: GqlContext, @Root() plan: Plan) {
    return (await bodyOf(ctx, plan)).warnings;
  }
}
