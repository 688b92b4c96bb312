import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { WorkOrderEvent, toWorkOrderEvent } from './work-order-change.event';
import { ProductionPermission } from './production.permissions';

const WORK_ORDER_ACCESS = { permissions: [ProductionPermission.ProductionRead], field: 'workOrderChanged' };

type WorkOrderArgs = { fromSeq?: string; workOrderId?: string };

@Resolver()
export class WorkOrderChangeResolver {
  @Authorized(...WORK_ORDER_ACCESS.permissions)
  @Subscription(() => WorkOrderEvent, {
    description: 'Changes to work orders (one, or all), resumable from a sequence',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, WorkOrderArgs, GqlContext>) =>
      scopedStream(
        context,
        WORK_ORDER_ACCESS,
        args.fromSeq,
        (e) => e.aggregateType === 'WorkOrder' && (!args.workOrderId || e.aggregateId === args.workOrderId),
      ),
  })
  workOrderChanged(
    @Root() event: LoggedEvent,
    @Arg('workOrderId', () => ID, { nullable: true }) _workOrderId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true }) _fromSeq?: string,
  ): WorkOrderEvent {
    return toWorkOrderEvent(event);
  }
}
