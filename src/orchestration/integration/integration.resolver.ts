import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs, paginate } from '../../kernel/graphql/connection';
import { Permission } from '../../kernel/auth/permissions';
import { Delivery, DeliveryAttempt, DeliveryState } from '../../kernel/outbox/delivery.entity';
import { SyncRun } from './sync.entity';
import { replayDeliveries } from './delivery.service';
import { importWithHistory, runPull } from './sync.service';
import { ImportInput, ImportSalesOrderInput } from './dto/import.inputs';
import { notFound } from '../../kernel/common/errors';

const DeliveryConnection = ConnectionType(Delivery);
const SyncRunConnection = ConnectionType(SyncRun);

@InputType()
class DeliveryFilter {
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) adapter?: string;
  @Field(() => [DeliveryState], { nullable: true }) states?: DeliveryState[];
  @Field(() => ID, { nullable: true, description: 'Deliveries of one aggregate (a work order, a journal entry, …)' })
  @IsOptional()
  @IsUUID()
  aggregateId?: string;
}

@InputType()
class ReplayDeliveriesInput {
  @Field(() => [ID], { nullable: true, description: 'These dead deliveries' }) @IsOptional() @IsUUID('all', { each: true }) deliveryIds?: string[];
  @Field({ nullable: true, description: 'Or every dead delivery of this adapter' }) @IsOptional() @Length(1, 64) adapter?: string;
}

@ObjectType()
class ReplayDeliveriesPayload {
  @Field(() => [Delivery]) deliveries!: Delivery[];
}

@InputType()
class ImportSalesOrdersInput {
  @Field() @Length(1, 64) system!: string;
  @Field(() => [ImportSalesOrderInput]) @ArrayMaxSize(1000) @ValidateNested({ each: true }) salesOrders!: ImportSalesOrderInput[];
  @Field({ defaultValue: true }) planWorkOrders!: boolean;
}

@InputType()
class SyncRunFilter {
  @Field({ nullable: true }) @IsOptional() @Length(1, 64) adapter?: string;
}

@Resolver(() => Delivery)
export class DeliveryResolver {
  @Authorized(Permission.IntegrationRead)
  @Query(() => DeliveryConnection, { description: 'Outbound deliveries to adapters, newest first' })
  deliveries(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DeliveryFilter, { nullable: true }) filter?: DeliveryFilter,
  ) {
    const where: Record<string, unknown> = {};
    if (filter?.adapter) where.adapter = filter.adapter;
    if (filter?.states?.length) where.state = { $in: filter.states };
    if (filter?.aggregateId) where.aggregateId = filter.aggregateId;
    return paginate(ctx.em, Delivery, where, page, { eventSeq: 'desc', id: 'desc' });
  }

  @Authorized(Permission.IntegrationAdmin)
  @Mutation(() => ReplayDeliveriesPayload, { description: 'Sends dead deliveries again (same idempotency key)' })
  async replayDeliveries(@Ctx() ctx: GqlContext, @Arg('input', () => ReplayDeliveriesInput) input: ReplayDeliveriesInput) {
    return { deliveries: await replayDeliveries(ctx, input) };
  }

  @FieldResolver(() => [DeliveryAttempt], { description: 'Every try, with its error or response' })
  attemptLog(@Root() d: Delivery) {
    return d.attemptLog.load();
  }
}

@Resolver(() => SyncRun)
export class SyncRunResolver {
  @Authorized(Permission.ImportData)
  @Mutation(() => SyncRun, {
    description: 'Pushes items, BOMs and sales orders in (upserts on external refs); bad records are reported, the rest import',
  })
  importRecords(@Ctx() ctx: GqlContext, @Arg('input', () => ImportInput) input: ImportInput) {
    const { system, planWorkOrders, ...batch } = input;
    return importWithHistory(ctx, system, 'API', batch, { planWorkOrders });
  }

  @Authorized(Permission.ImportData)
  @Mutation(() => SyncRun, { description: 'Pushes sales orders in; each becomes planned work orders unless planWorkOrders is false' })
  importSalesOrders(@Ctx() ctx: GqlContext, @Arg('input', () => ImportSalesOrdersInput) input: ImportSalesOrdersInput) {
    return importWithHistory(ctx, input.system, 'API', { salesOrders: input.salesOrders }, { planWorkOrders: input.planWorkOrders });
  }

  @Authorized(Permission.IntegrationAdmin)
  @Mutation(() => SyncRun, { description: 'Runs an adapter\'s pull now instead of waiting for its schedule' })
  async runSync(@Ctx() ctx: GqlContext, @Arg('adapter') adapter: string) {
    const found = ctx.integration.adapters.get(adapter);
    if (!found) throw notFound('Adapter', adapter);
    return runPull(ctx, found, 'MANUAL', ctx.integration.locks, ctx.integration.log, { planWorkOrders: true });
  }

  @Authorized(Permission.IntegrationRead)
  @Query(() => SyncRunConnection, { description: 'Imports (scheduled pulls, webhooks, API), newest first' })
  syncRuns(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SyncRunFilter, { nullable: true }) filter?: SyncRunFilter,
  ) {
    return paginate(ctx.em, SyncRun, filter?.adapter ? { adapter: filter.adapter } : {}, page, { createdAt: 'desc', id: 'desc' });
  }
}
