import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { SequenceScalar } from '../../kernel/common/scalars';
import type { LoggedEvent } from '../../kernel/events/event-types';
import { scopedStream } from '../../kernel/events/subscription';
import { SupplierPlanEvent, toSupplierPlanEvent } from './supplier-plan.event';
import { scopedSupplier } from './commitment.service';
import { PurchasingPermission } from './purchasing.permissions';

const SUPPLIER_PLAN_ACCESS = {
  permissions: [PurchasingPermission.PurchasingRead, PurchasingPermission.SupplierPortal],
  field: 'supplierPlanChanged',
};

/** Does this event change the plan of `supplier` (any supplier when undefined)? */
export function concernsSupplier(e: LoggedEvent, supplier: string | undefined): boolean {
  if (e.aggregateType === 'SupplierCommitment') return !supplier || e.data.supplierId === supplier;
  const ids = e.data.supplierIds as string[] | undefined;
  return Array.isArray(ids) && ids.length > 0 && (!supplier || ids.includes(supplier));
}

type PlanArgs = { fromSeq?: string; supplierId?: string };

@Resolver()
export class SupplierPlanResolver {
  @Authorized(...SUPPLIER_PLAN_ACCESS.permissions)
  @Subscription(() => SupplierPlanEvent, {
    description: "Changes to a supplier's plan: its commitments, and orders that need its items (own only, for a supplier)",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, PlanArgs, GqlContext>) => {
      const supplier = scopedSupplier(context, args.supplierId, 'plan');
      return scopedStream(context, SUPPLIER_PLAN_ACCESS, args.fromSeq, (e) => concernsSupplier(e, supplier));
    },
  })
  supplierPlanChanged(
    @Ctx() ctx: GqlContext,
    @Root() event: LoggedEvent,
    @Arg('supplierId', () => ID, { nullable: true }) supplierId?: string,
    @Arg('fromSeq', () => SequenceScalar, { nullable: true }) _fromSeq?: string,
  ): SupplierPlanEvent {
    return toSupplierPlanEvent(event, scopedSupplier(ctx, supplierId, 'plan') ?? null);
  }
}
