import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Length } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';

import { WorkOrder } from '../../modules/production/work-order.entity';
import type { RecordError } from '../integration/sync.entity';
import { MultilineText } from '../../kernel/graphql/text-guard';
import { importProductionSchedule, workOrderPerformanceXml } from './b2mml.service';
import { ProductionPermission } from '../../modules/production/production.permissions';
import { IntegrationPermission } from '../integration/integration.permissions';

@InputType()
class ImportProductionScheduleInput {
  @Field({ description: 'A B2MML OperationsSchedule (or a Process/Sync message carrying one)' })
  @MultilineText()
  @Length(1, 5_000_000)
  xml!: string;
  @Field({ defaultValue: 'b2mml', description: 'The system the request IDs belong to' }) @Length(1, 64) system!: string;
}

@ObjectType()
class ImportProductionSchedulePayload {
  @Field() scheduleId!: string;
  @Field(() => [WorkOrder], { description: 'Planned work orders made from new requests' }) created!: WorkOrder[];
  @Field(() => Int, { description: 'Requests imported before' }) unchanged!: number;
  @Field(() => GraphQLJSON, { description: '[{ record, reason }] for requests that were not imported' }) errors!: RecordError[];
}

@Resolver()
export class B2mmlResolver {
  @Authorized(ProductionPermission.ProductionRead)
  @Query(() => String, { description: "A work order's production performance as B2MML 0700 XML (OperationsPerformance)" })
  workOrderPerformanceB2mml(@Ctx() ctx: GqlContext, @Arg('workOrderId', () => ID) workOrderId: string) {
    return workOrderPerformanceXml(ctx, workOrderId);
  }

  @Authorized(IntegrationPermission.ImportData, ProductionPermission.ProductionPlan)
  @Mutation(() => ImportProductionSchedulePayload, { description: 'Planned work orders from a B2MML production schedule' })
  importProductionSchedule(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => ImportProductionScheduleInput) input: ImportProductionScheduleInput,
  ) {
    return importProductionSchedule(ctx, input.xml, input.system);
  }
}
