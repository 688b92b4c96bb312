import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';

import { Delivery, DeliveryAttempt } from '../../kernel/outbox/delivery.entity';
import { SyncRun } from './sync.entity';
import { listDeliveries, replayDeliveries } from './delivery.service';
import { importWithHistory, listSyncRuns, runSyncNow } from './sync.service';
import { ImportInput } from './dto/import.inputs';
import { DeliveryFilter, ImportSalesOrdersInput, ReplayDeliveriesInput, SyncRunFilter } from './dto/integration.inputs';
import { IntegrationPermission } from './integration.permissions';
import { related, type Row } from '../../kernel/graphql/read-plan/planned-row';
import { adapterHealth, AdapterHealthReport } from './adapter-health';
import { FromPlan } from '../../kernel/graphql/plain-fields';

const DeliveryConnection = ConnectionType(Delivery);
const SyncRunConnection = ConnectionType(SyncRun);

@ObjectType()
class ReplayDeliveriesPayload {
  @Field(() => [Delivery]) deliveries!: Delivery[];
}

@Resolver(() => Delivery)
export class DeliveryResolver {
  @Authorized(IntegrationPermission.IntegrationRead)
  @Query(() => DeliveryConnection, { description: 'Outbound deliveries to adapters, newest first' })
  deliveries(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DeliveryFilter, { nullable: true }) filter?: DeliveryFilter,
  ) {
    return listDeliveries(ctx, filter, page);
  }

  @Authorized(IntegrationPermission.IntegrationAdmin)
  @Mutation(() => ReplayDeliveriesPayload, { description: 'Sends dead deliveries again (same idempotency key)' })
  async replayDeliveries(@Ctx() ctx: GqlContext, @Arg('input', () => ReplayDeliveriesInput) input: ReplayDeliveriesInput) {
    return { deliveries: await replayDeliveries(ctx, input) };
  }

  @Authorized(IntegrationPermission.IntegrationRead)
  @Query(() => [AdapterHealthReport], {
    description: 'Each delivering adapter: up, degraded or down (and since when), its backlog and its oldest waiting delivery',
  })
  adapterHealth(@Ctx() ctx: GqlContext) {
    return adapterHealth(ctx.em, ctx.integration.deliveries);
  }

  @FromPlan()
  @FieldResolver(() => [DeliveryAttempt], { description: 'Every try, with its error or response' })
  attemptLog(@Root() d: Row<Delivery>) {
    return related(d, 'attemptLog');
  }
}

@Resolver(() => SyncRun)
export class SyncRunResolver {
  @Authorized(IntegrationPermission.ImportData)
  @Mutation(() => SyncRun, {
    description: 'Pushes items, BOMs and sales orders in (upserts on external refs); bad records are reported, the rest import',
  })
  importRecords(@Ctx() ctx: GqlContext, @Arg('input', () => ImportInput) input: ImportInput) {
    const { system, planWorkOrders, ...batch } = input;
    return importWithHistory(ctx, system, 'API', batch, { planWorkOrders });
  }

  @Authorized(IntegrationPermission.ImportData)
  @Mutation(() => SyncRun, { description: 'Pushes sales orders in; each becomes planned work orders unless planWorkOrders is false' })
  importSalesOrders(@Ctx() ctx: GqlContext, @Arg('input', () => ImportSalesOrdersInput) input: ImportSalesOrdersInput) {
    return importWithHistory(ctx, input.system, 'API', { salesOrders: input.salesOrders }, { planWorkOrders: input.planWorkOrders });
  }

  @Authorized(IntegrationPermission.IntegrationAdmin)
  @Mutation(() => SyncRun, { description: "Runs an adapter's pull now instead of waiting for its schedule" })
  runSync(@Ctx() ctx: GqlContext, @Arg('adapter') adapter: string) {
    return runSyncNow(ctx, adapter);
  }

  @Authorized(IntegrationPermission.IntegrationRead)
  @Query(() => SyncRunConnection, { description: 'Imports (scheduled pulls, webhooks, API), newest first' })
  syncRuns(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SyncRunFilter, { nullable: true }) filter?: SyncRunFilter,
  ) {
    return listSyncRuns(ctx, filter, page);
  }
}
