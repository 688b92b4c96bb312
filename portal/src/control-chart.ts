import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, type ChartDataset } from 'chart.js';
import type { QualityChartQuery } from './generated/graphql.js';

// Only what a line chart needs: Chart.js is tree-shaken by registration, not by a bundler (there is none).
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

export type ControlChartData = QualityChartQuery['controlChart'];

export interface ChartWords {
  values: string;
  ranges: string;
  center: string;
  limits: string;
  spec: string;
}

const RED = '#d1242f';
const BLUE = '#1f6feb';
const GREY = '#64707d';
const ORANGE = '#bc4c00';

/** A horizontal line across every point, drawn as a dataset so it shows in the legend and the tooltip. */
function level(label: string, value: number | null | undefined, n: number, color: string, dash: number[]): ChartDataset<'line'> | null {
  if (value === null || value === undefined) return null;
  return {
    label,
    data: Array.from({ length: n }, () => value),
    borderColor: color,
    borderDash: dash,
    borderWidth: 1.5,
    pointRadius: 0,
    pointHitRadius: 0,
    fill: false,
  };
}

/**
 * The control chart of one characteristic: values (or subgroup means) with center line, control limits
 * and specification limits; points where a rule fires are red and larger. A second chart shows the
 * moving ranges (or subgroup ranges) against their own limits. Returns what to destroy on re-render.
 */
export function drawControlChart(valuesCanvas: HTMLCanvasElement, rangesCanvas: HTMLCanvasElement, c: ControlChartData, w: ChartWords) {
  const labels = c.points.map((p) => String(p.index + 1)); // people count points from 1
  const n = labels.length;
  const flagged = c.points.map((p) => p.violations.length > 0);
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    interaction: { mode: 'index' as const, intersect: false },
    plugins: { legend: { position: 'bottom' as const, labels: { boxWidth: 18, font: { size: 11 } } } },
    scales: { x: { ticks: { maxTicksLimit: 12 } } },
  };
  const values = new Chart(valuesCanvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: w.values,
          data: c.points.map((p) => p.value),
          borderColor: BLUE,
          backgroundColor: flagged.map((f) => (f ? RED : BLUE)),
          pointBorderColor: flagged.map((f) => (f ? RED : BLUE)),
          pointRadius: flagged.map((f) => (f ? 5 : 2.5)),
          borderWidth: 1.5,
          tension: 0,
        },
        level(w.center, c.center, n, GREY, []),
        level(`${w.limits} (UCL)`, c.ucl, n, RED, [6, 4]),
        level(`${w.limits} (LCL)`, c.lcl, n, RED, [6, 4]),
        level(`${w.spec} (USL)`, c.upperSpec === null ? null : Number(c.upperSpec), n, ORANGE, [2, 3]),
        level(`${w.spec} (LSL)`, c.lowerSpec === null ? null : Number(c.lowerSpec), n, ORANGE, [2, 3]),
      ].filter((d): d is ChartDataset<'line'> => d !== null),
    },
    options: common,
  });
  const ranges = new Chart(rangesCanvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: w.ranges, data: c.points.map((p) => p.range), borderColor: GREY, pointRadius: 2, borderWidth: 1.2, spanGaps: false },
        level(w.center, c.rangeCenter, n, GREY, [4, 3]),
        level(`${w.limits} (UCL)`, c.rangeUcl, n, RED, [6, 4]),
      ].filter((d): d is ChartDataset<'line'> => d !== null),
    },
    options: { ...common, plugins: { legend: { display: false } } },
  });
  return () => {
    values.destroy();
    ranges.destroy();
  };
}
