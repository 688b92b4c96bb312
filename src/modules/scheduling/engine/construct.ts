import type { Problem, Solution } from './problem';

export type DispatchRule = 'EDD' | 'SLACK' | 'MWKR' | 'SPT' | 'ORDER';

/**
 * A first schedule by dispatching (Giffler–Thompson style): the operation that could finish first
 * fixes a work center; of the operations competing for it, the rule picks one; it goes on the machine
 * where it starts earliest. Fixed operations are placed first, where they are.
 * `hint` (optional) ranks operations by a previous plan's start, for incremental re-plans.
 */
export function dispatch(p: Problem, rule: DispatchRule, hint?: Float64Array): Solution {
  const nM = p.machines.length;
  const seqs: number[][] = Array.from({ length: nM }, () => []);
  const machineOf = new Int32Array(p.ops.length).fill(-1);
  const free = new Float64Array(nM);
  // Fixed work first, in time order on its machine.
  const fixed = p.ops.map((op, i) => ({ op, i })).filter((x) => x.op.fixed);
  fixed.sort((a, b) => a.op.fixed!.start - b.op.fixed!.start);
  for (const { op, i } of fixed) {
    const m = op.fixed!.machine;
    seqs[m].push(i);
    machineOf[i] = m;
    free[m] = Math.max(free[m], op.fixed!.end);
  }
  const remainingWork = p.jobs.map((j) => j.ops.reduce((s, o) => s + p.ops[o].duration, 0));
  const nextIdx = new Int32Array(p.jobs.length);
  const jobReady = new Float64Array(p.jobs.length);
  // Fixed operations are placed already: a job's next operation to dispatch skips them.
  const skipFixed = (j: number) => {
    const job = p.jobs[j];
    while (nextIdx[j] < job.ops.length && p.ops[job.ops[nextIdx[j]]].fixed) {
      const o = job.ops[nextIdx[j]];
      jobReady[j] = Math.max(jobReady[j], p.ops[o].fixed!.end);
      remainingWork[j] -= p.ops[o].duration;
      nextIdx[j]++;
    }
  };
  for (let j = 0; j < p.jobs.length; j++) {
    jobReady[j] = p.jobs[j].release;
    skipFixed(j);
  }
  const active: number[] = [];
  for (let j = 0; j < p.jobs.length; j++) if (nextIdx[j] < p.jobs[j].ops.length) active.push(j);
  const wcFree = (wc: number) => {
    let best = Infinity;
    for (const m of p.wcs[wc].machines) if (free[m] < best) best = free[m];
    return best;
  };
  const key = (j: number, o: number): number => {
    const job = p.jobs[j];
    switch (rule) {
      case 'EDD':
        return job.due / job.weight;
      case 'SLACK':
        return (job.due - jobReady[j] - remainingWork[j]) / job.weight;
      case 'MWKR':
        return -remainingWork[j];
      case 'SPT':
        return p.ops[o].duration;
      case 'ORDER':
        return hint ? hint[o] : 0;
    }
  };
  while (active.length) {
    let bestC = Infinity;
    let bestWc = -1;
    let pick = -1;
    for (let a = 0; a < active.length; a++) {
      const j = active[a];
      const o = p.jobs[j].ops[nextIdx[j]];
      const op = p.ops[o];
      const c = Math.max(jobReady[j], wcFree(op.wc)) + op.duration;
      if (c < bestC) {
        bestC = c;
        bestWc = op.wc;
        pick = a;
      }
    }
    const freeAt = wcFree(bestWc);
    let pickKey = key(active[pick], p.jobs[active[pick]].ops[nextIdx[active[pick]]]);
    for (let a = 0; a < active.length; a++) {
      const j = active[a];
      const o = p.jobs[j].ops[nextIdx[j]];
      if (p.ops[o].wc !== bestWc || Math.max(jobReady[j], freeAt) >= bestC) continue;
      const k = key(j, o);
      if (k < pickKey) {
        pickKey = k;
        pick = a;
      }
    }
    const j = active[pick];
    const o = p.jobs[j].ops[nextIdx[j]];
    const op = p.ops[o];
    let bestM = -1;
    let bestStart = Infinity;
    for (const m of p.wcs[op.wc].machines) {
      const s = p.machines[m].cal.next(Math.max(jobReady[j], free[m]));
      if (s < bestStart) {
        bestStart = s;
        bestM = m;
      }
    }
    const cal = p.machines[bestM].cal;
    const end = cal.add(bestStart, op.duration);
    seqs[bestM].push(o);
    machineOf[o] = bestM;
    free[bestM] = end;
    jobReady[j] = op.firstBatch < op.duration ? cal.add(bestStart, op.firstBatch) : end;
    remainingWork[j] -= op.duration;
    nextIdx[j]++;
    skipFixed(j);
    if (nextIdx[j] >= p.jobs[j].ops.length) {
      active[pick] = active[active.length - 1];
      active.pop();
    }
  }
  return { machineOf, seqs };
}
