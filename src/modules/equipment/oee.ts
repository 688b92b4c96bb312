import type { Ctx } from '../../kernel/unit-of-work/context';
import { badInput } from '../../kernel/common/errors';
import type { MachineDataSettings } from './machine-data.settings';

export type Granularity = 'SHIFT' | 'DAY';

export interface Window {
  start: Date;
  end: Date;
  /** `2026-12-04` for a day, `2026-12-04 A` for a shift (the plant date the shift starts on). */
  label: string;
}

const DAY = 86_400_000;

/** The plant's days or shifts that meet [from, to), cut to it, in order. */
export function windows(
  settings: Pick<MachineDataSettings, 'shifts' | 'utcOffsetMinutes'>,
  granularity: Granularity,
  from: Date,
  to: Date,
): Window[] {
  const offset = settings.utcOffsetMinutes * 60_000;
  // Plant midnight of the day before `from` (a night shift may have started then).
  let day = Math.floor((from.getTime() + offset) / DAY) * DAY - offset - DAY;
  const out: Window[] = [];
  for (; day < to.getTime(); day += DAY) {
    const date = new Date(day + offset).toISOString().slice(0, 10);
    const spans =
      granularity === 'DAY'
        ? [{ s: day, e: day + DAY, label: date }]
        : settings.shifts.map((sh) => ({
            s: day + sh.start * 60_000,
            e: day + (sh.end > sh.start ? sh.end : sh.end + 1440) * 60_000,
            label: `${date} ${sh.name}`,
          }));
    for (const w of spans) {
      const s = Math.max(w.s, from.getTime());
      const e = Math.min(w.e, to.getTime());
      if (s < e) out.push({ start: new Date(s), end: new Date(e), label: w.label });
    }
  }
  out.sort((a, b) => a.start.getTime() - b.start.getTime());
  if (out.length > 2000) throw badInput('from', 'too many shifts or days in the period (at most 2000)');
  return out;
}

export interface OeeFigures {
  plannedSeconds: number;
  runningSeconds: number;
  idealSeconds: number;
  good: number;
  reject: number;
}

export interface OeeRow extends OeeFigures {
  machineId: string | null;
  workCenterId: string;
  label: string;
  start: Date;
  end: Date;
  availability: number | null;
  performance: number | null;
  quality: number | null;
  oee: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * OEE = availability × performance × quality. Availability is running time over planned production
 * time (every state but MAINTENANCE and stops with a planned reason, so idling and breakdowns are
 * losses); performance is the ideal time of the units made (units × ideal cycle time) over running
 * time; quality is good units over all units.
 */
export function withRatios(f: OeeFigures) {
  const availability = ratio(f.runningSeconds, f.plannedSeconds);
  const performance = ratio(f.idealSeconds, f.runningSeconds);
  const quality = ratio(f.good, f.good + f.reject);
  const oee = availability !== null && performance !== null && quality !== null ? availability * performance * quality : null;
  return { ...f, availability, performance, quality, oee };
}

interface PeriodRow {
  machine_id: string;
  state: string;
  planned: boolean;
  started_at: Date | string;
  ended_at: Date | string | null;
}

/**
 * OEE per machine and per work center for each day or shift of [from, to). The state periods that
 * meet the period are read once and cut into the windows here; counts are summed per window by the
 * database (each minute falls into the window whose start precedes it).
 */
export async function oee(
  ctx: Ctx,
  settings: Pick<MachineDataSettings, 'shifts' | 'utcOffsetMinutes'>,
  machines: readonly { id: string; workCenterId: string }[],
  granularity: Granularity,
  from: Date,
  to: Date,
): Promise<{ machines: OeeRow[]; workCenters: OeeRow[] }> {
  const ws = windows(settings, granularity, from, to);
  if (!machines.length || !ws.length) return { machines: [], workCenters: [] };
  const ids = `{${machines.map((m) => m.id).join(',')}}`;
  const now = new Date();
  const edges = bucketEdges(ws);
  const edgeArray = `{${edges.map((d) => `"${d.toISOString()}"`).join(',')}}`;
  const first = ws[0].start;
  const last = ws[ws.length - 1].end;
  // A period that lies within one window (most do) is summed by the database; the rest are cut here.
  const within = `p.ended_at is not null and p.started_at >= ? and p.ended_at <= ?
       and width_bucket(p.started_at, ?::timestamptz[]) = width_bucket(p.ended_at - interval '1 millisecond', ?::timestamptz[])`;
  const [sums, periods, counts] = await Promise.all([
    ctx.em.execute<{ machine_id: string; state: string; planned: boolean; b: number; seconds: number }[]>(
      `select p.machine_id, p.state, coalesce(r.planned, false) as planned, width_bucket(p.started_at, ?::timestamptz[]) as b,
         sum(extract(epoch from p.ended_at - p.started_at))::float8 as seconds
       from machine_state_period p left join downtime_reason r on r.id = p.reason_id
       where p.machine_id = any(?::uuid[]) and ${within}
       group by 1, 2, 3, 4`,
      [edgeArray, ids, first, last, edgeArray, edgeArray],
    ),
    ctx.em.execute<PeriodRow[]>(
      `select p.machine_id, p.state, coalesce(r.planned, false) as planned, p.started_at, p.ended_at
       from machine_state_period p left join downtime_reason r on r.id = p.reason_id
       where p.machine_id = any(?::uuid[]) and p.started_at < ? and (p.ended_at is null or p.ended_at > ?) and not (${within})`,
      [ids, to, from, first, last, edgeArray, edgeArray],
    ),
    // Gaps between windows are buckets of their own, so counts in a gap are not counted in the window before.
    ctx.em.execute<{ machine_id: string; b: number; good: number; reject: number; ideal: number }[]>(
      `select machine_id, width_bucket(bucket_start, ?::timestamptz[]) as b, sum(good) as good, sum(reject) as reject, sum(ideal_seconds) as ideal
       from machine_count_bucket where machine_id = any(?::uuid[]) and bucket_start >= ? and bucket_start < ?
       group by 1, 2`,
      [edgeArray, ids, first, last],
    ),
  ]);
  const windowOfBucket = new Map<number, number>();
  ws.forEach((w, i) => windowOfBucket.set(edges.findIndex((d) => d.getTime() === w.start.getTime()) + 1, i));

  const key = (machineId: string, i: number) => `${machineId}|${i}`;
  const figures = new Map<string, OeeFigures>();
  const at = (machineId: string, i: number) => {
    const k = key(machineId, i);
    let f = figures.get(k);
    if (!f) figures.set(k, (f = { plannedSeconds: 0, runningSeconds: 0, idealSeconds: 0, good: 0, reject: 0 }));
    return f;
  };
  for (const p of periods) {
    const s = new Date(p.started_at).getTime();
    const e = p.ended_at ? new Date(p.ended_at).getTime() : now.getTime();
    const planned = p.state !== 'MAINTENANCE' && !p.planned;
    if (!planned && p.state !== 'RUNNING') continue;
    for (let i = firstWindowEndingAfter(ws, s); i < ws.length && ws[i].start.getTime() < e; i++) {
      const seconds = (Math.min(e, ws[i].end.getTime()) - Math.max(s, ws[i].start.getTime())) / 1000;
      if (seconds <= 0) continue;
      const f = at(p.machine_id, i);
      if (planned) f.plannedSeconds += seconds;
      if (p.state === 'RUNNING') f.runningSeconds += seconds;
    }
  }
  for (const r of sums) {
    const i = windowOfBucket.get(Number(r.b));
    if (i === undefined) continue;
    const f = at(r.machine_id, i);
    if (r.state !== 'MAINTENANCE' && !r.planned) f.plannedSeconds += Number(r.seconds);
    if (r.state === 'RUNNING') f.runningSeconds += Number(r.seconds);
  }
  for (const c of counts) {
    const i = windowOfBucket.get(Number(c.b));
    if (i === undefined) continue;
    const f = at(c.machine_id, i);
    f.good += Number(c.good);
    f.reject += Number(c.reject);
    f.idealSeconds += Number(c.ideal);
  }

  const machineRows: OeeRow[] = [];
  const wcFigures = new Map<string, OeeFigures>();
  for (const m of machines) {
    ws.forEach((w, i) => {
      const f = figures.get(key(m.id, i)) ?? { plannedSeconds: 0, runningSeconds: 0, idealSeconds: 0, good: 0, reject: 0 };
      machineRows.push({ machineId: m.id, workCenterId: m.workCenterId, label: w.label, start: w.start, end: w.end, ...withRatios(f) });
      const k = key(m.workCenterId, i);
      const sum = wcFigures.get(k) ?? { plannedSeconds: 0, runningSeconds: 0, idealSeconds: 0, good: 0, reject: 0 };
      for (const field of ['plannedSeconds', 'runningSeconds', 'idealSeconds', 'good', 'reject'] as const) sum[field] += f[field];
      wcFigures.set(k, sum);
    });
  }
  const workCenters = [...new Set(machines.map((m) => m.workCenterId))].flatMap((wc) =>
    ws.map((w, i) => ({
      machineId: null,
      workCenterId: wc,
      label: w.label,
      start: w.start,
      end: w.end,
      ...withRatios(wcFigures.get(key(wc, i))!),
    })),
  );
  return { machines: machineRows, workCenters };
}

/** Window starts, with the end of a window added where a gap follows it. */
function bucketEdges(ws: readonly Window[]): Date[] {
  const edges: Date[] = [];
  ws.forEach((w, i) => {
    edges.push(w.start);
    const next = ws[i + 1];
    if (!next || next.start.getTime() > w.end.getTime()) edges.push(w.end);
  });
  return edges;
}

function firstWindowEndingAfter(ws: readonly Window[], t: number): number {
  let lo = 0;
  let hi = ws.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ws[mid].end.getTime() <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ParetoRow {
  reasonCode: string | null;
  reasonName: string | null;
  planned: boolean;
  stops: number;
  seconds: number;
  share: number;
  cumulativeShare: number;
}

/** Stop time by reason over [from, to) (cut to it), largest first, with each reason's share and the running total. */
export async function downtimePareto(ctx: Ctx, machineIds: readonly string[], from: Date, to: Date): Promise<ParetoRow[]> {
  const rows = await ctx.em.execute<
    { code: string | null; name: string | null; planned: boolean; stops: string | number; seconds: number }[]
  >(
    `select r.code, r.name, d.planned, count(*) as stops,
       sum(extract(epoch from least(coalesce(d.ended_at, now()), ?::timestamptz) - greatest(d.started_at, ?::timestamptz)))::float8 as seconds
     from downtime d left join downtime_reason r on r.id = d.reason_id
     where d.machine_id = any(?::uuid[]) and d.started_at < ? and (d.ended_at is null or d.ended_at > ?)
     group by r.code, r.name, d.planned
     order by seconds desc, r.code`,
    [to, from, `{${machineIds.join(',')}}`, to, from],
  );
  const total = rows.reduce((s, r) => s + Number(r.seconds), 0);
  let running = 0;
  return rows.map((r) => {
    const seconds = Number(r.seconds);
    running += seconds;
    return {
      reasonCode: r.code,
      reasonName: r.name,
      planned: r.planned,
      stops: Number(r.stops),
      seconds,
      share: total ? seconds / total : 0,
      cumulativeShare: total ? running / total : 0,
    };
  });
}

const QUARTER_MS = 15 * 60_000;

/**
 * OEE of one item's work over [from, to): the units of the quarter hours counted for operations of its
 * work orders (performance and quality), and availability over the time the item ran — per machine,
 * from the first to the end of the last quarter hour it counted for each such operation (stops in
 * between count against it; spans of several operations on one machine are joined). Quarter hours are
 * how counts are kept, so the edges are resolved to them.
 */
export async function itemOee(ctx: Ctx, machineIds: readonly string[], itemId: string, from: Date, to: Date): Promise<OeeFigures> {
  const sum: OeeFigures = { plannedSeconds: 0, runningSeconds: 0, idealSeconds: 0, good: 0, reject: 0 };
  if (!machineIds.length) return sum;
  const jobs = await ctx.em.execute<
    { machine_id: string; first: Date | string; last: Date | string; good: number; reject: number; ideal: number }[]
  >(
    `select c.machine_id, min(c.bucket_start) as first, max(c.bucket_start) as last,
       sum(c.good)::float8 as good, sum(c.reject)::float8 as reject, sum(c.ideal_seconds)::float8 as ideal
     from machine_count_bucket c join work_order_operation o on o.id = c.operation_id join work_order w on w.id = o.work_order_id
     where c.machine_id = any(?::uuid[]) and w.item_id = ? and c.bucket_start >= ? and c.bucket_start < ?
     group by c.machine_id, c.operation_id`,
    [`{${machineIds.join(',')}}`, itemId, from, to],
  );
  if (!jobs.length) return sum;
  // Each machine's spans, joined where they meet or overlap.
  const spans: { machine: string; s: number; e: number }[] = [];
  const ordered = jobs
    .map((j) => {
      sum.good += Number(j.good);
      sum.reject += Number(j.reject);
      sum.idealSeconds += Number(j.ideal);
      return {
        machine: j.machine_id,
        s: new Date(j.first).getTime(),
        e: Math.min(new Date(j.last).getTime() + QUARTER_MS, to.getTime()),
      };
    })
    .sort((a, b) => a.machine.localeCompare(b.machine) || a.s - b.s);
  for (const j of ordered) {
    const prev = spans[spans.length - 1];
    if (prev && prev.machine === j.machine && j.s <= prev.e) prev.e = Math.max(prev.e, j.e);
    else spans.push({ ...j });
  }
  const times = await ctx.em.execute<{ state: string; planned: boolean; seconds: number }[]>(
    `with span(machine_id, s, e) as (select * from unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[]))
     select p.state, coalesce(r.planned, false) as planned,
       sum(extract(epoch from least(coalesce(p.ended_at, now()), span.e) - greatest(p.started_at, span.s)))::float8 as seconds
     from span join machine_state_period p on p.machine_id = span.machine_id and p.started_at < span.e
       and (p.ended_at is null or p.ended_at > span.s)
       left join downtime_reason r on r.id = p.reason_id
     group by 1, 2`,
    [
      `{${spans.map((x) => x.machine).join(',')}}`,
      `{${spans.map((x) => `"${new Date(x.s).toISOString()}"`).join(',')}}`,
      `{${spans.map((x) => `"${new Date(x.e).toISOString()}"`).join(',')}}`,
    ],
  );
  for (const t of times) {
    const seconds = Math.max(0, Number(t.seconds));
    if (t.state !== 'MAINTENANCE' && !t.planned) sum.plannedSeconds += seconds;
    if (t.state === 'RUNNING') sum.runningSeconds += seconds;
  }
  return sum;
}
