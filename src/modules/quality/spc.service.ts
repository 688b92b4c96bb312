import type { Ctx, TxCtx } from '../../kernel/unit-of-work/context';
import { record } from '../../kernel/unit-of-work/transaction';
import { badInput } from '../../kernel/common/errors';
import { getOrFail } from '../../kernel/db/lookup';
import type { EntityManager } from '../../kernel/db/orm';
import { CharacteristicKind, InspectionCharacteristic } from './inspection-plan.entity';
import type { InspectionTask } from './inspection-task.entity';
import { QualityEvent } from './quality.events';
import { capability, individualsChart, ruleViolations, xbarRChart, type Limits, type Violation } from './spc';
import { ChartKind, type ControlChart, type FirstPassYield, ParetoBy, type ParetoBar } from './spc.types';

/** The chart reads the latest values of a characteristic, this many at most. */
export const CHART_WINDOW = 100;
/** Fewer values than this make no alert: the limits are not worth much yet. */
const MIN_FOR_ALERTS = 8;

interface ValueRow {
  value: string;
  task_id: string;
  task_code: string;
  sample_no: number;
  at: Date | string;
}

async function latestValues(em: EntityManager, characteristicId: string, limit: number): Promise<ValueRow[]> {
  const rows = await em.execute<ValueRow[]>(
    `select * from (
       select m.value::text as value, t.id as task_id, t.code as task_code, m.sample_no, coalesce(t.inspected_at, m.created_at) as at
       from measurement m join inspection_task t on t.id = m.task_id
       where m.characteristic_id = ? and m.value is not null
       order by coalesce(t.inspected_at, m.created_at) desc, t.code desc, m.sample_no desc limit ?) x
     order by at, task_code, sample_no`,
    [characteristicId, limit],
  );
  return rows;
}

export async function controlChart(ctx: Ctx, characteristicId: string, kind: ChartKind): Promise<ControlChart> {
  const c = await getOrFail(ctx.em, InspectionCharacteristic, characteristicId, 'Characteristic');
  if (c.kind !== CharacteristicKind.NUMERIC)
    throw badInput('characteristicId', `${c.name} is judged pass or fail: it has no control chart`);
  const rows = await latestValues(ctx.em, c.id, kind === ChartKind.I_MR ? CHART_WINDOW : CHART_WINDOW * 10);
  const lower = c.lowerLimit === undefined || c.lowerLimit === null ? null : Number(c.lowerLimit);
  const upper = c.upperLimit === undefined || c.upperLimit === null ? null : Number(c.upperLimit);
  const base = {
    characteristicId: c.id,
    name: c.name,
    unit: c.unit ?? null,
    kind,
    lowerSpec: c.lowerLimit ?? null,
    upperSpec: c.upperLimit ?? null,
    target: c.target ?? null,
  };
  const empty = { center: null, ucl: null, lcl: null, rangeCenter: null, rangeUcl: null, rangeLcl: null, sigma: null, cp: null, cpk: null };
  if (kind === ChartKind.I_MR) {
    const values = rows.map((r) => Number(r.value));
    const chart = individualsChart(values);
    if (!chart) return { ...base, ...empty, points: rows.map((r, i) => point(i, values[i], null, r, [])) };
    const violations = ruleViolations(values, chart.individuals);
    return {
      ...base,
      ...limitsOf(chart.individuals, chart.mr),
      ...capability(chart.individuals.center, chart.individuals.sigma, lower, upper),
      points: rows.map((r, i) => point(i, values[i], i === 0 ? null : chart.movingRanges[i - 1], r, violations)),
    };
  }
  // X̄-R: one subgroup per inspection, of the size most inspections have, the latest CHART_WINDOW of them.
  const groups = new Map<string, { row: ValueRow; values: number[] }>();
  for (const r of rows) {
    const g = groups.get(r.task_id) ?? { row: r, values: [] };
    g.values.push(Number(r.value));
    groups.set(r.task_id, g);
  }
  const sizes = [...groups.values()].map((g) => g.values.length);
  const n = sizes.sort((a, b) => sizes.filter((x) => x === b).length - sizes.filter((x) => x === a).length)[0];
  const subgroups = [...groups.values()].filter((g) => g.values.length === n).slice(-CHART_WINDOW);
  const chart = xbarRChart(subgroups.map((g) => g.values));
  if (!chart) return { ...base, ...empty, points: [] };
  const violations = ruleViolations(chart.means, chart.xbar);
  const within = chart.r.sigma;
  return {
    ...base,
    ...limitsOf(chart.xbar, chart.r),
    sigma: within,
    ...capability(chart.xbar.center, within, lower, upper),
    points: subgroups.map((g, i) => point(i, chart.means[i], chart.ranges[i], g.row, violations)),
  };
}

const limitsOf = (main: Limits, range: Limits) => ({
  center: main.center,
  ucl: main.ucl,
  lcl: main.lcl,
  sigma: main.sigma,
  rangeCenter: range.center,
  rangeUcl: range.ucl,
  rangeLcl: range.lcl,
});

const point = (index: number, value: number, range: number | null, r: ValueRow, violations: Violation[]) => ({
  index,
  value,
  range,
  taskCode: r.task_code,
  at: new Date(r.at),
  violations: violations.filter((v) => v.index === index).map((v) => v.rule),
});

/**
 * After a result: the individuals chart of each numeric characteristic, over the latest values with the
 * new ones. A rule firing at a new value while every new value is within the specification raises
 * SpcRuleViolated: the process drifts before it makes scrap. Out of spec is a nonconformance already.
 */
export async function checkControlRules(
  tx: TxCtx,
  characteristics: readonly InspectionCharacteristic[],
  task: InspectionTask,
): Promise<void> {
  for (const c of characteristics) {
    const rows = await latestValues(tx.em, c.id, CHART_WINDOW);
    if (rows.length < MIN_FOR_ALERTS) continue;
    const values = rows.map((r) => Number(r.value));
    const chart = individualsChart(values);
    if (!chart) continue;
    const fresh = rows.map((r, i) => (r.task_id === task.id ? i : -1)).filter((i) => i >= 0);
    const inSpec = fresh.every(
      (i) => (c.lowerLimit == null || values[i] >= Number(c.lowerLimit)) && (c.upperLimit == null || values[i] <= Number(c.upperLimit)),
    );
    const fired = ruleViolations(values, chart.individuals).filter((v) => fresh.includes(v.index));
    if (!fired.length || !inSpec) continue;
    record(tx, {
      type: QualityEvent.SpcRuleViolated,
      aggregateType: 'InspectionCharacteristic',
      aggregateId: c.id,
      data: {
        characteristicId: c.id,
        characteristic: c.name,
        taskId: task.id,
        taskCode: task.code,
        sku: task.sku,
        workOrderCode: task.workOrderCode ?? null,
        operationName: task.operationName ?? null,
        rules: [...new Set(fired.map((v) => v.rule))],
        values: fresh.map((i) => values[i]),
        center: chart.individuals.center,
        ucl: chart.individuals.ucl,
        lcl: chart.individuals.lcl,
      },
    });
  }
}

/** Nonconformances ranked by defect code, work center, item or supplier, with the cumulative share. */
export async function defectPareto(ctx: Ctx, by: ParetoBy, since: Date | undefined): Promise<ParetoBar[]> {
  const key: Record<ParetoBy, { select: string; from: string }> = {
    [ParetoBy.CODE]: { select: 'd.code', from: 'cross join lateral jsonb_array_elements_text(n.defect_codes::jsonb) as d(code)' },
    [ParetoBy.WORK_CENTER]: { select: "coalesce(w.code, '(none)')", from: 'left join work_center w on w.id = n.work_center_id' },
    [ParetoBy.ITEM]: { select: 'n.sku', from: '' },
    [ParetoBy.SUPPLIER]: { select: "coalesce(p.code, '(none)')", from: 'left join partner p on p.id = n.supplier_id' },
  };
  const rows = await ctx.em.execute<{ key: string; count: string; qty: string }[]>(
    `select ${key[by].select} as key, count(*)::text as count, trim_scale(sum(n.qty))::text as qty
     from nonconformance n ${key[by].from}
     where n.created_at >= ?
     group by 1 order by count(*) desc, 1`,
    [since ?? new Date(0)],
  );
  const total = rows.reduce((s, r) => s + Number(r.count), 0);
  let running = 0;
  return rows.map((r) => {
    running += Number(r.count);
    return { key: r.key, count: Number(r.count), qty: r.qty, cumulativePercent: Math.round((running / total) * 1000) / 10 };
  });
}

/** First-pass yield: inspections passed the first time, of those inspected (skipped ones do not count), in [since, until). */
export async function firstPassYield(ctx: Ctx, itemId: string | undefined, since: Date | undefined, until?: Date): Promise<FirstPassYield> {
  const rows = await ctx.em.execute<{ key: string; inspected: string; passed: string }[]>(
    `select t.sku || coalesce(' / ' || t.operation_name, ' / receipt') as key, count(*)::text as inspected,
            count(*) filter (where t.state = 'PASSED')::text as passed
     from inspection_task t
     where t.state in ('PASSED', 'FAILED') and t.inspected_at >= ? ${until ? 'and t.inspected_at < ?' : ''} ${itemId ? 'and t.item_id = ?' : ''}
     group by 1 order by 1`,
    // No upper bound unless asked: the largest Date prints as an extended year (+275760-…) the database refuses.
    [since ?? new Date(0), ...(until ? [until] : []), ...(itemId ? [itemId] : [])],
  );
  const pct = (p: number, n: number) => Math.round((p / n) * 1000) / 10;
  const out = rows.map((r) => ({
    key: r.key,
    inspected: Number(r.inspected),
    passed: Number(r.passed),
    firstPassYield: pct(Number(r.passed), Number(r.inspected)),
  }));
  const inspected = out.reduce((s, r) => s + r.inspected, 0);
  const passed = out.reduce((s, r) => s + r.passed, 0);
  return { inspected, passed, firstPassYield: inspected ? pct(passed, inspected) : null, rows: out };
}
