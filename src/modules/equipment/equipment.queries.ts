import type { Ctx } from '../../kernel/unit-of-work/context';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { badInput } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import { Downtime, Machine } from './machine.entity';
import { COUNT_BUCKET_MS, ParameterAlert } from './machine-data.entity';
import type { DowntimeFilter, MachineFilter } from './dto/equipment.inputs';

export const getMachine = (ctx: Ctx, id: string) => getOrFail(ctx.em, Machine, id, 'Machine');

export function listMachines(ctx: Ctx, filter: MachineFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.workCenterId) where.workCenter = filter.workCenterId;
  if (filter?.state) where.state = filter.state;
  return paginate(ctx.em, Machine, where, page, { code: 'asc', id: 'asc' });
}

export function listDowntimes(ctx: Ctx, filter: DowntimeFilter | undefined, page: PageArgs) {
  const where: Record<string, unknown> = {};
  if (filter?.machineId) where.machine = filter.machineId;
  if (filter?.workCenterId) where.workCenter = filter.workCenterId;
  if (filter?.open) where.endedAt = null;
  if (filter?.unconfirmed) where.confirmedBy = null;
  if (filter?.from) where.$or = [{ endedAt: null }, { endedAt: { $gt: filter.from } }];
  if (filter?.to) where.startedAt = { $lt: filter.to };
  return paginate(ctx.em, Downtime, where, page, { startedAt: 'desc', id: 'desc' });
}

export function listAlerts(ctx: Ctx, machineId: string | undefined, page: PageArgs) {
  return paginate(ctx.em, ParameterAlert, machineId ? { machine: machineId } : {}, page, { at: 'desc', id: 'desc' });
}

/** A period asked for: from before to, at most a year (the queries read time series). */
export function period(from: Date, to: Date): { from: Date; to: Date } {
  if (!(from < to)) throw badInput('to', 'must be after from');
  if (to.getTime() - from.getTime() > 366 * 86_400_000) throw badInput('from', 'a period is at most a year');
  return { from, to };
}

export interface ReliabilityRow {
  machineId: string;
  failures: number;
  runningSeconds: number;
  downSeconds: number;
  mtbfSeconds: number | null;
  mttrSeconds: number | null;
}

/**
 * MTBF and MTTR of machines over a period, from their stops: a failure is an unplanned stop that
 * started in the period; MTBF is running time per failure, MTTR the unplanned stop time per failure.
 */
export async function reliability(ctx: Ctx, machineIds: readonly string[], from: Date, to: Date): Promise<ReliabilityRow[]> {
  const rows = await ctx.em.execute<{ machine_id: string; failures: string | number; down: number | null; running: number | null }[]>(
    `with m as (select unnest(?::uuid[]) as id)
     select m.id as machine_id,
       (select count(*) from downtime d where d.machine_id = m.id and not d.planned and d.started_at >= ? and d.started_at < ?) as failures,
       (select sum(extract(epoch from least(coalesce(d.ended_at, now()), ?::timestamptz) - greatest(d.started_at, ?::timestamptz)))
          from downtime d where d.machine_id = m.id and not d.planned and d.started_at < ? and coalesce(d.ended_at, now()) > ?) as down,
       (select sum(extract(epoch from least(coalesce(p.ended_at, now()), ?::timestamptz) - greatest(p.started_at, ?::timestamptz)))
          from machine_state_period p where p.machine_id = m.id and p.state = 'RUNNING' and p.started_at < ? and coalesce(p.ended_at, now()) > ?) as running
     from m`,
    [`{${machineIds.join(',')}}`, from, to, to, from, to, from, to, from, to, from],
  );
  return rows.map((r) => {
    const failures = Number(r.failures);
    const running = Math.max(0, Number(r.running ?? 0));
    const down = Math.max(0, Number(r.down ?? 0));
    return {
      machineId: r.machine_id,
      failures,
      runningSeconds: running,
      downSeconds: down,
      mtbfSeconds: failures ? running / failures : null,
      mttrSeconds: failures ? down / failures : null,
    };
  });
}

export interface SeriesPoint {
  at: Date;
  value: number;
  min: number;
  max: number;
}

/** A bucket wider than any period asked (about 3,000 years, a multiple of a quarter hour): everything in one. */
const WHOLE_PERIOD_SECONDS = 900 * 100_000_000;

/** A quarter hour, in seconds: the grid of ParameterBucket. */
const QUARTER_SECONDS = COUNT_BUCKET_MS / 1000;

/**
 * A parameter's readings over a period, averaged into at most `points` time buckets (with each bucket's
 * min and max). Buckets of a quarter hour or more are whole quarter hours, read from ParameterBucket
 * (a month is 2,880 rows instead of 2.6 million readings) with the readings of the period's ragged
 * ends added, so the figures are those of the readings themselves.
 */
export async function parameterSeries(
  ctx: Ctx,
  machineId: string,
  name: string,
  from: Date,
  to: Date,
  points: number,
): Promise<SeriesPoint[]> {
  // Buckets are aligned to the clock, so a period meets up to one more of them than its length over their
  // width: they are sized for `points - 1`, and a single point is one bucket over the whole period.
  const rangeSeconds = (to.getTime() - from.getTime()) / 1000;
  const width = points > 1 ? Math.max(1, Math.ceil(rangeSeconds / (points - 1))) : WHOLE_PERIOD_SECONDS;
  type Row = { bucket: Date | string; value: number; min: number; max: number };
  let rows: Row[];
  if (width < QUARTER_SECONDS) {
    rows = await ctx.em.execute<Row[]>(
      `select to_timestamp(floor(extract(epoch from at) / ?) * ?) as bucket, avg(value) as value, min(value) as min, max(value) as max
       from parameter_sample where machine_id = ? and name = ? and at >= ? and at < ?
       group by 1 order by 1`,
      [width, width, machineId, name, from, to],
    );
  } else {
    const quarters = Math.ceil(width / QUARTER_SECONDS) * QUARTER_SECONDS;
    const q = COUNT_BUCKET_MS;
    // Whole quarter hours inside the period come from the buckets; before the first and after the last, the readings.
    const firstWhole = new Date(Math.ceil(from.getTime() / q) * q);
    const wholeEnd = new Date(Math.max(firstWhole.getTime(), Math.floor(to.getTime() / q) * q));
    const headEnd = new Date(Math.min(firstWhole.getTime(), to.getTime()));
    rows = await ctx.em.execute<Row[]>(
      `with parts as (
         select bucket_start as t, samples, total, min, max from parameter_bucket
         where machine_id = ? and name = ? and bucket_start >= ? and bucket_start < ?
         union all
         select at, 1, value, value, value from parameter_sample
         where machine_id = ? and name = ? and ((at >= ? and at < ?) or (at >= ? and at < ?))
       )
       select to_timestamp(floor(extract(epoch from t) / ?) * ?) as bucket, sum(total) / sum(samples) as value, min(min) as min, max(max) as max
       from parts group by 1 order by 1`,
      [machineId, name, firstWhole, wholeEnd, machineId, name, from, headEnd, wholeEnd, to, quarters, quarters],
    );
  }
  return rows.map((r) => ({ at: points > 1 ? new Date(r.bucket) : from, value: Number(r.value), min: Number(r.min), max: Number(r.max) }));
}
