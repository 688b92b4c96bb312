import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { badInput } from '../../kernel/common/errors';
import { DecimalScalar } from '../../kernel/common/scalars';
import { CatalogPermission } from '../../modules/catalog/catalog.permissions';
import { period } from '../../modules/equipment/equipment.queries';
import { AnalysisPermission } from './analysis.permissions';
import {
  KpiReport,
  LeadTime,
  OnTimeDelivery,
  ParameterYieldReport,
  PeriodFirstPassYield,
  PeriodOee,
  ScheduleAdherence,
  ScrapCostRow,
} from './analysis.types';
import {
  leadTime,
  onTimeDelivery,
  periodFirstPassYield,
  periodOee,
  scheduleAdherence,
  scrapCostByReason,
  wipValue,
  type KpiScope,
} from './kpi.service';
import { parameterYield } from './parameter-yield';

type Scoped = KpiReport & { scope: KpiScope };

/** The KPIs are computed only when selected: each field is its own set-based statement. */
@Resolver(() => KpiReport)
export class KpiResolver {
  @Authorized(AnalysisPermission.KpiRead)
  @Query(() => KpiReport, { description: 'Plant KPIs over a period (at most a year), of a work center and an item where they apply' })
  kpis(
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('workCenterId', () => ID, { nullable: true }) workCenterId?: string,
    @Arg('itemId', () => ID, { nullable: true }) itemId?: string,
  ) {
    const p = period(from, to);
    return { from: p.from, to: p.to, scope: { ...p, workCenterId, itemId } };
  }

  @FieldResolver(() => PeriodOee)
  oee(@Ctx() ctx: GqlContext, @Root() r: Scoped) {
    return periodOee(ctx, ctx.machineData, r.scope);
  }

  @FieldResolver(() => PeriodFirstPassYield)
  firstPassYield(@Ctx() ctx: GqlContext, @Root() r: Scoped) {
    return periodFirstPassYield(ctx, r.scope);
  }

  @FieldResolver(() => OnTimeDelivery)
  onTimeDelivery(@Ctx() ctx: GqlContext, @Root() r: Scoped) {
    return onTimeDelivery(ctx, r.scope);
  }

  @FieldResolver(() => ScheduleAdherence)
  scheduleAdherence(@Ctx() ctx: GqlContext, @Root() r: Scoped) {
    return scheduleAdherence(ctx, r.scope);
  }

  @FieldResolver(() => LeadTime)
  leadTime(@Ctx() ctx: GqlContext, @Root() r: Scoped) {
    return leadTime(ctx, r.scope);
  }

  @Authorized(CatalogPermission.CostsRead)
  @FieldResolver(() => DecimalScalar)
  wipValue(@Ctx() ctx: GqlContext, @Root() r: Scoped) {
    return wipValue(ctx, r.scope);
  }

  @Authorized(CatalogPermission.CostsRead)
  @FieldResolver(() => [ScrapCostRow])
  scrapCostByReason(@Ctx() ctx: GqlContext, @Root() r: Scoped) {
    return scrapCostByReason(ctx, r.scope);
  }

  @Authorized(AnalysisPermission.KpiRead)
  @Query(() => ParameterYieldReport, {
    description:
      'Yield (and scrap rate) by band of a process parameter over a period, of a work center and an item: the correlation and the band that yields best',
  })
  parameterYield(
    @Ctx() ctx: GqlContext,
    @Arg('parameter') parameter: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('bands', () => Int, { defaultValue: 5, description: '2 to 20 equal bands between the lowest and highest reading' }) bands: number,
    @Arg('workCenterId', () => ID, { nullable: true }) workCenterId?: string,
    @Arg('itemId', () => ID, { nullable: true }) itemId?: string,
  ) {
    if (bands < 2 || bands > 20) throw badInput('bands', 'must be 2 to 20');
    const p = period(from, to);
    return parameterYield(ctx, parameter, bands, { ...p, workCenterId, itemId });
  }
}
