import { Decoder } from './decode';
import { dispatch, keepOrder, type DispatchRule } from './construct';
import { improve } from './improve';
import { better, type Problem, type Solution, type Timing } from './problem';

export interface Solved {
  solution: Solution;
  timing: Timing;
  decoder: Decoder;
  /** The earliest-due-date dispatch alone, as a yardstick (null when a re-plan did not dispatch). */
  eddTardiness: number | null;
  iterations: number;
}

/**
 * Builds a schedule: the best of a few dispatching rules (and, for a re-plan, the previous plan's
 * order of operations), then tabu search for `improveMs`.
 */
export function solve(p: Problem, improveMs: number, previous?: { start: Float64Array; machine: Int32Array }): Solved {
  const decoder = new Decoder(p);
  // A re-plan from a previous plan starts from its order, repaired (dispatching only if that fails).
  const rules: DispatchRule[] = previous ? [] : ['EDD', 'SLACK', 'MWKR'];
  let best: Solution | undefined;
  let bestT: Timing | undefined;
  let eddTardiness: number | null = null;
  if (previous) {
    const kept = keepOrder(p, previous.start, previous.machine);
    const t = decoder.decode(kept) ?? undefined;
    if (t) {
      best = kept;
      bestT = t;
    } else rules.push('ORDER', 'EDD');
  }
  for (const rule of rules) {
    const s = dispatch(p, rule, previous?.start);
    const t = decoder.decode(s);
    if (!t) continue;
    if (rule === 'EDD') eddTardiness = t.tardiness;
    if (!bestT || better(t, bestT)) {
      best = s;
      bestT = t;
    }
  }
  if (!best || p.ops.length === 0 || improveMs <= 0) {
    const solution = best ?? { machineOf: new Int32Array(0), seqs: p.machines.map(() => []) };
    return { solution, timing: decoder.decode(solution)!, decoder, eddTardiness, iterations: 0 };
  }
  const r = improve(p, decoder, best, { timeMs: improveMs });
  return { solution: r.solution, timing: decoder.decode(r.solution)!, decoder, eddTardiness, iterations: r.iterations };
}
