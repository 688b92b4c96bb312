import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

// Only what a line chart needs (the same registration as the control chart's: registering twice is harmless).
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

export interface TrendLine {
  label: string;
  /** OEE 0–1 per window, null where the work center had no planned time. */
  values: (number | null)[];
}

// Told apart by colour and by dash, so a colour-blind reader can still follow a line.
const COLOURS = ['#1f6feb', '#bc4c00', '#8250df', '#1a7f37', '#d1242f', '#0a7f8c', '#9a6700', '#57606a'];
const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3]];

/** OEE per shift of each work center over the recent days, in percent, with the 85% world-class line. Returns what to destroy. */
export function drawOeeTrend(canvas: HTMLCanvasElement, labels: string[], lines: TrendLine[], words: { target: string }): () => void {
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        ...lines.map((l, i) => ({
          label: l.label,
          data: l.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
          borderColor: COLOURS[i % COLOURS.length],
          backgroundColor: COLOURS[i % COLOURS.length],
          borderDash: DASHES[Math.floor(i / COLOURS.length) % DASHES.length],
          borderWidth: 2,
          pointRadius: 2.5,
          tension: 0.2,
          spanGaps: false,
        })),
        {
          label: words.target,
          data: labels.map(() => 85),
          borderColor: '#8c959f',
          borderDash: [4, 4],
          borderWidth: 1,
          pointRadius: 0,
          pointHitRadius: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { min: 0, max: 100, ticks: { callback: (v) => `${String(v)}%` } },
        x: { ticks: { maxTicksLimit: 10, maxRotation: 0 } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 18, font: { size: 11 } } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${c.parsed.y === null ? '—' : `${c.parsed.y}%`}` } },
      },
    },
  });
  return () => chart.destroy();
}
