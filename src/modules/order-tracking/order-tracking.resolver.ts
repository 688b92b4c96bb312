import { Arg, Authorized, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { SalesOrderLine } from '../sales/sales-order.entity';
import { customerScope } from '../sales/sales.service';
import { SalesPermission } from '../sales/sales.permissions';
import { WorkOrderEvent } from '../production/work-order-change.event';
import { LineProgress } from './line-progress.types';
import { isOrderProgress, lineProgress, toProgressEvent } from './order-tracking.service';
import type { Row } from '../../kernel/graphql/read-plan/planned-row';

const ORDER_PROGRESS_ACCESS = { permissions: [SalesPermission.SalesRead, SalesPermission.OwnOrdersRead], field: 'orderProgress' };

type ProgressArgs = { fromSeq?: string; salesOrderId?: string };

@Resolver(() => SalesOrderLine)
export class OrderTrackingResolver {
  @Authorized(...ORDER_PROGRESS_ACCESS.permissions)
  @FieldResolver(() => LineProgress)
  async progress(@Ctx() ctx: GqlContext, @Root() line: Row<SalesOrderLine>) {
    const [orders, shipped] = await Promise.all([ctx.loaders.workOrdersOfLine.load(line.id), ctx.loaders.shippedOfLine.load(line.id)]);
    const inspections = await Promise.all(orders.map((wo) => ctx.loaders.inspectionsOfWorkOrder.load(wo.id)));
    return lineProgress(line, orders, shipped, inspections.flat());
  }

  @Authorized(...ORDER_PROGRESS_ACCESS.permissions)
  @Subscription(() => WorkOrderEvent, {
    description: 'Progress of sales orders (one, or all you may see), resumable from a sequence',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, ProgressArgs, GqlContext>) => {
      const customer = customerScope(context);
      return scopedStream(context, ORDER_PROGRESS_ACCESS, args.fromSeq, (e: LoggedEvent) =>
        isOrderProgress(e, args.salesOrderId, customer),
      );
    },
  })
  orderProgress(
    @Root() event: LoggedEvent,
    @Arg('salesOrderId', () => ID, { nullable: true }) _salesOrderId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true, description: 'Replay events after this sequence first' })
    _fromSeq?: string,
  ): WorkOrderEvent {
    return toProgressEvent(event);
  }
}
