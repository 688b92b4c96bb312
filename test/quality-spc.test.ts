import { capability, individualsChart, RuleName, ruleViolations, xbarRChart } from '../src/modules/quality/spc';

/** The control chart arithmetic against values worked by hand. */
describe('control charts', () => {
  test('I-MR: center, moving range and limits at 2.66 MR̄ (3σ with d2 = 1.128)', () => {
    const chart = individualsChart([10, 12, 11, 13, 12])!;
    expect(chart.movingRanges).toEqual([2, 1, 2, 1]);
    expect(chart.individuals.center).toBeCloseTo(11.6, 10);
    expect(chart.individuals.sigma).toBeCloseTo(1.5 / 1.128, 10);
    expect(chart.individuals.ucl).toBeCloseTo(11.6 + (3 * 1.5) / 1.128, 10);
    expect(chart.mr.ucl).toBeCloseTo(3.267 * 1.5, 10);
    expect(individualsChart([1])).toBeNull();
  });

  test('X̄-R: subgroups of five use A2 = 0.577, D4 = 2.114', () => {
    const chart = xbarRChart([
      [1, 2, 3, 4, 5],
      [2, 3, 4, 5, 6],
    ])!;
    expect(chart.means).toEqual([3, 4]);
    expect(chart.ranges).toEqual([4, 4]);
    expect(chart.xbar.center).toBe(3.5);
    expect(chart.xbar.ucl).toBeCloseTo(3.5 + 0.577 * 4, 10);
    expect(chart.r.ucl).toBeCloseTo(2.114 * 4, 10);
    expect(
      xbarRChart([
        [1, 2],
        [1, 2, 3],
      ]),
    ).toBeNull();
  });

  test('Cp and Cpk; a one-sided specification has Cpk only', () => {
    expect(capability(10, 0.5, 7, 13)).toEqual({ cp: 2, cpk: 2 });
    const off = capability(11, 0.5, 7, 13);
    expect(off.cp).toBe(2);
    expect(off.cpk).toBeCloseTo(4 / 3, 10);
    expect(capability(10, 0.5, null, 13)).toEqual({ cp: null, cpk: 2 });
    expect(capability(10, 0, 7, 13)).toEqual({ cp: null, cpk: null });
  });
});

describe('Western Electric rules', () => {
  const limits = { center: 0, sigma: 1 };
  const fired = (points: number[]) => ruleViolations(points, limits).map((v) => `${v.rule}@${v.index}`);

  test('one point beyond 3σ', () => expect(fired([0, 0.5, 3.2, 0])).toEqual([`${RuleName.BEYOND_3_SIGMA}@2`]));
  test('two of three beyond 2σ on one side', () => expect(fired([2.5, -0.5, 2.4])).toEqual([`${RuleName.TWO_OF_THREE_BEYOND_2_SIGMA}@2`]));
  test('two beyond 2σ on opposite sides is no run', () => expect(fired([2.5, -0.5, -2.4])).toEqual([]));
  test('four of five beyond 1σ on one side', () =>
    expect(fired([1.5, 1.2, 0.2, 1.1, 1.3])).toEqual([`${RuleName.FOUR_OF_FIVE_BEYOND_1_SIGMA}@4`]));
  test('eight in a row on one side', () => {
    const points = [0.3, 0.5, 0.2, 0.6, 0.4, 0.1, 0.5, 0.3];
    expect(fired(points)).toEqual([`${RuleName.EIGHT_ON_ONE_SIDE}@7`]);
  });
  test('six rising in a row (Nelson)', () => expect(fired([-0.9, -0.6, -0.3, 0.1, 0.4, 0.8])).toEqual([`${RuleName.SIX_TRENDING}@5`]));
  test('a stable process fires nothing', () => expect(fired([0.2, -0.4, 0.1, -0.3, 0.5, -0.1, 0.3, -0.2, 0.4, -0.5])).toEqual([]));
});
