import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { DecimalScalar } from '../../kernel/common/scalars';
import type { Decimal } from '../../kernel/common/quantity';
import { CatalogPermission } from '../catalog/catalog.permissions';
import { WorkOrder } from './work-order.entity';
import { VarianceKind, total } from './work-order-costs';
import { workOrderCost, type WorkOrderCostView } from './work-order-costing.service';

registerEnumType(VarianceKind, { name: 'VarianceKind' });

@ObjectType({ description: 'Money by what it paid for' })
class CostBreakdown {
  @Field(() => DecimalScalar) material!: string;
  @Field(() => DecimalScalar) labour!: string;
  @Field(() => DecimalScalar) machine!: string;
  @Field(() => DecimalScalar) total!: string;
}

@ObjectType()
class CostVariance {
  @Field(() => VarianceKind) kind!: VarianceKind;
  @Field(() => DecimalScalar, { description: 'Actual minus standard: positive costs more than it should have' }) amount!: string;
  @Field({ description: 'Booked to the variance account (the order is closed); otherwise what closing it now would book' })
  posted!: boolean;
}

@ObjectType({ description: "A work order's standard and actual cost, and its variance by kind" })
class WorkOrderCost {
  @Field(() => WorkOrder) workOrder!: WorkOrder;
  @Field() currency!: string;
  @Field(() => CostBreakdown, { description: 'What the BOM and routing allow for the quantity made and scrapped' })
  standard!: CostBreakdown;
  @Field(() => CostBreakdown, { description: "Material at the cost it was issued at, time from the scans at the work centers' rates" })
  actual!: CostBreakdown;
  @Field(() => DecimalScalar, { description: 'Minutes its operations ran, from the scans' }) runMinutes!: string;
  @Field(() => DecimalScalar, { description: 'Taken out of WIP into finished goods at the standard cost' }) completedAtStandard!: string;
  @Field(() => DecimalScalar, { description: 'Written off as scrap, at the cost the units had reached' }) scrapAtCostReached!: string;
  @Field(() => DecimalScalar, { description: 'What the journal holds in work in progress for it now (zero once closed)' })
  wipBalance!: string;
  @Field(() => [CostVariance]) variances!: CostVariance[];
}

const money = (d: Decimal) => d.toFixed(2);
const breakdown = (c: WorkOrderCostView['standard']): CostBreakdown => ({
  material: money(c.material),
  labour: money(c.labour),
  machine: money(c.machine),
  total: money(total(c)),
});

@Resolver()
export class WorkOrderCostResolver {
  @Authorized(CatalogPermission.CostsRead)
  @Query(() => WorkOrderCost, { description: 'Standard versus actual cost of a work order, with the variance by kind' })
  async workOrderCost(@Ctx() ctx: GqlContext, @Arg('workOrderId', () => ID) workOrderId: string): Promise<WorkOrderCost> {
    const v = await workOrderCost(ctx, workOrderId);
    return {
      workOrder: v.workOrder,
      currency: v.currency,
      standard: breakdown(v.standard),
      actual: breakdown(v.actual),
      runMinutes: v.runMinutes.toFixed(),
      completedAtStandard: money(v.completedAtStandard),
      scrapAtCostReached: money(v.scrapAtCostReached),
      wipBalance: money(v.wipBalance),
      variances: v.variances.map((x) => ({ kind: x.kind, amount: money(x.amount), posted: x.posted })),
    };
  }
}
