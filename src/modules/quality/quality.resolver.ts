import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import type { Row } from '../../kernel/graphql/read-plan/planned-row';
import { SalesPermission } from '../sales/sales.permissions';
import { SalesOrder } from '../sales/sales-order.entity';
import { InspectionCharacteristic, InspectionPlan } from './inspection-plan.entity';
import { InspectionTask, Measurement } from './inspection-task.entity';
import { Nonconformance } from './nonconformance.entity';
import { createInspectionPlan, listInspectionPlans } from './inspection-plan.service';
import { recordInspectionResult } from './inspection-result.service';
import { getInspectionTask, inspectionsOfOrder, listInspectionTasks } from './inspection.queries';
import * as ncs from './nonconformance.service';
import { certificateOfConformance, CertificateOfConformance } from './certificate';
import {
  CreateInspectionPlanInput,
  DispositionInput,
  InspectionTaskFilter,
  NonconformanceFilter,
  NonconformanceIdInput,
  RecordInspectionResultInput,
  ReportNonconformanceInput,
  SupplierResponseInput,
  UpdateNonconformanceInput,
} from './quality.inputs';
import { QualityPermission } from './quality.permissions';

const InspectionPlanConnection = ConnectionType(InspectionPlan);
const InspectionTaskConnection = ConnectionType(InspectionTask);
const NonconformanceConnection = ConnectionType(Nonconformance);

@ObjectType()
class InspectionPlanPayload {
  @Field(() => InspectionPlan) plan!: InspectionPlan;
}
@ObjectType()
class InspectionResultPayload {
  @Field(() => InspectionTask) task!: InspectionTask;
}
@ObjectType()
class NonconformancePayload {
  @Field(() => Nonconformance) nonconformance!: Nonconformance;
}

@Resolver(() => InspectionPlan)
export class InspectionPlanResolver {
  @Authorized(QualityPermission.QualityRead)
  @Query(() => InspectionPlanConnection)
  inspectionPlans(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('itemId', () => ID, { nullable: true }) itemId?: string,
  ) {
    return listInspectionPlans(ctx, itemId, page);
  }

  @Authorized(QualityPermission.QualityWrite)
  @Mutation(() => InspectionPlanPayload, { description: 'An inspection plan for a routing operation or for receipts of a purchased item' })
  async createInspectionPlan(@Ctx() ctx: GqlContext, @Arg('input', () => CreateInspectionPlanInput) input: CreateInspectionPlanInput) {
    return { plan: await createInspectionPlan(ctx, input) };
  }

  @FieldResolver(() => [InspectionCharacteristic])
  async characteristics(@Ctx() ctx: GqlContext, @Root() p: Row<InspectionPlan>) {
    return ctx.loaders.characteristicsOfPlan.load(p.id);
  }
}

@Resolver(() => InspectionTask)
export class InspectionTaskResolver {
  @Authorized(QualityPermission.QualityRead)
  @Query(() => InspectionTaskConnection, { description: 'What waits for inspection (OPEN, oldest first), or inspections by state' })
  inspectionTasks(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => InspectionTaskFilter, { nullable: true }) filter?: InspectionTaskFilter,
  ) {
    return listInspectionTasks(ctx, filter, page);
  }

  @Authorized(QualityPermission.QualityRead)
  @Query(() => InspectionTask)
  inspectionTask(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return getInspectionTask(ctx, id);
  }

  @Authorized(SalesPermission.OwnOrdersRead, QualityPermission.QualityRead)
  @Query(() => [InspectionTask], { description: 'The inspections of the work orders made for a sales order (a customer: its own orders)' })
  orderInspections(@Ctx() ctx: GqlContext, @Arg('salesOrderId', () => ID) salesOrderId: string) {
    return inspectionsOfOrder(ctx, salesOrderId);
  }

  @Authorized(SalesPermission.OwnOrdersRead, QualityPermission.QualityRead)
  @Query(() => CertificateOfConformance, { description: 'The certificate of conformance of a shipment (a customer: its own)' })
  certificateOfConformance(@Ctx() ctx: GqlContext, @Arg('shipmentId', () => ID) shipmentId: string) {
    return certificateOfConformance(ctx, shipmentId);
  }

  @Authorized(QualityPermission.InspectionRecord)
  @Mutation(() => InspectionResultPayload, {
    description: 'Records an inspection result; idempotent on clientEventId. Out of spec raises a nonconformance and holds the lot',
  })
  async recordInspectionResult(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => RecordInspectionResultInput) input: RecordInspectionResultInput,
  ) {
    return { task: await recordInspectionResult(ctx, input) };
  }

  @FieldResolver(() => String)
  planName(@Ctx() ctx: GqlContext, @Root() t: Row<InspectionTask>) {
    return ctx.loaders.inspectionPlan.load(t.planId).then((p) => p.name);
  }

  @FieldResolver(() => [InspectionCharacteristic])
  characteristics(@Ctx() ctx: GqlContext, @Root() t: Row<InspectionTask>) {
    return ctx.loaders.characteristicsOfPlan.load(t.planId);
  }

  @FieldResolver(() => [Measurement])
  measurements(@Ctx() ctx: GqlContext, @Root() t: Row<InspectionTask>) {
    return ctx.loaders.measurementsOfTask.load(t.id);
  }
}

/** Quality's field on a sales order: the recorded inspections of the work orders made for it (a customer: its own orders). */
@Resolver(() => SalesOrder)
export class SalesOrderInspectionsResolver {
  @Authorized(SalesPermission.OwnOrdersRead, QualityPermission.QualityRead)
  @FieldResolver(() => [InspectionTask], {
    description: 'Inspections with a result (PASSED or FAILED) of the work orders made for this order',
  })
  inspections(@Ctx() ctx: GqlContext, @Root() order: Row<SalesOrder>) {
    return ctx.loaders.inspectionsOfSalesOrder.load(order.id);
  }
}

const NC_READERS = [QualityPermission.QualityRead, QualityPermission.OwnNonconformances];

@Resolver(() => Nonconformance)
export class NonconformanceResolver {
  @Authorized(...NC_READERS)
  @Query(() => NonconformanceConnection, { description: 'Nonconformances, newest first (a supplier: its own)' })
  nonconformances(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => NonconformanceFilter, { nullable: true }) filter?: NonconformanceFilter,
  ) {
    return ncs.listNonconformances(ctx, filter, page);
  }

  @Authorized(...NC_READERS)
  @Query(() => Nonconformance)
  nonconformance(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return ncs.getNonconformance(ctx, id);
  }

  @Authorized(QualityPermission.QualityWrite, QualityPermission.InspectionRecord)
  @Mutation(() => NonconformancePayload, { description: 'Reports a nonconformance found by a person; its lot is put on hold' })
  async reportNonconformance(@Ctx() ctx: GqlContext, @Arg('input', () => ReportNonconformanceInput) input: ReportNonconformanceInput) {
    return { nonconformance: await ncs.reportNonconformance(ctx, input) };
  }

  @Authorized(QualityPermission.QualityWrite)
  @Mutation(() => NonconformancePayload, { description: 'Root cause and corrective action' })
  async updateNonconformance(@Ctx() ctx: GqlContext, @Arg('input', () => UpdateNonconformanceInput) input: UpdateNonconformanceInput) {
    return { nonconformance: await ncs.updateNonconformance(ctx, input) };
  }

  @Authorized(QualityPermission.QualityWrite)
  @Mutation(() => NonconformancePayload, {
    description: 'Scrap, use as is (then approved by a second person), return to supplier, or rework',
  })
  async dispositionNonconformance(@Ctx() ctx: GqlContext, @Arg('input', () => DispositionInput) input: DispositionInput) {
    return { nonconformance: await ncs.dispositionNonconformance(ctx, input) };
  }

  @Authorized(QualityPermission.QualityWrite)
  @Mutation(() => NonconformancePayload, { description: 'Approves a USE_AS_IS decision; not by whoever decided it' })
  async approveNonconformance(@Ctx() ctx: GqlContext, @Arg('input', () => NonconformanceIdInput) input: NonconformanceIdInput) {
    return { nonconformance: await ncs.approveNonconformance(ctx, input) };
  }

  @Authorized(QualityPermission.OwnNonconformances)
  @Mutation(() => NonconformancePayload, { description: "The supplier's answer to goods returned to it; closes the nonconformance" })
  async respondToNonconformance(@Ctx() ctx: GqlContext, @Arg('input', () => SupplierResponseInput) input: SupplierResponseInput) {
    return { nonconformance: await ncs.respondToNonconformance(ctx, input) };
  }
}
