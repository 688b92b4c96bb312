import { Arg, Args, Authorized, Ctx, ID, Int, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { partnerScope } from '../auth/partner-scope';
import type { GqlContext } from '../graphql/context';
import { SequenceScalar } from '../graphql/scalars';
import { Permission, Role } from '../auth/permissions';
import { readEvents } from './event-log.service';
import { EventType, type LoggedEvent } from './event-types';
import { DomainEvent, StockChangeEvent, SupplierPlanEvent, WorkOrderEvent, toStockChangeEvent, toSupplierPlanEvent, toWorkOrderEvent } from './event.types';
import { forbidden } from '../common/errors';
import { scopedStream } from './subscription';

/** Events that show an order moving through the shop; material issues are internal. */
const ORDER_PROGRESS = new Set<string>([
  EventType.WorkOrderCreated, EventType.WorkOrderReleased, EventType.WorkOrderStarted, EventType.WorkOrderCompleted,
  EventType.WorkOrderCancelled, EventType.WorkOrderClosed, EventType.OperationStarted, EventType.OperationPaused,
  EventType.OperationResumed, EventType.OperationProgressed, EventType.OperationScrapped, EventType.OperationDone,
  EventType.SalesOrderStateChanged,
]);

const ORDER_PROGRESS_ACCESS = { permissions: [Permission.SalesRead, Permission.OwnOrdersRead], field: 'orderProgress' };
const WORK_ORDER_ACCESS = { permissions: [Permission.ProductionRead], field: 'workOrderChanged' };
const STOCK_ACCESS = { permissions: [Permission.InventoryRead], field: 'stockChanged' };
const SUPPLIER_PLAN_ACCESS = { permissions: [Permission.PurchasingRead, Permission.SupplierPortal], field: 'supplierPlanChanged' };

/** Does this event change the plan of `supplier` (any supplier when undefined)? */
function concernsSupplier(e: LoggedEvent, supplier: string | undefined): boolean {
  if (e.aggregateType === 'SupplierCommitment') return !supplier || e.data.supplierId === supplier;
  const ids = e.data.supplierIds as string[] | undefined;
  return Array.isArray(ids) && ids.length > 0 && (!supplier || ids.includes(supplier));
}

type SubArgs = { fromSeq?: string; salesOrderId?: string; workOrderId?: string; itemId?: string; locationId?: string; supplierId?: string };
type SubData = SubscribeResolverData<unknown, SubArgs, GqlContext>;

@Resolver()
export class EventResolver {
  @Authorized(Permission.EventsRead)
  @Query(() => [DomainEvent], { description: 'The event log after a sequence, oldest first (audit)' })
  events(
    @Ctx() ctx: GqlContext,
    @Arg('afterSeq', () => SequenceScalar, { defaultValue: '0' }) afterSeq: string,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ) {
    return readEvents(ctx.em, afterSeq, Math.min(Math.max(first, 1), 500));
  }

  @Authorized(...ORDER_PROGRESS_ACCESS.permissions)
  @Subscription(() => WorkOrderEvent, {
    description: 'Progress of sales orders (one, or all you may see), resumable from a sequence',
    subscribe: ({ args, context }: SubData) => {
      const customer = partnerScope(context.actor, Role.customer);
      return scopedStream(context, ORDER_PROGRESS_ACCESS, args.fromSeq, (e: LoggedEvent) => {
        if (!ORDER_PROGRESS.has(e.type) || !e.data.salesOrderId) return false;
        if (args.salesOrderId && e.data.salesOrderId !== args.salesOrderId) return false;
        return !customer || e.data.customerId === customer;
      });
    },
  })
  orderProgress(
    @Root() event: LoggedEvent,
    @Arg('salesOrderId', () => ID, { nullable: true }) _salesOrderId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true, description: 'Replay events after this sequence first' })
    _fromSeq?: string,
  ): WorkOrderEvent {
    return toWorkOrderEvent(event);
  }

  @Authorized(...WORK_ORDER_ACCESS.permissions)
  @Subscription(() => WorkOrderEvent, {
    description: 'Changes to work orders (one, or all), resumable from a sequence',
    subscribe: ({ args, context }: SubData) =>
      scopedStream(context, WORK_ORDER_ACCESS, args.fromSeq, (e) =>
        e.aggregateType === 'WorkOrder' && (!args.workOrderId || e.aggregateId === args.workOrderId),
      ),
  })
  workOrderChanged(
    @Root() event: LoggedEvent,
    @Arg('workOrderId', () => ID, { nullable: true }) _workOrderId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true }) _fromSeq?: string,
  ): WorkOrderEvent {
    return toWorkOrderEvent(event);
  }

  @Authorized(...SUPPLIER_PLAN_ACCESS.permissions)
  @Subscription(() => SupplierPlanEvent, {
    description: "Changes to a supplier's plan: its commitments, and orders that need its items (own only, for a supplier)",
    subscribe: ({ args, context }: SubData) => {
      const own = partnerScope(context.actor, Role.supplier);
      if (own && args.supplierId && args.supplierId !== own) throw forbidden('A supplier sees only its own plan');
      const supplier = own ?? args.supplierId;
      return scopedStream(context, SUPPLIER_PLAN_ACCESS, args.fromSeq, (e) => concernsSupplier(e, supplier));
    },
  })
  supplierPlanChanged(
    @Ctx() ctx: GqlContext,
    @Root() event: LoggedEvent,
    @Arg('supplierId', () => ID, { nullable: true }) supplierId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true }) _fromSeq?: string,
  ): SupplierPlanEvent {
    const own = partnerScope(ctx.actor, Role.supplier);
    return toSupplierPlanEvent(event, own ?? supplierId ?? null);
  }

  @Authorized(...STOCK_ACCESS.permissions)
  @Subscription(() => StockChangeEvent, {
    description: 'Stock moves (of an item, at a location, or all), with balances after; resumable',
    subscribe: ({ args, context }: SubData) =>
      scopedStream(context, STOCK_ACCESS, args.fromSeq, (e) => {
        if (e.type !== EventType.StockMoved) return false;
        if (args.itemId && e.data.itemId !== args.itemId) return false;
        return !args.locationId || e.data.fromLocationId === args.locationId || e.data.toLocationId === args.locationId;
      }),
  })
  stockChanged(
    @Root() event: LoggedEvent,
    @Arg('itemId', () => ID, { nullable: true }) _itemId?: string,
    @Arg('locationId', () => ID, { nullable: true }) _locationId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true }) _fromSeq?: string,
  ): StockChangeEvent {
    return toStockChangeEvent(event);
  }
}

