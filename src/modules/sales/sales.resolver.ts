import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Float, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { partnerScope } from '../../kernel/auth/partner-scope';
import { DecimalScalar } from '../../kernel/graphql/scalars';
import { lineProgress } from './order-tracking.service';
import { IsOptional, IsUUID } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs, paginate } from '../../kernel/graphql/connection';
import { Permission, Role, hasPermission } from '../../kernel/auth/permissions';
import { getOrFail } from '../../kernel/common/lookup';
import { forbidden, notFound } from '../../kernel/common/errors';
import { Partner } from '../partners/partner.entity';
import { Item } from '../catalog/item.entity';
import { WorkOrder } from '../production/work-order.entity';
import { SalesOrder, SalesOrderLine, SalesOrderState } from './sales-order.entity';
import { createSalesOrder } from './sales.service';
import { CreateSalesOrderInput } from './dto/sales.inputs';

const SalesOrderConnection = ConnectionType(SalesOrder);

@InputType()
class SalesOrderFilter {
  @Field(() => SalesOrderState, { nullable: true }) state?: SalesOrderState;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() customerId?: string;
}

@ObjectType() class SalesOrderPayload { @Field(() => SalesOrder) salesOrder!: SalesOrder; }

/** A customer sees its own orders only; everyone else with SalesRead sees all. */
const customerScope = (ctx: GqlContext) => partnerScope(ctx.actor, Role.customer);

@Resolver(() => SalesOrder)
export class SalesOrderResolver {
  @Authorized(Permission.SalesRead, Permission.OwnOrdersRead)
  @Query(() => SalesOrder)
  async salesOrder(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    const order = await getOrFail(ctx.em, SalesOrder, id, 'Sales order');
    const scope = customerScope(ctx);
    if (scope && order.customer.id !== scope) throw notFound('Sales order', id);
    return order;
  }

  @Authorized(Permission.SalesRead, Permission.OwnOrdersRead)
  @Query(() => SalesOrderConnection)
  salesOrders(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SalesOrderFilter, { nullable: true }) filter?: SalesOrderFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.state) where.state = filter.state;
    if (filter?.customerId) where.customer = filter.customerId;
    const scope = customerScope(ctx);
    if (scope) {
      if (filter?.customerId && filter.customerId !== scope) throw forbidden('A customer sees only its own orders');
      where.customer = scope;
    }
    return paginate(ctx.em, SalesOrder, where, page, { code: 'desc', id: 'desc' });
  }

  @Authorized(Permission.SalesWrite)
  @Mutation(() => SalesOrderPayload)
  async createSalesOrder(@Ctx() ctx: GqlContext, @Arg('input', () => CreateSalesOrderInput) input: CreateSalesOrderInput) {
    return { salesOrder: await createSalesOrder(ctx, input) };
  }

  @FieldResolver(() => Partner)
  customer(@Root() order: SalesOrder) {
    return order.customer.load();
  }

  @FieldResolver(() => [SalesOrderLine])
  lines(@Root() order: SalesOrder) {
    return order.lines.load();
  }
}

@ObjectType()
class Milestone {
  @Field() key!: string;
  @Field({ description: 'In English; portals word their own from key and operation' }) label!: string;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field({ description: 'The operation ends with an inspection' }) inspection!: boolean;
  @Field() done!: boolean;
  @Field(() => Date, { nullable: true }) at!: Date | null;
}

@ObjectType({ description: 'Where a line stands, as a customer sees it' })
class LineProgress {
  @Field({ description: 'RECEIVED, PLANNED, RELEASED, IN_PRODUCTION or COMPLETED' }) state!: string;
  @Field(() => DecimalScalar) qtyDone!: string;
  @Field(() => Float) percentDone!: number;
  @Field(() => String, { nullable: true }) currentOperation!: string | null;
  @Field() promisedDate!: string;
  @Field(() => String, { nullable: true, description: 'From the plan and the progress so far' }) expectedDate!: string | null;
  @Field(() => [Milestone]) milestones!: Milestone[];
}

@Resolver(() => SalesOrderLine)
export class SalesOrderLineResolver {
  @Authorized(Permission.SalesRead, Permission.OwnOrdersRead)
  @FieldResolver(() => LineProgress)
  async progress(@Ctx() ctx: GqlContext, @Root() line: SalesOrderLine) {
    return lineProgress(line, await ctx.loaders.workOrdersOfLine.load(line.id));
  }

  @FieldResolver(() => Item)
  item(@Root() line: SalesOrderLine) {
    return line.item.load();
  }

  @FieldResolver(() => [WorkOrder], { description: 'Work orders making this line (internal roles only)' })
  workOrders(@Ctx() ctx: GqlContext, @Root() line: SalesOrderLine) {
    if (!ctx.actor || !hasPermission(ctx.actor.role, Permission.ProductionRead)) throw forbidden('Work orders are internal');
    return ctx.em.find(WorkOrder, { salesOrderLine: line.id }, { orderBy: { code: 'asc' } });
  }
}
