import { Arg, Authorized, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { badInput } from '../../kernel/common/errors';
import { Machine } from './machine.entity';
import { EquipmentPermission } from './equipment.permissions';
import { period } from './equipment.queries';
import { downtimePareto, oee } from './oee';

enum OeeGranularity {
  SHIFT = 'SHIFT',
  DAY = 'DAY',
}
registerEnumType(OeeGranularity, { name: 'OeeGranularity' });

@ObjectType({ description: 'OEE of a machine (or a work center: machineId null) over one shift or day' })
export class OeeRow {
  @Field(() => ID, { nullable: true }) machineId!: string | null;
  @Field(() => ID) workCenterId!: string;
  @Field({ description: '2026-12-04 for a day, "2026-12-04 A" for a shift (the plant date it starts on)' }) label!: string;
  @Field() start!: Date;
  @Field() end!: Date;
  @Field(() => Float, { description: 'Planned production time: every state but maintenance and planned stops' }) plannedSeconds!: number;
  @Field(() => Float) runningSeconds!: number;
  @Field(() => Float, { description: 'Units made × ideal cycle time' }) idealSeconds!: number;
  @Field(() => Float) good!: number;
  @Field(() => Float) reject!: number;
  @Field(() => Float, { nullable: true, description: 'Running / planned time' }) availability!: number | null;
  @Field(() => Float, { nullable: true, description: 'Ideal / running time' }) performance!: number | null;
  @Field(() => Float, { nullable: true, description: 'Good / all units' }) quality!: number | null;
  @Field(() => Float, { nullable: true, description: 'availability × performance × quality' }) oee!: number | null;
}

@ObjectType()
export class OeeReport {
  @Field(() => [OeeRow]) machines!: OeeRow[];
  @Field(() => [OeeRow], { description: 'Each work center: its machines’ times and units added up' }) workCenters!: OeeRow[];
}

@ObjectType({ description: 'Stop time of one reason (null: not yet given) over a period' })
export class DowntimeParetoRow {
  @Field(() => String, { nullable: true }) reasonCode!: string | null;
  @Field(() => String, { nullable: true }) reasonName!: string | null;
  @Field() planned!: boolean;
  @Field(() => Int) stops!: number;
  @Field(() => Float) seconds!: number;
  @Field(() => Float, { description: 'Of all stop time in the answer' }) share!: number;
  @Field(() => Float) cumulativeShare!: number;
}

/** The machines asked for: by id, or every machine of a work center, or all (at most 500). */
async function machinesOf(ctx: GqlContext, machineIds?: string[], workCenterId?: string) {
  const where: Record<string, unknown> = {};
  if (machineIds?.length) where.id = { $in: machineIds.slice(0, 500) };
  if (workCenterId) where.workCenter = workCenterId;
  const found = await ctx.em.find(Machine, where, { orderBy: { code: 'asc' }, limit: 500 });
  if (machineIds?.length && found.length < new Set(machineIds).size) throw badInput('machineIds', 'names a machine that does not exist');
  return found.map((m) => ({ id: m.id, workCenterId: m.workCenter.id }));
}

@Resolver()
export class OeeResolver {
  @Authorized(EquipmentPermission.EquipmentRead)
  @Query(() => OeeReport, {
    description: 'OEE per machine and work center, per shift or day (plant time, PLANT_SHIFTS / PLANT_UTC_OFFSET)',
  })
  async oee(
    @Ctx() ctx: GqlContext,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('granularity', () => OeeGranularity, { defaultValue: OeeGranularity.SHIFT }) granularity: OeeGranularity,
    @Arg('workCenterId', () => ID, { nullable: true }) workCenterId?: string,
    @Arg('machineIds', () => [ID], { nullable: true }) machineIds?: string[],
  ) {
    const p = period(from, to);
    return oee(ctx, ctx.machineData, await machinesOf(ctx, machineIds, workCenterId), granularity, p.from, p.to);
  }

  @Authorized(EquipmentPermission.EquipmentRead)
  @Query(() => [DowntimeParetoRow], { description: 'Stop time by reason, largest first (a Pareto of losses)' })
  async downtimePareto(
    @Ctx() ctx: GqlContext,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('workCenterId', () => ID, { nullable: true }) workCenterId?: string,
    @Arg('machineIds', () => [ID], { nullable: true }) machineIds?: string[],
  ) {
    const p = period(from, to);
    const machines = await machinesOf(ctx, machineIds, workCenterId);
    return downtimePareto(
      ctx,
      machines.map((m) => m.id),
      p.from,
      p.to,
    );
  }
}
