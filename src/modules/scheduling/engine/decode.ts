import { Binder, type Problem, type Solution, type Timing } from './problem';

/**
 * Times a solution: every operation as early as its order's previous step (or its first transfer
 * batch), its release and its machine's previous operation allow, on the machine's working time.
 * Returns null when the sequences contradict the orders' routings (a cycle).
 */
export class Decoder {
  private readonly n: number;
  private readonly jobPred: Int32Array;
  private readonly jobNext: Int32Array;
  private readonly machPred: Int32Array;
  private readonly machNext: Int32Array;
  private readonly indeg: Int32Array;
  private readonly queue: Int32Array;

  constructor(readonly p: Problem) {
    this.n = p.ops.length;
    this.jobPred = new Int32Array(this.n).fill(-1);
    this.jobNext = new Int32Array(this.n).fill(-1);
    for (const j of p.jobs) {
      for (let k = 1; k < j.ops.length; k++) {
        this.jobPred[j.ops[k]] = j.ops[k - 1];
        this.jobNext[j.ops[k - 1]] = j.ops[k];
      }
    }
    this.machPred = new Int32Array(this.n);
    this.machNext = new Int32Array(this.n);
    this.indeg = new Int32Array(this.n);
    this.queue = new Int32Array(this.n);
  }

  predOnJob(o: number): number {
    return this.jobPred[o];
  }

  newTiming(): Timing {
    return {
      start: new Float64Array(this.n),
      end: new Float64Array(this.n),
      ready: new Float64Array(this.n),
      binder: new Int8Array(this.n),
      completion: new Float64Array(this.p.jobs.length),
      tardiness: 0,
      makespan: 0,
    };
  }

  decode(s: Solution, t: Timing = this.newTiming()): Timing | null {
    const { ops, jobs, machines } = this.p;
    const { jobPred, jobNext, machPred, machNext, indeg, queue } = this;
    machPred.fill(-1);
    machNext.fill(-1);
    for (const seq of s.seqs) {
      for (let k = 1; k < seq.length; k++) {
        machPred[seq[k]] = seq[k - 1];
        machNext[seq[k - 1]] = seq[k];
      }
    }
    let head = 0;
    let tail = 0;
    for (let o = 0; o < this.n; o++) {
      indeg[o] = (jobPred[o] >= 0 ? 1 : 0) + (machPred[o] >= 0 ? 1 : 0);
      if (indeg[o] === 0) queue[tail++] = o;
    }
    while (head < tail) {
      const o = queue[head++];
      const op = ops[o];
      if (op.fixed) {
        t.start[o] = op.fixed.start;
        t.end[o] = op.fixed.end;
        t.ready[o] = op.fixed.start;
        t.binder[o] = Binder.Fixed;
      } else {
        const cal = machines[s.machineOf[o]].cal;
        const jp = jobPred[o];
        let ready: number;
        if (jp < 0) ready = jobs[op.job].release;
        else {
          const pop = ops[jp];
          ready = pop.firstBatch < pop.duration ? machines[s.machineOf[jp]].cal.add(t.start[jp], pop.firstBatch) : t.end[jp];
        }
        const mp = machPred[o];
        let est = ready;
        let binder: Binder = jp < 0 ? Binder.None : Binder.Job;
        if (mp >= 0 && t.end[mp] >= ready) {
          est = t.end[mp];
          binder = Binder.Machine;
        }
        const start = cal.next(est);
        let end = cal.add(start, op.duration);
        if (jp >= 0 && ops[jp].firstBatch < ops[jp].duration) {
          const minEnd = cal.add(t.end[jp], op.batchRun);
          if (minEnd > end) end = minEnd;
        }
        t.start[o] = start;
        t.end[o] = end;
        t.ready[o] = ready;
        t.binder[o] = binder;
      }
      const jn = jobNext[o];
      if (jn >= 0 && --indeg[jn] === 0) queue[tail++] = jn;
      const mn = machNext[o];
      if (mn >= 0 && --indeg[mn] === 0) queue[tail++] = mn;
    }
    if (tail < this.n) return null;
    let tardiness = 0;
    let makespan = 0;
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j];
      const c = job.ops.length ? t.end[job.ops[job.ops.length - 1]] : 0;
      t.completion[j] = c;
      if (c > makespan) makespan = c;
      if (c > job.due) tardiness += (c - job.due) * job.weight;
    }
    t.tardiness = tardiness;
    t.makespan = makespan;
    return t;
  }

  /** The machine predecessor of o in the last decoded solution. */
  predOnMachine(o: number): number {
    return this.machPred[o];
  }
}
