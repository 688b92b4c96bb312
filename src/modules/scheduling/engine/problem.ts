import type { Calendar } from './calendar';

/**
 * The scheduling problem in plain numbers: minutes from the plan's origin (now), indices instead of
 * ids. The engine knows nothing of the database; `plan-input.ts` builds this from it.
 */
export interface Op {
  id: string;
  job: number;
  /** Position among the job's operations still to do. */
  index: number;
  wc: number;
  /** Working minutes the operation still needs (setup + run × quantity, less what is done). */
  duration: number;
  /** Working minutes until its first transfer batch can go on; equals duration when nothing overlaps. */
  firstBatch: number;
  /** Working minutes one transfer batch takes here (bounds the end after the predecessor's end). */
  batchRun: number;
  /** Started work, or work inside the frozen horizon: kept where it is. */
  fixed?: { machine: number; start: number; end: number };
}

export interface MaterialWait {
  itemId: string;
  sku: string;
  /** Minutes from origin when enough of it is there. */
  until: number;
  commitmentCode: string | null;
  qtyShort: string;
}

export interface Job {
  id: string;
  code: string;
  ops: number[];
  /** The earliest start of its first operation (material, or now). */
  release: number;
  due: number;
  weight: number;
  material?: MaterialWait;
}

export interface Machine {
  wc: number;
  index: number;
  cal: Calendar;
}

export interface WorkCenterInfo {
  id: string;
  code: string;
  machines: number[];
  alternatives: number[];
  /** Whether the calendar leaves time to add (false for 24/7). */
  canAddOvertime: boolean;
}

export interface Problem {
  ops: Op[];
  jobs: Job[];
  machines: Machine[];
  wcs: WorkCenterInfo[];
}

/** Which machine each operation runs on, and each machine's order of operations. */
export interface Solution {
  machineOf: Int32Array;
  seqs: number[][];
}

export const cloneSolution = (s: Solution): Solution => ({ machineOf: s.machineOf.slice(), seqs: s.seqs.map((q) => q.slice()) });

/** What held an operation's start: nothing, its own order's previous step, the machine's previous job, or it is fixed. */
export const Binder = { None: 0, Job: 1, Machine: 2, Fixed: 3 } as const;
export type Binder = (typeof Binder)[keyof typeof Binder];

export interface Timing {
  start: Float64Array;
  end: Float64Array;
  /** When it could have started but for its machine: release or its order's previous step. */
  ready: Float64Array;
  binder: Int8Array;
  completion: Float64Array;
  tardiness: number;
  makespan: number;
}

/** Lexicographic: total weighted tardiness first, then makespan. */
export function better(a: Timing, b: Timing): boolean {
  if (a.tardiness < b.tardiness - 1e-6) return true;
  if (a.tardiness > b.tardiness + 1e-6) return false;
  return a.makespan < b.makespan - 1e-6;
}
