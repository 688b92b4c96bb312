/**
 * Working time of one machine as sorted, disjoint intervals in minutes from the plan's origin, with the
 * working minutes before each interval, so "the earliest working moment from t" and "t plus so many
 * working minutes" are binary searches. Closures (holidays, downtime) are kept too, so an explanation can
 * say why a start waited.
 */
export interface Closure {
  from: number;
  to: number;
  /** Why the machine does not work then: a holiday, a breakdown, maintenance… */
  reason: string;
  kind: 'CLOSED' | 'DOWN';
}

export class Calendar {
  private readonly cum: Float64Array;

  constructor(
    readonly starts: Float64Array,
    readonly ends: Float64Array,
    readonly closures: readonly Closure[] = [],
  ) {
    this.cum = new Float64Array(starts.length);
    let sum = 0;
    for (let i = 0; i < starts.length; i++) {
      this.cum[i] = sum;
      sum += ends[i] - starts[i];
    }
  }

  static always(): Calendar {
    return new Calendar(Float64Array.of(-1e15), Float64Array.of(1e15));
  }

  /** The index of the first interval that ends after t (intervals.length when none does). */
  private after(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The earliest working moment at or after t; past the last interval, time is taken as open. */
  next(t: number): number {
    const i = this.after(t);
    if (i >= this.starts.length) return t;
    return t < this.starts[i] ? this.starts[i] : t;
  }

  /** The moment `minutes` of working time after t (the work pauses outside the intervals). */
  add(t: number, minutes: number): number {
    const n = this.starts.length;
    let i = this.after(t);
    if (i >= n) return t + minutes;
    const t0 = t < this.starts[i] ? this.starts[i] : t;
    if (minutes <= 0) return t0;
    if (t0 + minutes <= this.ends[i]) return t0 + minutes;
    const target = this.cum[i] + (t0 - this.starts[i]) + minutes;
    const last = n - 1;
    if (target > this.cum[last] + (this.ends[last] - this.starts[last])) {
      return this.ends[last] + (target - this.cum[last] - (this.ends[last] - this.starts[last]));
    }
    let lo = i;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cum[mid] < target) lo = mid;
      else hi = mid - 1;
    }
    i = lo;
    return this.starts[i] + (target - this.cum[i]);
  }

  /** Working minutes between a and b. */
  between(a: number, b: number): number {
    if (b <= a) return 0;
    let sum = 0;
    for (let i = this.after(a); i < this.starts.length && this.starts[i] < b; i++) {
      sum += Math.min(b, this.ends[i]) - Math.max(a, this.starts[i]);
    }
    return sum;
  }

  /** The closure that kept [from, to) from working, if one overlaps it (a downtime before a holiday). */
  closureIn(from: number, to: number): Closure | undefined {
    let found: Closure | undefined;
    for (const c of this.closures) {
      if (c.from < to && c.to > from && (!found || (c.kind === 'DOWN' && found.kind !== 'DOWN'))) found = c;
    }
    return found;
  }
}

/** Start and end of a working window, minutes from midnight (end may pass midnight: 22:00-06:00). */
export type Shift = [number, number];

/** Shifts per weekday, 0 = Sunday … 6 = Saturday; or null for "always open". */
export type WeekPattern = Shift[][] | null;

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * Reads a work center's calendar: "24/7", or day ranges with shifts separated by ";", e.g.
 * "MON-FRI 06:00-14:00 14:00-22:00; SAT 08:00-12:00". Returns an error text for anything else.
 */
export function parseCalendar(text: string): WeekPattern | { error: string } {
  const t = text.trim().toUpperCase();
  if (t === '24/7' || t === 'ALWAYS' || t === 'MON-SUN 00:00-24:00') return null;
  const week: Shift[][] = DAYS.map(() => []);
  for (const part of t
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Z]{3})(?:-([A-Z]{3}))?\s+(.+)$/.exec(part);
    if (!m) return { error: `"${part}" is not "DAY[-DAY] HH:MM-HH:MM …"` };
    const from = DAYS.indexOf(m[1]);
    const to = m[2] ? DAYS.indexOf(m[2]) : from;
    if (from < 0 || to < 0) return { error: `"${part}" names an unknown weekday (use ${DAYS.join(', ')})` };
    const shifts: Shift[] = [];
    for (const s of m[3].split(/\s+/)) {
      const sm = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(s);
      if (!sm) return { error: `"${s}" is not a shift HH:MM-HH:MM` };
      const a = Number(sm[1]) * 60 + Number(sm[2]);
      let b = Number(sm[3]) * 60 + Number(sm[4]);
      if (a >= 1440 || b > 1440) return { error: `"${s}" is not a time of day` };
      if (b <= a) b += 1440;
      shifts.push([a, b]);
    }
    for (let d = from; ; d = (d + 1) % 7) {
      week[d].push(...shifts);
      if (d === to) break;
    }
  }
  return week;
}

/** A window in absolute minutes from origin. */
export type Window = [number, number];

/**
 * Builds a machine's calendar over `days` from the origin: the week pattern, plus overtime windows,
 * minus closures. `originMs` is the plan's origin; days are UTC days.
 */
export function buildCalendar(
  pattern: WeekPattern,
  originMs: number,
  days: number,
  overtime: readonly Window[],
  closures: readonly Closure[],
): Calendar {
  let windows: Window[] = [];
  if (pattern === null) {
    windows.push([-1e15, 1e15]);
  } else {
    const dayMs = 86_400_000;
    const firstDay = Math.floor(originMs / dayMs) - 1;
    for (let d = firstDay; d <= firstDay + days + 1; d++) {
      const weekday = (((d + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      const base = (d * dayMs - originMs) / 60_000;
      for (const [a, b] of pattern[weekday]) windows.push([base + a, base + b]);
    }
  }
  windows.push(...overtime);
  windows = merge(windows);
  for (const c of closures) windows = subtract(windows, c.from, c.to);
  return new Calendar(Float64Array.from(windows.map((w) => w[0])), Float64Array.from(windows.map((w) => w[1])), closures);
}

function merge(ws: Window[]): Window[] {
  ws.sort((a, b) => a[0] - b[0]);
  const out: Window[] = [];
  for (const w of ws) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push([w[0], w[1]]);
  }
  return out;
}

function subtract(ws: Window[], from: number, to: number): Window[] {
  const out: Window[] = [];
  for (const [a, b] of ws) {
    if (b <= from || a >= to) out.push([a, b]);
    else {
      if (a < from) out.push([a, from]);
      if (b > to) out.push([to, b]);
    }
  }
  return out;
}
