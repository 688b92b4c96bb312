/**
 * Statistical process control, as pure functions over numbers: individuals / moving range (I-MR) and
 * X̄-R charts with the usual constants, process capability, and the four Western Electric rules (plus
 * Nelson's trend of six). Floating point is right here: these are estimates, not quantities or money.
 */

export interface Limits {
  center: number;
  ucl: number;
  lcl: number;
  /** The process sigma the limits were drawn from (within-subgroup). */
  sigma: number;
}

export enum RuleName {
  /** One point beyond 3σ. */
  BEYOND_3_SIGMA = 'BEYOND_3_SIGMA',
  /** Two of three in a row beyond 2σ, on one side. */
  TWO_OF_THREE_BEYOND_2_SIGMA = 'TWO_OF_THREE_BEYOND_2_SIGMA',
  /** Four of five in a row beyond 1σ, on one side. */
  FOUR_OF_FIVE_BEYOND_1_SIGMA = 'FOUR_OF_FIVE_BEYOND_1_SIGMA',
  /** Eight in a row on one side of the center line. */
  EIGHT_ON_ONE_SIDE = 'EIGHT_ON_ONE_SIDE',
  /** Six in a row rising, or falling (Nelson's rule 3). */
  SIX_TRENDING = 'SIX_TRENDING',
}

export interface Violation {
  rule: RuleName;
  /** The index of the point where the rule fired (the last point of its run). */
  index: number;
}

/** X̄-R constants by subgroup size 2…10: A2, D3, D4, d2. */
const XBAR_R: Record<number, [number, number, number, number]> = {
  2: [1.88, 0, 3.267, 1.128],
  3: [1.023, 0, 2.574, 1.693],
  4: [0.729, 0, 2.282, 2.059],
  5: [0.577, 0, 2.114, 2.326],
  6: [0.483, 0, 2.004, 2.534],
  7: [0.419, 0.076, 1.924, 2.704],
  8: [0.373, 0.136, 1.864, 2.847],
  9: [0.337, 0.184, 1.816, 2.97],
  10: [0.308, 0.223, 1.777, 3.078],
};
const D2_INDIVIDUALS = 1.128;
const D4_INDIVIDUALS = 3.267;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** I-MR: limits of the individuals and of their moving ranges. Needs two values or more. */
export function individualsChart(values: readonly number[]): { individuals: Limits; movingRanges: number[]; mr: Limits } | null {
  if (values.length < 2) return null;
  const movingRanges = values.slice(1).map((v, i) => Math.abs(v - values[i]));
  const mrBar = mean(movingRanges);
  const center = mean(values);
  const sigma = mrBar / D2_INDIVIDUALS;
  return {
    individuals: { center, ucl: center + 3 * sigma, lcl: center - 3 * sigma, sigma },
    movingRanges,
    mr: { center: mrBar, ucl: D4_INDIVIDUALS * mrBar, lcl: 0, sigma },
  };
}

/** X̄-R over subgroups of one size (2…10): limits of the means and of the ranges. */
export function xbarRChart(
  subgroups: readonly (readonly number[])[],
): { means: number[]; ranges: number[]; xbar: Limits; r: Limits } | null {
  const n = subgroups[0]?.length ?? 0;
  const constants = XBAR_R[n];
  if (!constants || subgroups.length < 2 || subgroups.some((g) => g.length !== n)) return null;
  const [a2, d3, d4, d2] = constants;
  const means = subgroups.map(mean);
  const ranges = subgroups.map((g) => Math.max(...g) - Math.min(...g));
  const rBar = mean(ranges);
  const center = mean(means);
  return {
    means,
    ranges,
    xbar: { center, ucl: center + a2 * rBar, lcl: center - a2 * rBar, sigma: rBar / d2 / Math.sqrt(n) },
    r: { center: rBar, ucl: d4 * rBar, lcl: d3 * rBar, sigma: rBar / d2 },
  };
}

/** Cp and Cpk from the process mean and (within) sigma; a one-sided specification has Cpk only. */
export function capability(
  mu: number,
  sigma: number,
  lower: number | null,
  upper: number | null,
): { cp: number | null; cpk: number | null } {
  if (!(sigma > 0)) return { cp: null, cpk: null };
  const cp = lower !== null && upper !== null ? (upper - lower) / (6 * sigma) : null;
  const sides = [upper !== null ? (upper - mu) / (3 * sigma) : null, lower !== null ? (mu - lower) / (3 * sigma) : null].filter(
    (x): x is number => x !== null,
  );
  return { cp, cpk: sides.length ? Math.min(...sides) : null };
}

/** The Western Electric rules (and Nelson's trend) over points against the chart's center and sigma. */
export function ruleViolations(points: readonly number[], limits: Pick<Limits, 'center' | 'sigma'>): Violation[] {
  const out: Violation[] = [];
  if (!(limits.sigma > 0)) return out;
  const z = points.map((p) => (p - limits.center) / limits.sigma);
  const side = (v: number) => Math.sign(v);
  const countBeyond = (from: number, to: number, k: number, s: number) =>
    z.slice(from, to + 1).filter((v) => side(v) === s && Math.abs(v) > k).length;
  for (let i = 0; i < z.length; i++) {
    if (Math.abs(z[i]) > 3) out.push({ rule: RuleName.BEYOND_3_SIGMA, index: i });
    const s = side(z[i]);
    if (s !== 0 && i >= 2 && Math.abs(z[i]) > 2 && countBeyond(i - 2, i, 2, s) >= 2)
      out.push({ rule: RuleName.TWO_OF_THREE_BEYOND_2_SIGMA, index: i });
    if (s !== 0 && i >= 4 && Math.abs(z[i]) > 1 && countBeyond(i - 4, i, 1, s) >= 4)
      out.push({ rule: RuleName.FOUR_OF_FIVE_BEYOND_1_SIGMA, index: i });
    if (s !== 0 && i >= 7 && z.slice(i - 7, i + 1).every((v) => side(v) === s)) out.push({ rule: RuleName.EIGHT_ON_ONE_SIDE, index: i });
    if (i >= 5) {
      const run = points.slice(i - 5, i + 1);
      const rising = run.every((v, j) => j === 0 || v > run[j - 1]);
      const falling = run.every((v, j) => j === 0 || v < run[j - 1]);
      if (rising || falling) out.push({ rule: RuleName.SIX_TRENDING, index: i });
    }
  }
  return out;
}
