import { Binder, better, cloneSolution, type Problem, type Solution, type Timing } from './problem';
import type { Decoder } from './decode';

export interface ImproveOptions {
  /** Wall-clock budget for the search. */
  timeMs: number;
  /** Stop after this many iterations without a better plan (default: scaled to the size). */
  patience?: number;
  seed?: number;
}

export interface Improved {
  solution: Solution;
  timing: Timing;
  iterations: number;
}

type Move =
  { kind: 'swap'; m: number; a: number; b: number } | { kind: 'shift'; o: number; from: number; fromAt: number; to: number; toAt: number };

/** Small deterministic random numbers, so a re-plan of the same data gives the same plan. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Tabu search on the operations that decide the objective (Nowicki–Smutnicki's neighbourhood, widened
 * for due dates and parallel machines): follow the chain of what held up the latest late order (or the
 * last operation when nothing is late), swap the first two and the last two operations of each run on
 * one machine, move an operation to a sibling machine; take the best move that is not tabu; restart
 * from the best plan with a shake when the search stalls.
 */
export function improve(p: Problem, dec: Decoder, initial: Solution, opts: ImproveOptions): Improved {
  const random = rng(opts.seed ?? 12345);
  const deadline = performance.now() + opts.timeMs;
  let current = cloneSolution(initial);
  let curT = dec.decode(current)!;
  let best = cloneSolution(current);
  let bestT = copyTiming(curT);
  const scratch = dec.newTiming();
  const tabu = new Map<number, number>();
  const n = p.ops.length;
  const patience = opts.patience ?? Math.max(300, Math.min(5000, 200_000 / Math.max(1, n)));
  let sinceBest = 0;
  let iter = 0;
  while (performance.now() < deadline) {
    iter++;
    const moves = neighbourhood(p, dec, current, curT, random);
    let chosen: Move | undefined;
    let chosenT: Timing | undefined;
    for (const mv of moves) {
      apply(current, mv);
      const t = dec.decode(current, scratch);
      undo(current, mv);
      if (!t) continue;
      const isTabu = (tabu.get(key(mv, n)) ?? 0) > iter;
      if (isTabu && !better(t, bestT)) continue;
      if (!chosenT || better(t, chosenT)) {
        chosen = mv;
        chosenT = copyTiming(t, chosenT);
      }
    }
    if (!chosen) {
      if (moves.length === 0) break;
      chosen = moves[Math.floor(random() * moves.length)];
    }
    apply(current, chosen);
    tabu.set(reverseKey(chosen, n), iter + 8 + Math.floor(random() * 6));
    const t = dec.decode(current);
    if (!t) {
      undo(current, chosen);
      continue;
    }
    curT = t;
    if (better(curT, bestT)) {
      best = cloneSolution(current);
      bestT = copyTiming(curT, bestT);
      sinceBest = 0;
    } else if (++sinceBest > patience) {
      current = cloneSolution(best);
      for (let k = 0; k < 3; k++) {
        const shake = neighbourhood(p, dec, current, dec.decode(current)!, random);
        if (shake.length) apply(current, shake[Math.floor(random() * shake.length)]);
      }
      const again = dec.decode(current);
      if (!again) current = cloneSolution(best);
      curT = dec.decode(current)!;
      tabu.clear();
      sinceBest = 0;
    }
  }
  return { solution: best, timing: dec.decode(best)!, iterations: iter };
}

function copyTiming(t: Timing, into?: Timing): Timing {
  if (!into) {
    return {
      ...t,
      start: t.start.slice(),
      end: t.end.slice(),
      ready: t.ready.slice(),
      binder: t.binder.slice(),
      completion: t.completion.slice(),
    };
  }
  into.start.set(t.start);
  into.end.set(t.end);
  into.ready.set(t.ready);
  into.binder.set(t.binder);
  into.completion.set(t.completion);
  into.tardiness = t.tardiness;
  into.makespan = t.makespan;
  return into;
}

const key = (mv: Move, n: number) => (mv.kind === 'swap' ? mv.a * n + mv.b : -(mv.o * 4096 + mv.to) - 1);
const reverseKey = (mv: Move, n: number) => (mv.kind === 'swap' ? mv.b * n + mv.a : -(mv.o * 4096 + mv.from) - 1);

function apply(s: Solution, mv: Move) {
  if (mv.kind === 'swap') {
    const q = s.seqs[mv.m];
    const i = q.indexOf(mv.a);
    q[i] = mv.b;
    q[i + 1] = mv.a;
  } else {
    moveTo(s, mv.o, mv.from, mv.to, mv.toAt);
  }
}

function undo(s: Solution, mv: Move) {
  if (mv.kind === 'swap') {
    const q = s.seqs[mv.m];
    const i = q.indexOf(mv.b);
    q[i] = mv.a;
    q[i + 1] = mv.b;
  } else {
    moveTo(s, mv.o, mv.to, mv.from, mv.fromAt);
  }
}

/** Moves o from one machine's sequence to another's, at position `at` there. */
function moveTo(s: Solution, o: number, from: number, to: number, at: number) {
  const q = s.seqs[from];
  q.splice(q.indexOf(o), 1);
  const r = s.seqs[to];
  r.splice(Math.min(at, r.length), 0, o);
  s.machineOf[o] = to;
}

/** The chain of operations that decided the target's end, split into runs on one machine. */
function criticalBlocks(dec: Decoder, t: Timing, target: number): number[][] {
  const path: number[] = [];
  for (let o = target; o >= 0;) {
    path.push(o);
    const b = t.binder[o];
    if (b === Binder.Machine) o = dec.predOnMachine(o);
    else if (b === Binder.Job) o = dec.predOnJob(o);
    else break;
  }
  path.reverse();
  const blocks: number[][] = [];
  let block: number[] = [];
  for (const o of path) {
    if (block.length && t.binder[o] !== Binder.Machine) {
      blocks.push(block);
      block = [];
    }
    block.push(o);
  }
  if (block.length) blocks.push(block);
  return blocks;
}

function pickTarget(p: Problem, t: Timing, random: () => number): number {
  if (t.tardiness > 1e-6) {
    let roll = random() * t.tardiness;
    for (let j = 0; j < p.jobs.length; j++) {
      const job = p.jobs[j];
      const late = Math.max(0, t.completion[j] - job.due) * job.weight;
      if (late <= 0 || !job.ops.length) continue;
      roll -= late;
      if (roll <= 0) return job.ops[job.ops.length - 1];
    }
  }
  let target = -1;
  let latest = -Infinity;
  let ties = 0;
  for (let o = 0; o < p.ops.length; o++) {
    if (t.end[o] > latest + 1e-9) {
      latest = t.end[o];
      target = o;
      ties = 1;
    } else if (Math.abs(t.end[o] - latest) <= 1e-9 && random() < 1 / ++ties) target = o;
  }
  return target;
}

function neighbourhood(p: Problem, dec: Decoder, s: Solution, t: Timing, random: () => number): Move[] {
  const target = pickTarget(p, t, random);
  if (target < 0) return [];
  // dec's machine links must be those of s: t was decoded from s just before.
  dec.decode(s, t);
  const moves: Move[] = [];
  const seen = new Set<number>();
  const addSwap = (a: number, b: number) => {
    if (p.ops[a].fixed || p.ops[b].fixed || p.ops[a].job === p.ops[b].job) return;
    const k = a * p.ops.length + b;
    if (seen.has(k)) return;
    seen.add(k);
    moves.push({ kind: 'swap', m: s.machineOf[a], a, b });
  };
  for (const block of criticalBlocks(dec, t, target)) {
    if (block.length >= 2) {
      addSwap(block[0], block[1]);
      addSwap(block[block.length - 2], block[block.length - 1]);
    }
    for (const o of block) {
      const op = p.ops[o];
      const siblings = p.wcs[op.wc].machines;
      if (siblings.length < 2 || op.fixed) continue;
      for (const m of siblings) {
        if (m === s.machineOf[o]) continue;
        const r = s.seqs[m];
        let at = r.length;
        for (let i = 0; i < r.length; i++) {
          if (t.start[r[i]] >= t.start[o]) {
            at = i;
            break;
          }
        }
        const from = s.machineOf[o];
        moves.push({ kind: 'shift', o, from, fromAt: s.seqs[from].indexOf(o), to: m, toAt: at });
      }
    }
  }
  return moves;
}
