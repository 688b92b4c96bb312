import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../kernel/common/scalars';

@ObjectType({ description: 'OEE over the period: the machines’ times and units added up (machines of the work center, or all)' })
export class PeriodOee {
  @Field(() => Float) plannedSeconds!: number;
  @Field(() => Float) runningSeconds!: number;
  @Field(() => Float) idealSeconds!: number;
  @Field(() => Float) good!: number;
  @Field(() => Float) reject!: number;
  @Field(() => Float, { nullable: true }) availability!: number | null;
  @Field(() => Float, { nullable: true }) performance!: number | null;
  @Field(() => Float, { nullable: true }) quality!: number | null;
  @Field(() => Float, { nullable: true }) oee!: number | null;
}

@ObjectType({ description: "Inspections passed the first time (quality's first-pass yield), 0–1" })
export class PeriodFirstPassYield {
  @Field(() => Int) inspected!: number;
  @Field(() => Int) passed!: number;
  @Field(() => Float, { nullable: true }) rate!: number | null;
}

@ObjectType({ description: 'Sales order lines due in the period, and those shipped in full by the end of their due date' })
export class OnTimeDelivery {
  @Field(() => Int) due!: number;
  @Field(() => Int) onTime!: number;
  @Field(() => Float, { nullable: true }) rate!: number | null;
}

@ObjectType({ description: 'Operations finished in the period with a planned end, and those finished by it' })
export class ScheduleAdherence {
  @Field(() => Int) finished!: number;
  @Field(() => Int) onTime!: number;
  @Field(() => Float, { nullable: true }) rate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Average minutes after the planned end (0 for those on time)' })
  averageLateMinutes!: number | null;
}

@ObjectType({ description: 'Work orders completed in the period: hours to completion' })
export class LeadTime {
  @Field(() => Int) orders!: number;
  @Field(() => Float, { nullable: true }) averageHoursFromRelease!: number | null;
  @Field(() => Float, { nullable: true }) averageHoursFromCreation!: number | null;
}

@ObjectType({ description: 'Units scrapped for one reason, and what they cost as booked' })
export class ScrapCostRow {
  @Field() reason!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field(() => DecimalScalar) cost!: string;
}

@ObjectType({ description: 'Plant KPIs over a period; a work center and an item narrow those they apply to' })
export class KpiReport {
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => PeriodOee, {
    description:
      "Work center: its machines; item: the units counted for its operations, availability over the time it ran (each machine's first to last quarter hour counting for each of its operations)",
  })
  oee!: PeriodOee;
  @Field(() => PeriodFirstPassYield, { description: 'Item applies' }) firstPassYield!: PeriodFirstPassYield;
  @Field(() => OnTimeDelivery, { description: 'Item applies' }) onTimeDelivery!: OnTimeDelivery;
  @Field(() => ScheduleAdherence, { description: 'Work center and item apply' }) scheduleAdherence!: ScheduleAdherence;
  @Field(() => LeadTime, { description: 'Item applies' }) leadTime!: LeadTime;
  @Field(() => DecimalScalar, { description: 'Work in progress in the books at the end of the period (planner, finance, admin)' })
  wipValue!: string;
  @Field(() => [ScrapCostRow], { description: 'By reason, largest cost first; work center and item apply (planner, finance, admin)' })
  scrapCostByReason!: ScrapCostRow[];
}

@ObjectType({ description: 'One band of a parameter: the quarter hours whose average reading fell in [from, to)' })
export class YieldBandRow {
  @Field(() => Int) band!: number;
  @Field(() => Float) from!: number;
  @Field(() => Float) to!: number;
  @Field(() => Int) samples!: number;
  @Field(() => Float) good!: number;
  @Field(() => Float) reject!: number;
  @Field(() => Float, { nullable: true, description: 'Good / all units' }) yield!: number | null;
  @Field(() => Float, { nullable: true, description: 'Reject / all units' }) scrapRate!: number | null;
}

@ObjectType({ description: 'Yield against a process parameter: by band, with the correlation and the band that yields best' })
export class ParameterYieldReport {
  @Field() parameter!: string;
  @Field(() => Int, { description: 'Quarter hours with readings and counts' }) samples!: number;
  @Field(() => Float, { nullable: true, description: 'Pearson correlation of a quarter hour’s average reading with its yield' })
  correlation!: number | null;
  @Field(() => [YieldBandRow]) bands!: YieldBandRow[];
  @Field(() => YieldBandRow, { nullable: true }) bestBand!: YieldBandRow | null;
}
