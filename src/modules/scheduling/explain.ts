import { Binder, type Problem, type Solution, type Timing } from './engine/problem';
import type { Decoder } from './engine/decode';
import type { BuiltProblem } from './build-problem';
import type { CauseRecord, HintRecord, PlanBody, PlannedOpRecord, PlannedOrderRecord } from './scheduling.entities';

const MIN = 60_000;

/** Minutes as a planner says them: "3 h 20 min", "2 d 4 h". */
export function duration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 1440) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
  const d = Math.floor(m / 1440);
  const h = Math.round((m % 1440) / 60);
  return h ? `${d} d ${h} h` : `${d} d`;
}

const isoCache = new WeakMap<BuiltProblem, (m: number) => string>();

/** Minutes from the plan's origin as ISO 8601, remembered: the same few thousand instants recur in every order's account. */
function isoOf(b: BuiltProblem): (m: number) => string {
  let iso = isoCache.get(b);
  if (!iso) {
    const seen = new Map<number, string>();
    iso = (m: number) => {
      let text = seen.get(m);
      if (text === undefined) {
        text = new Date(b.origin + m * MIN).toISOString();
        seen.set(m, text);
      }
      return text;
    };
    isoCache.set(b, iso);
  }
  return iso;
}

const cause = (c: Partial<CauseRecord> & Pick<CauseRecord, 'kind' | 'minutes' | 'text'>): CauseRecord => ({
  workCenterId: null,
  workCenterCode: null,
  operation: null,
  behind: [],
  itemSku: null,
  commitmentCode: null,
  until: null,
  ...c,
});

/**
 * The plan as stored: every operation with its times, and every order with its lateness, the chain of
 * what held it up — capacity behind named orders, material short until a commitment, a work center
 * down or closed — and cheap hints where one exists.
 */
export function describePlan(b: BuiltProblem, s: Solution, t: Timing, dec: Decoder): PlanBody {
  const p = b.problem;
  const iso = isoOf(b);
  dec.decode(s, t);
  const ops: PlannedOpRecord[] = p.ops.map((op, o) => {
    const src = b.opSource[o];
    return {
      operationId: src.raw.operationId,
      workOrderId: b.orders[src.order].id,
      sequence: src.raw.sequence,
      name: src.raw.name,
      workCenterId: p.wcs[op.wc].id,
      machine: p.machines[s.machineOf[o]].index,
      start: iso(t.start[o]),
      end: iso(t.end[o]),
      fixed: !!op.fixed,
    };
  });
  const orders: PlannedOrderRecord[] = p.jobs.map((job, j) => {
    const order = b.orders[b.opSource[job.ops[0]].order];
    const late = Math.max(0, t.completion[j] - job.due);
    const causes = explainJob(b, p, s, t, dec, j);
    if (late > 0 && causes.length === 0) causes.push(workCause(b, p, t, j));
    return {
      workOrderId: job.id,
      code: job.code,
      salesOrderLineId: order.salesOrderLineId,
      priority: order.priority,
      dueDate: order.dueDate,
      plannedStart: iso(t.start[job.ops[0]]),
      plannedEnd: iso(t.completion[j]),
      lateMinutes: Math.round(late),
      causes,
      hints: late > 0 ? hintsFor(b, p, s, t, j, causes) : [],
    };
  });
  return {
    ops,
    orders,
    workCenters: p.wcs.map((w) => ({ id: w.id, code: w.code, machines: w.machines.length })),
    warnings: b.warnings,
  };
}

function explainJob(b: BuiltProblem, p: Problem, s: Solution, t: Timing, dec: Decoder, j: number): CauseRecord[] {
  const job = p.jobs[j];
  const iso = isoOf(b);
  const out: CauseRecord[] = [];
  if (job.material) {
    const m = job.material;
    out.push(
      cause({
        kind: 'MATERIAL',
        minutes: Math.round(m.until),
        itemSku: m.sku,
        commitmentCode: m.commitmentCode,
        until: iso(m.until),
        params: {
          item: m.sku,
          qtyShort: String(m.qtyShort),
          until: iso(m.until),
          ...(m.commitmentCode ? { commitment: m.commitmentCode } : {}),
        },
        text: m.commitmentCode
          ? `Component ${m.sku} is short (${m.qtyShort}) until ${iso(m.until).slice(0, 10)} per commitment ${m.commitmentCode}`
          : `Component ${m.sku} is short (${m.qtyShort}) and no supplier has confirmed it; assumed bought in by ${iso(m.until).slice(0, 10)}`,
      }),
    );
  }
  for (const o of job.ops) {
    const op = p.ops[o];
    const wc = p.wcs[op.wc];
    const name = b.opSource[o].raw.name;
    if (op.fixed) continue;
    const cal = p.machines[s.machineOf[o]].cal;
    let est = t.ready[o];
    if (t.binder[o] === Binder.Machine) {
      // Whoever ran on this machine between "ready" and the start, most recent first.
      const behind: string[] = [];
      let mp = dec.predOnMachine(o);
      let freeAt = t.end[o];
      while (mp >= 0 && t.end[mp] > t.ready[o] && behind.length < 50) {
        const code = p.jobs[p.ops[mp].job].code;
        if (!behind.includes(code)) behind.push(code);
        freeAt = Math.min(freeAt, t.start[mp]);
        mp = dec.predOnMachine(mp);
      }
      const prev = dec.predOnMachine(o);
      const waited = cal.between(t.ready[o], t.end[prev]);
      est = t.end[prev];
      if (waited >= 1) {
        behind.reverse();
        const named = behind.length > 3 ? `${behind.slice(0, 3).join(', ')} and ${behind.length - 3} more` : behind.join(' and ');
        out.push(
          cause({
            kind: 'CAPACITY',
            minutes: Math.round(waited),
            workCenterId: wc.id,
            workCenterCode: wc.code,
            operation: name,
            behind,
            until: iso(t.end[prev]),
            params: { operation: name, minutes: String(Math.round(waited)), workCenter: wc.code, behind: behind.join(', ') },
            text: `${name} waits ${duration(waited)} for capacity at ${wc.code} behind ${named}`,
          }),
        );
      }
    }
    // Time lost to a breakdown or a holiday before the start or while it runs.
    const closure = cal.closureIn(Math.max(0, est), t.end[o]);
    if (closure) {
      const lost = Math.min(t.end[o], closure.to) - Math.max(est, closure.from);
      if (lost >= 1) {
        const down = closure.kind === 'DOWN';
        out.push(
          cause({
            kind: down ? 'DOWN' : 'CLOSED',
            minutes: Math.round(lost),
            workCenterId: wc.id,
            workCenterCode: wc.code,
            operation: name,
            until: iso(closure.to),
            params: { workCenter: wc.code, reason: closure.reason, until: iso(closure.to), operation: name },
            text: down
              ? `${wc.code} is down (${closure.reason}) until ${iso(closure.to).slice(0, 16).replace('T', ' ')}, holding ${name}`
              : `${wc.code} is closed (${closure.reason}) until ${iso(closure.to).slice(0, 16).replace('T', ' ')}, holding ${name}`,
          }),
        );
      }
    }
  }
  return out;
}

/** Late with nothing in its way: its own work does not fit before the due date. */
function workCause(b: BuiltProblem, p: Problem, t: Timing, j: number): CauseRecord {
  const job = p.jobs[j];
  const longest = job.ops.reduce((x, y) => (p.ops[y].duration > p.ops[x].duration ? y : x));
  const wc = p.wcs[p.ops[longest].wc];
  const work = job.ops.reduce((sum, o) => sum + p.ops[o].duration, 0);
  const start = new Date(b.origin + t.start[job.ops[0]] * MIN).toISOString().slice(0, 16).replace('T', ' ');
  return cause({
    kind: 'WORK',
    minutes: Math.round(work),
    workCenterId: wc.id,
    workCenterCode: wc.code,
    operation: b.opSource[longest].raw.name,
    params: {
      order: job.code,
      minutes: String(Math.round(work)),
      operation: b.opSource[longest].raw.name,
      workCenter: wc.code,
      from: new Date(b.origin + t.start[job.ops[0]] * MIN).toISOString(),
    },
    text: `${job.code} needs ${duration(work)} of work (most of it ${b.opSource[longest].raw.name} at ${wc.code}) from ${start}; the working time before its due date is not enough`,
  });
}

function hintsFor(b: BuiltProblem, p: Problem, s: Solution, t: Timing, j: number, causes: CauseRecord[]): HintRecord[] {
  const hints: HintRecord[] = [];
  const job = p.jobs[j];
  const isoAt = isoOf(b);
  const iso = (m: number) => isoAt(m).slice(0, 16).replace('T', ' ');
  const worst = causes.filter((c) => c.kind === 'CAPACITY').sort((a, c) => c.minutes - a.minutes)[0];
  const material = causes.find((c) => c.kind === 'MATERIAL');
  const down = causes.find((c) => c.kind === 'DOWN');
  if (material?.commitmentCode) {
    hints.push({
      kind: 'EXPEDITE',
      workCenterCode: null,
      params: { commitment: material.commitmentCode },
      text: `Ask the supplier to bring commitment ${material.commitmentCode} forward`,
    });
  } else if (material) {
    hints.push({
      kind: 'EXPEDITE',
      workCenterCode: null,
      params: { item: material.itemSku! },
      text: `Request ${material.itemSku} from a supplier now`,
    });
  }
  const work = causes.find((c) => c.kind === 'WORK');
  const bottleneck = worst ?? down ?? work;
  if (bottleneck) {
    const wi = b.wcIndex.get(bottleneck.workCenterId!)!;
    const wc = p.wcs[wi];
    const o = job.ops.find((x) => p.ops[x].wc === wi && b.opSource[x].raw.name === bottleneck.operation);
    if ((worst ?? work) && wc.canAddOvertime) {
      hints.push({
        kind: 'OVERTIME',
        workCenterCode: wc.code,
        params: { workCenter: wc.code, before: isoAt(t.start[o ?? job.ops[0]]), operation: bottleneck.operation! },
        text: `An overtime shift at ${wc.code} before ${iso(t.start[o ?? job.ops[0]])} would let ${bottleneck.operation} start sooner`,
      });
    }
    for (const alt of wc.alternatives) {
      const awc = p.wcs[alt];
      const freeAt = Math.min(...awc.machines.map((m) => (s.seqs[m].length ? t.end[s.seqs[m][s.seqs[m].length - 1]] : 0)));
      if (o === undefined || freeAt < t.start[o]) {
        hints.push({
          kind: 'ALTERNATIVE',
          workCenterCode: awc.code,
          params: { operation: bottleneck.operation!, workCenter: awc.code, freeFrom: isoAt(Math.max(0, freeAt)) },
          text: `${bottleneck.operation} could run at ${awc.code} instead, which is free from ${iso(Math.max(0, freeAt))}`,
        });
      }
    }
    const order = b.orders[b.opSource[job.ops[0]].order];
    if (order.qty > 1 && (wc.machines.length > 1 || wc.alternatives.length)) {
      hints.push({
        kind: 'SPLIT',
        workCenterCode: wc.code,
        params: { order: job.code, qty: String(order.qty), orWorkCenter: String(wc.alternatives.length > 0) },
        text: `Split ${job.code} so part of its ${order.qty} runs on a second machine${wc.alternatives.length ? ' or work center' : ''}`,
      });
    }
    if (worst && job.weight <= 1 && worst.behind.length) {
      hints.push({
        kind: 'PRIORITY',
        workCenterCode: wc.code,
        params: { order: job.code, before: worst.behind[0] },
        text: `Raise ${job.code}'s priority to run before ${worst.behind[0]}`,
      });
    }
  }
  return hints;
}
