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
  // The next operation of each job, as flat arrays: the loops below run once per operation over every job.
  const nJobs = p.jobs.length;
  const nextOp = new Int32Array(nJobs);
  const nextWc = new Int32Array(nJobs);
  const nextDur = new Float64Array(nJobs);
  const refresh = (j: number) => {
    const o = p.jobs[j].ops[nextIdx[j]];
    nextOp[j] = o;
    nextWc[j] = p.ops[o].wc;
    nextDur[j] = p.ops[o].duration;
  };
  const active = new Int32Array(nJobs);
  let nActive = 0;
  for (let j = 0; j < nJobs; j++) {
    if (nextIdx[j] < p.jobs[j].ops.length) {
      active[nActive++] = j;
      refresh(j);
    }
  }
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
  const wcFreeNow = new Float64Array(p.wcs.length);
  while (nActive > 0) {
    for (let w = 0; w < p.wcs.length; w++) wcFreeNow[w] = wcFree(w);
    let bestC = Infinity;
    let bestWc = -1;
    let pick = -1;
    for (let a = 0; a < nActive; a++) {
      const j = active[a];
      const r = jobReady[j];
      const f = wcFreeNow[nextWc[j]];
      const c = (r > f ? r : f) + nextDur[j];
      if (c < bestC) {
        bestC = c;
        bestWc = nextWc[j];
        pick = a;
      }
    }
    const freeAt = wcFreeNow[bestWc];
    let pickKey = key(active[pick], nextOp[active[pick]]);
    for (let a = 0; a < nActive; a++) {
      const j = active[a];
      if (nextWc[j] !== bestWc || Math.max(jobReady[j], freeAt) >= bestC) continue;
      const k = key(j, nextOp[j]);
      if (k < pickKey) {
        pickKey = k;
        pick = a;
      }
    }
    const j = active[pick];
    const o = nextOp[j];
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
    if (nextIdx[j] >= p.jobs[j].ops.length) active[pick] = active[--nActive];
    else refresh(j);
  }
  return { machineOf, seqs };
}

/**
 * The previous plan's order kept: each work center's operations in the order they started before (new
 * ones where their hint puts them), each on its previous machine where it still exists. A repair, not a
 * new schedule; the caller decodes it and falls back to dispatching if it contradicts the routings.
 */
export function keepOrder(p: Problem, hint: Float64Array, previousMachine: Int32Array): Solution {
  const seqs: number[][] = p.machines.map(() => []);
  const machineOf = new Int32Array(p.ops.length);
  const order = Array.from(p.ops.keys()).sort((a, b) => {
    const fa = p.ops[a].fixed;
    const fb = p.ops[b].fixed;
    const ka = fa ? fa.start - 1e9 : hint[a];
    const kb = fb ? fb.start - 1e9 : hint[b];
    return ka - kb || a - b;
  });
  const load = new Float64Array(p.machines.length);
  for (const o of order) {
    const op = p.ops[o];
    const machines = p.wcs[op.wc].machines;
    let m = op.fixed ? op.fixed.machine : previousMachine[o];
    if (!machines.includes(m)) {
      m = machines[0];
      for (const x of machines) if (load[x] < load[m]) m = x;
    }
    seqs[m].push(o);
    machineOf[o] = m;
    load[m] += op.duration;
  }
  return { machineOf, seqs };
}
