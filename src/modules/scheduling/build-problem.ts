import { buildCalendar, parseCalendar, type Closure, type WeekPattern, type Window } from './engine/calendar';
import type { Job, Machine, Op, Problem, WorkCenterInfo } from './engine/problem';
import type { RawInput, RawOrder } from './plan-input';

/** The problem in engine terms, and the way back from its indices to the hub's records. */
export interface BuiltProblem {
  problem: Problem;
  origin: number;
  orders: RawOrder[];
  /** Per engine op: its order's index and its raw op. */
  opSource: { order: number; raw: RawOrder['ops'][number] }[];
  /** Work-center index per work center id. */
  wcIndex: Map<string, number>;
  warnings: string[];
  /** Per work center index: the raw record. */
  centers: RawInput['workCenters'];
}

const MIN = 60_000;
const HORIZON_DAYS = 400;
const DEFAULT_CALENDAR = 'MON-FRI 08:00-16:00';
const DEFAULT_WEEK = parseCalendar(DEFAULT_CALENDAR) as WeekPattern;

/**
 * Turns what was read into minutes from now: calendars with holidays, overtime and downtime per
 * machine; every order's remaining operations (a shortfall from scrap is made again from the step it
 * went missing); started and frozen work fixed where it is; each order released when its material is
 * there, from stock first and then confirmed supplier commitments in date order, earliest-due first.
 */
export function buildProblem(raw: RawInput): BuiltProblem {
  const origin = Math.floor(raw.now / MIN) * MIN;
  const rel = (ms: number) => (ms - origin) / MIN;
  // A loss that began by now covers the rest of this minute too: nothing slips in before it.
  const lossStart = (ms: number) => (ms <= raw.now ? Math.min(0, rel(ms)) : rel(ms));
  const warnings: string[] = [];
  const wcIndex = new Map(raw.workCenters.map((w, i) => [w.id, i]));
  const machines: Machine[] = [];
  const wcs: WorkCenterInfo[] = raw.workCenters.map((w, wi) => {
    const read = parseCalendar(w.calendar);
    let pattern: WeekPattern;
    if (read && 'error' in read) {
      warnings.push(`Work center ${w.code}: its calendar "${w.calendar}" cannot be read (${read.error}); planned as ${DEFAULT_CALENDAR}`);
      pattern = DEFAULT_WEEK;
    } else pattern = read;
    const overtime: Window[] = raw.exceptions
      .filter((e) => e.kind === 'OVERTIME' && (e.workCenterId === null || e.workCenterId === w.id))
      .map((e) => [rel(e.startsAt), rel(e.endsAt)]);
    const closed: Closure[] = raw.exceptions
      .filter((e) => e.kind === 'CLOSED' && (e.workCenterId === null || e.workCenterId === w.id))
      .map((e) => ({ from: rel(e.startsAt), to: rel(e.endsAt), reason: e.note, kind: 'CLOSED' as const }));
    const repair = raw.policy.assumedRepairHours * 60;
    const lossEnd = (expectedEnd: number | null) =>
      expectedEnd !== null && expectedEnd > raw.now ? rel(expectedEnd) : Math.max(0, repair);
    const losses = raw.losses.filter((l) => l.workCenterId === w.id);
    const whole: Closure[] = losses
      .filter((l) => !l.machineId)
      .map((l) => ({ from: lossStart(l.startedAt), to: lossEnd(l.expectedEnd), reason: l.reason, kind: 'DOWN' as const }));
    const byMachine = [...new Set(losses.filter((l) => l.machineId).map((l) => l.machineId!))];
    // A state with nothing behind it is assumed to last the policy's repair time; a work center DOWN
    // because its machines stopped is down as long as their own downtimes say (and for their reasons).
    if ((w.state === 'DOWN' || w.state === 'MAINTENANCE') && whole.length === 0 && byMachine.length === 0) {
      whole.push({ from: 0, to: repair, reason: w.state.toLowerCase(), kind: 'DOWN' });
    }
    const n = Math.max(1, w.machines);
    const ids: number[] = [];
    for (let k = 0; k < n; k++) {
      // The k-th machine reported down takes the place of the last machines, identical as they are.
      const downId = byMachine[n - 1 - k];
      const own: Closure[] = downId
        ? losses
            .filter((l) => l.machineId === downId)
            .map((l) => ({ from: lossStart(l.startedAt), to: lossEnd(l.expectedEnd), reason: l.reason, kind: 'DOWN' as const }))
        : [];
      const closures = [...closed, ...whole, ...own];
      ids.push(machines.length);
      machines.push({ wc: wi, index: k, cal: buildCalendar(pattern, origin, HORIZON_DAYS, overtime, closures) });
    }
    return {
      id: w.id,
      code: w.code,
      machines: ids,
      alternatives: w.alternativeIds.map((id) => wcIndex.get(id)).filter((i): i is number => i !== undefined),
      canAddOvertime: pattern !== null,
    };
  });

  const ops: Op[] = [];
  const jobs: Job[] = [];
  const opSource: BuiltProblem['opSource'] = [];
  const kept: RawOrder[] = [];
  const release = materialRelease(raw, origin);
  const frozenUntil = raw.policy.frozenHours * 60;
  for (const order of raw.orders) {
    const sorted = [...order.ops].sort((a, b) => a.sequence - b.sequence);
    const jobIndex = jobs.length;
    const jobOps: number[] = [];
    let allFixed = true;
    let started = false;
    let prevBatch: number | null = null;
    for (let k = 0; k < sorted.length; k++) {
      const r = sorted[k];
      const wi = wcIndex.get(r.workCenterId);
      if (wi === undefined) continue;
      // Units that must still pass this step: the order, plus what later steps scrapped and must be replaced.
      const scrappedLater = sorted.slice(k + 1).reduce((s, x) => s + x.qtyScrap, 0);
      const remaining = Math.max(0, order.qty + scrappedLater - r.qtyGood);
      if (r.state === 'DONE' && remaining <= 0) continue;
      if (r.state === 'DONE' && remaining > 0) warnings.push(`${order.code}: ${remaining} more to make from ${r.name} to replace scrap`);
      const running = r.state === 'RUNNING' || r.state === 'PAUSED';
      started ||= running || r.state === 'DONE';
      const duration = (running ? 0 : r.setup) + r.run * remaining;
      const batch = raw.workCenters[wi].transferBatchQty;
      const overlaps = batch !== null && batch > 0 && batch < remaining;
      const op: Op = {
        id: r.operationId ?? `${order.id}:${r.sequence}`,
        job: jobIndex,
        index: jobOps.length,
        wc: wi,
        duration,
        firstBatch: overlaps ? (running ? 0 : r.setup) + r.run * batch : duration,
        batchRun: prevBatch !== null ? r.run * prevBatch : 0,
      };
      prevBatch = overlaps ? batch : null;
      const machinesOf = wcs[wi].machines;
      if (running) {
        const m = machinesOf[ops.filter((o) => o.fixed && o.wc === wi).length % machinesOf.length];
        op.fixed = { machine: m, start: r.actualStart !== null ? rel(r.actualStart) : 0, end: machines[m].cal.add(0, duration) };
      } else if (allFixed && r.operationId && raw.published) {
        const was = raw.published.ops.get(r.operationId);
        const start = was ? rel(was.start) : -1;
        // Stored machines are numbered within their work center.
        if (was && start >= 0 && start < frozenUntil && was.machine < machinesOf.length) {
          op.fixed = { machine: machinesOf[was.machine], start, end: rel(was.end) };
        }
      }
      allFixed &&= !!op.fixed;
      jobOps.push(ops.length);
      ops.push(op);
      opSource.push({ order: kept.length, raw: r });
    }
    if (jobOps.length === 0) continue;
    const mat = started ? undefined : release.get(order.id);
    jobs.push({
      id: order.id,
      code: order.code,
      ops: jobOps,
      release: Math.max(0, mat?.until ?? 0),
      due: rel(Date.parse(`${order.dueDate}T00:00:00Z`) + 86_400_000),
      weight: Math.max(1, order.priority),
      material: mat && mat.until > 0 ? mat : undefined,
    });
    kept.push(order);
  }
  return { problem: { ops, jobs, machines, wcs }, origin, orders: kept, opSource, wcIndex, warnings, centers: raw.workCenters };
}

/**
 * When each order's material is there: stock and confirmed commitments (by date) handed out to the
 * orders in due-date order (priority first); what nothing covers is assumed bought in its lead time.
 */
function materialRelease(raw: RawInput, origin: number) {
  const rel = (ms: number) => (ms - origin) / MIN;
  const stock = new Map(raw.onHand);
  const queues = new Map<string, { code: string; qty: number; date: number }[]>();
  for (const c of raw.commitments) {
    const q = queues.get(c.itemId) ?? [];
    q.push({ ...c });
    queues.set(c.itemId, q);
  }
  const order = [...raw.orders].sort((a, b) => b.priority - a.priority || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const out = new Map<string, { itemId: string; sku: string; until: number; commitmentCode: string | null; qtyShort: string }>();
  for (const o of order) {
    for (const m of o.materials) {
      let need = m.qty;
      const have = stock.get(m.itemId) ?? 0;
      const fromStock = Math.min(have, need);
      stock.set(m.itemId, have - fromStock);
      need -= fromStock;
      if (need <= 1e-9) continue;
      const short = need;
      let until = 0;
      let code: string | null = null;
      for (const c of queues.get(m.itemId) ?? []) {
        if (need <= 1e-9) break;
        if (c.qty <= 1e-9) continue;
        const take = Math.min(c.qty, need);
        c.qty -= take;
        need -= take;
        until = rel(c.date);
        code = c.code;
      }
      const item = raw.items.get(m.itemId);
      if (need > 1e-9) {
        until = Math.max(until, ((item?.leadTimeDays ?? 0) || 1) * 1440);
        code = null;
      }
      const was = out.get(o.id);
      if (!was || until > was.until) {
        out.set(o.id, { itemId: m.itemId, sku: item?.sku ?? m.itemId, until, commitmentCode: code, qtyShort: String(+short.toFixed(6)) });
      }
    }
  }
  return out;
}
