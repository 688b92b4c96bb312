import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { loadExternalRefs } from '../../kernel/graphql/loaders';
import { ExternalRef } from '../../kernel/external-refs/external-ref';
import { Partner } from '../partners/partner.entity';
import { Item } from '../catalog/item.entity';
import { SalesOrder, SalesOrderLine } from './sales-order.entity';
import * as sales from './sales.service';
import { CreateSalesOrderInput, SalesOrderFilter } from './dto/sales.inputs';
import { SalesPermission } from './sales.permissions';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const SalesOrderConnection = ConnectionType(SalesOrder);

@ObjectType()
class SalesOrderPayload {
  @Field(() => SalesOrder) salesOrder!: SalesOrder;
}

@Resolver(() => SalesOrder)
export class SalesOrderResolver {
  @Authorized(SalesPermission.SalesRead, SalesPermission.OwnOrdersRead)
  @Query(() => SalesOrder)
  salesOrder(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return sales.getSalesOrder(ctx, id);
  }

  @Authorized(SalesPermission.SalesRead, SalesPermission.OwnOrdersRead)
  @Query(() => SalesOrderConnection)
  salesOrders(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SalesOrderFilter, { nullable: true }) filter?: SalesOrderFilter,
  ) {
    return sales.listSalesOrders(ctx, filter, page);
  }

  @Authorized(SalesPermission.SalesWrite)
  @Mutation(() => SalesOrderPayload)
  async createSalesOrder(@Ctx() ctx: GqlContext, @Arg('input', () => CreateSalesOrderInput) input: CreateSalesOrderInput) {
    return { salesOrder: await sales.createSalesOrder(ctx, input) };
  }

  @FromPlan()
  @FieldResolver(() => Partner)
  customer(@Root() order: Row<SalesOrder>) {
    return related(order, 'customer');
  }

  @FromPlan()
  @FieldResolver(() => [SalesOrderLine])
  lines(@Root() order: Row<SalesOrder>) {
    return related(order, 'lines');
  }

  // Another system's ids are internal: a customer sees its order, not where we keep it.
  @Authorized(SalesPermission.SalesRead)
  @FieldResolver(() => [ExternalRef], { description: 'Where it comes from: system and id there' })
  externalRefs(@Ctx() ctx: GqlContext, @Root() order: Row<SalesOrder>) {
    return loadExternalRefs(ctx, 'SalesOrder', order.id);
  }
}

@Resolver(() => SalesOrderLine)
export class SalesOrderLineResolver {
  @FromPlan()
  @FieldResolver(() => Item)
  item(@Root() line: Row<SalesOrderLine>) {
    return related(line, 'item');
  }
}
