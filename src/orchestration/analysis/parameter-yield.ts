import type { Ctx } from '../../kernel/unit-of-work/context';
import type { KpiScope } from './kpi.service';

export interface YieldBand {
  band: number;
  from: number;
  to: number;
  /** Quarter hours whose average reading fell in the band. */
  samples: number;
  good: number;
  reject: number;
  yield: number | null;
  scrapRate: number | null;
}

export interface ParameterYield {
  parameter: string;
  /** Quarter hours with both readings and counts. */
  samples: number;
  /** Pearson correlation of the quarter hour's average reading with its yield (good / all units); null below 3 samples or without spread. */
  correlation: number | null;
  bands: YieldBand[];
  /** The band with the highest yield (ties: the one with more units). */
  bestBand: YieldBand | null;
}

/**
 * Yield against a process parameter. The machine's counts are kept per quarter hour; each quarter hour
 * is paired with the average reading of the parameter on the same machine in it (its ParameterBucket,
 * so a month of one-second readings is read as quarter hours, not sample by sample). Those pairs are put
 * into `bands` equal bands between the lowest and highest average, and each band's yield is its good
 * units over all its units. The work center narrows the machines; the item narrows the quarter hours
 * to those counted while an operation of its work orders ran. One statement: the database does the
 * pairing, the banding and the correlation.
 */
export async function parameterYield(ctx: Ctx, parameter: string, bands: number, s: KpiScope): Promise<ParameterYield> {
  const params: unknown[] = [parameter, s.from, s.to];
  if (s.workCenterId) params.push(s.workCenterId);
  if (s.itemId) params.push(s.itemId);
  params.push(bands);
  const rows = await ctx.em.execute<
    {
      band: number | null;
      lo: number | null;
      hi: number | null;
      r: number | null;
      n: string | number;
      samples: string | number;
      good: number;
      reject: number;
    }[]
  >(
    `with pairs as (
       select c.good, c.reject, p.v
       from machine_count_bucket c
         join machine m on m.id = c.machine_id
         ${s.itemId ? 'join work_order_operation o on o.id = c.operation_id join work_order w on w.id = o.work_order_id' : ''}
         join (select machine_id, bucket_start, total / samples as v from parameter_bucket where name = ?) p
           on p.machine_id = c.machine_id and p.bucket_start = c.bucket_start
       where c.bucket_start >= ? and c.bucket_start < ? and c.good + c.reject > 0
         ${s.workCenterId ? 'and m.work_center_id = ?' : ''} ${s.itemId ? 'and w.item_id = ?' : ''}
     ), stats as (
       select min(v) as lo, max(v) as hi, corr(v, good / (good + reject)) as r, count(*) as n from pairs
     )
     select case when stats.hi > stats.lo then least(width_bucket(pairs.v, stats.lo, stats.hi, ?::int), ?::int) else 1 end as band,
       stats.lo, stats.hi, stats.r, stats.n, count(pairs.v) as samples, coalesce(sum(pairs.good), 0)::float8 as good,
       coalesce(sum(pairs.reject), 0)::float8 as reject
     from stats left join pairs on true
     group by 1, stats.lo, stats.hi, stats.r, stats.n
     order by 1`,
    [...params, bands],
  );
  const first = rows[0];
  const n = Number(first?.n ?? 0);
  if (!first || n === 0 || first.lo === null || first.hi === null) {
    return { parameter, samples: 0, correlation: null, bands: [], bestBand: null };
  }
  const lo = Number(first.lo);
  const hi = Number(first.hi);
  const width = hi > lo ? (hi - lo) / bands : 0;
  const byBand = new Map(rows.map((r) => [Number(r.band), r]));
  const out: YieldBand[] = [];
  for (let b = 1; b <= (width ? bands : 1); b++) {
    const r = byBand.get(b);
    const good = Number(r?.good ?? 0);
    const reject = Number(r?.reject ?? 0);
    const all = good + reject;
    out.push({
      band: b,
      from: lo + (b - 1) * width,
      to: width ? lo + b * width : hi,
      samples: Number(r?.samples ?? 0),
      good,
      reject,
      yield: all ? good / all : null,
      scrapRate: all ? reject / all : null,
    });
  }
  const best = out.filter((b) => b.yield !== null).sort((a, b) => b.yield! - a.yield! || b.good + b.reject - (a.good + a.reject))[0];
  return {
    parameter,
    samples: n,
    correlation: first.r === null || n < 3 ? null : Number(first.r),
    bands: out,
    bestBand: best ?? null,
  };
}
