import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { getOrFail } from '../../kernel/db/lookup';
import { SalesOrderLine } from '../sales/sales-order.entity';
import { WorkOrder } from './work-order.entity';
import * as queries from './production.queries';
import { makeUpShortfall, shortCloseSalesOrderLine } from './shortfall.service';
import { MakeUpShortfallInput, ShortCloseSalesOrderLineInput } from './dto/shortfall.inputs';
import { ProductionPermission } from './production.permissions';

@ObjectType()
class ShortCloseSalesOrderLinePayload {
  @Field(() => SalesOrderLine) salesOrderLine!: SalesOrderLine;
}

@ObjectType()
class MakeUpShortfallPayload {
  @Field(() => WorkOrder, { description: 'The new work order, released' }) workOrder!: WorkOrder;
  @Field(() => SalesOrderLine) salesOrderLine!: SalesOrderLine;
}

const lineOf = (ctx: GqlContext, id: string) => getOrFail(ctx.em, SalesOrderLine, id, 'Sales order line');

/** The planner's two answers to a sales order line that finished short. */
@Resolver()
export class ShortfallResolver {
  @Authorized(ProductionPermission.ProductionPlan)
  @Mutation(() => ShortCloseSalesOrderLinePayload, {
    description: 'Closes what a line finished short of, with a reason: it is complete at what was made',
  })
  async shortCloseSalesOrderLine(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => ShortCloseSalesOrderLineInput) input: ShortCloseSalesOrderLineInput,
  ) {
    const line = await shortCloseSalesOrderLine(ctx, input);
    return { salesOrderLine: await lineOf(ctx, line.id) };
  }

  @Authorized(ProductionPermission.ProductionPlan)
  @Mutation(() => MakeUpShortfallPayload, {
    description: 'Makes up what a line finished short of with a new work order on the same line, released at once',
  })
  async makeUpShortfall(@Ctx() ctx: GqlContext, @Arg('input', () => MakeUpShortfallInput) input: MakeUpShortfallInput) {
    const wo = await makeUpShortfall(ctx, input);
    return { workOrder: await queries.getWorkOrder(ctx, wo.id), salesOrderLine: await lineOf(ctx, input.salesOrderLineId) };
  }
}
