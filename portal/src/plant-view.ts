import { h } from './dom.js';
import { currentLang } from './i18n.js';
import { PlantFeedDocument, PlantPageDocument, type PlantOperationFieldsFragment, type PlantPageQuery } from './generated/graphql.js';
import { startLivePage } from './page.js';
import type { Api } from './api.js';
import { drawOeeTrend } from './oee-trend.js';

/**
 * The plant view for people inside the plant: every work center with its machines (state, why stopped,
 * what runs), its WIP, the operations ready to start and how many more wait for the step before, OEE of the running shift (A × P × Q) and OEE by shift over the last
 * week. It follows `plantChanged`, so a machine that stops, a count or an operation that starts or ends
 * shows without a reload; it also redraws every minute, because OEE and "stopped for" move with the clock.
 * Opened with an internal token: /portal/plant.html#token=…
 */
const TOKEN_KEY = 'mom-hub-plant-token';
const TREND_DAYS = 7;
const CLOCK_REDRAW_MS = 60_000;

const words = {
  en: {
    title: 'Plant view',
    language: '中文',
    loading: 'Loading…',
    noToken: 'Open the page with a link that carries your token (…/portal/plant.html#token=…).',
    expired: 'Your token has expired or is not valid; sign in again.',
    offline: 'Connection lost — reconnecting…',
    error: 'Something went wrong:',
    states: { RUNNING: 'Running', IDLE: 'Idle', DOWN: 'Down', MAINTENANCE: 'Maintenance' } as Record<string, string>,
    centerStates: { UP: 'Up', DOWN: 'Down', MAINTENANCE: 'Maintenance' } as Record<string, string>,
    machines: 'Machines',
    noMachines: 'No machines at this work center.',
    noCenters: 'No work centers yet.',
    thisShift: (label: string) => `This shift (${label})`,
    noShift: 'No shift is running now',
    oee: 'OEE',
    availability: 'Availability',
    performance: 'Performance',
    quality: 'Quality',
    checkIdeal: 'check ideal cycle',
    checkIdealTitle:
      'Above 100%: more units than the ideal cycle time allows in the running time. The ideal cycle (machine or routing) or the counts are wrong, not the machine better than ideal.',
    trend: `OEE by shift, last ${TREND_DAYS} days`,
    noTrend: 'No machine has run yet: no OEE to show.',
    target: 'World class (85%)',
    since: (d: string) => `for ${d}`,
    justNow: 'less than a minute',
    back: (t: string) => `back ~${t}`,
    noReason: 'No reason given yet',
    job: 'Job',
    noJob: 'No job set',
    lot: 'Lot',
    wip: 'In progress',
    queue: 'Ready to start',
    noWip: 'Nothing in progress.',
    noQueue: 'Nothing ready to start.',
    arrived: (got: string, of: string) => `${got} of ${of} arrived`,
    upcoming: (n: number) => (n === 1 ? '1 more coming, waiting on an earlier step' : `${n} more coming, waiting on earlier steps`),
    upcomingTitle: 'Pending steps that cannot start yet: the step before them has passed nothing on so far',
    more: (n: number) => `… and ${n} more`,
    due: 'due',
    updated: 'Updated',
    minutes: (m: number) => `${m} min`,
    hours: (hh: number, m: number) => `${hh} h ${String(m).padStart(2, '0')} min`,
    days: (d: number, hh: number) => `${d} d ${hh} h`,
    opStates: { PENDING: 'Waiting', RUNNING: 'Running', PAUSED: 'Paused', DONE: 'Done' } as Record<string, string>,
  },
  zh: {
    title: '车间看板',
    language: 'English',
    loading: '加载中…',
    noToken: '请使用带有令牌的链接打开本页（…/portal/plant.html#token=…）。',
    expired: '令牌已过期或无效，请重新登录。',
    offline: '连接中断，正在重新连接…',
    error: '出错了：',
    states: { RUNNING: '运行', IDLE: '空闲', DOWN: '停机', MAINTENANCE: '维护' },
    centerStates: { UP: '正常', DOWN: '停机', MAINTENANCE: '维护' },
    machines: '设备',
    noMachines: '此工作中心没有设备。',
    noCenters: '还没有工作中心。',
    thisShift: (label: string) => `当前班次（${label}）`,
    noShift: '当前没有班次',
    oee: 'OEE',
    availability: '时间开动率',
    performance: '性能开动率',
    quality: '合格品率',
    checkIdeal: '请核对理想节拍',
    checkIdealTitle: '超过 100%：运行时间内的产量超过理想节拍所允许的数量。应核对设备或工艺路线的理想节拍或计数，而不是设备比理想更快。',
    trend: `近 ${TREND_DAYS} 天各班次 OEE`,
    noTrend: '还没有设备运行过，暂无 OEE。',
    target: '世界级水平（85%）',
    since: (d: string) => `已持续 ${d}`,
    justNow: '不到 1 分钟',
    back: (t: string) => `预计 ${t} 恢复`,
    noReason: '尚未填写原因',
    job: '任务',
    noJob: '未设置任务',
    lot: '批次',
    wip: '在制',
    queue: '可开工',
    noWip: '没有在制工序。',
    noQueue: '没有可开工的工序。',
    arrived: (got: string, of: string) => `已到 ${got} / ${of}`,
    upcoming: (n: number) => `另有 ${n} 道工序等待上道工序来料`,
    upcomingTitle: '这些工序还不能开工：上道工序尚未交出合格品',
    more: (n: number) => `… 另有 ${n} 项`,
    due: '交期',
    updated: '更新于',
    minutes: (m: number) => `${m} 分钟`,
    hours: (hh: number, m: number) => `${hh} 小时 ${m} 分钟`,
    days: (d: number, hh: number) => `${d} 天 ${hh} 小时`,
    opStates: { PENDING: '等待', RUNNING: '进行中', PAUSED: '暂停', DONE: '完成' },
  },
};
type Words = (typeof words)['en'];
const w = (): Words => words[currentLang()];

type Page = PlantPageQuery;
type Center = Page['plantView']['workCenters'][number];
type Machine = Center['machines'][number];
/** A shift's figures, of a work center or a machine. */
interface OeeRow {
  label: string;
  start: string;
  availability?: number | null;
  performance?: number | null;
  quality?: number | null;
  oee?: number | null;
}

const locale = () => (currentLang() === 'zh' ? 'zh-CN' : 'en-GB');
const time = (iso: string) => new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`);
/**
 * Green at world class, yellow above the usual floor, red below; grey without data. World class is
 * 85% OEE from about 90% availability, 95% performance and 99% quality, so each figure has its own bar.
 */
const BARS = { oee: [0.85, 0.6], availability: [0.9, 0.75], performance: [0.95, 0.8], quality: [0.99, 0.95] } as const;
type Figure = keyof typeof BARS;
/**
 * Above 100% (performance, and OEE through it) units came faster than their ideal cycle allows: the ideal
 * cycle or the counts are wrong, so the figure is flagged for checking rather than shown as good.
 */
const SUSPECT_ABOVE = 1.005;
const grade = (v: number | null | undefined, figure: Figure = 'oee') =>
  v === null || v === undefined
    ? 'none'
    : v > SUSPECT_ABOVE
      ? 'suspect'
      : v >= BARS[figure][0]
        ? 'good'
        : v >= BARS[figure][1]
          ? 'fair'
          : 'poor';
/** "2026-12-04 A" → "12-04 A": the year is plain on a week's chart. */
const shortLabel = (label: string) => label.replace(/^\d{4}-/, '');

function duration(fromIso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(fromIso).getTime()) / 60_000));
  if (minutes < 1) return w().justNow;
  if (minutes < 60) return w().minutes(minutes);
  if (minutes < 24 * 60) return w().hours(Math.floor(minutes / 60), minutes % 60);
  return w().days(Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60));
}

/** The running shift's row of each work center (or machine): the last window, which ends now. */
function current<T extends OeeRow>(rows: readonly T[], key: (r: T) => string | null): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const seen = out.get(k);
    if (!seen || seen.start < r.start) out.set(k, r);
  }
  return out;
}

function tiles(row: OeeRow | undefined): HTMLElement {
  const tile = (name: string, key: Figure, v: number | null | undefined, big = false) => {
    const g = grade(v, key);
    return h(
      'div',
      { class: `tile ${big ? 'big' : ''} ${g}`, 'data-tile': key, title: g === 'suspect' ? w().checkIdealTitle : undefined },
      h('span', { class: 'tile-name' }, name),
      h('span', { class: 'tile-value' }, pct(v)),
      g === 'suspect' ? h('span', { class: 'tile-note' }, `⚠ ${w().checkIdeal}`) : null,
    );
  };
  return h(
    'div',
    { class: 'oee' },
    h('div', { class: 'oee-caption muted' }, row ? w().thisShift(row.label) : w().noShift),
    h(
      'div',
      { class: 'tiles' },
      tile(w().oee, 'oee', row?.oee, true),
      tile(w().availability, 'availability', row?.availability),
      tile(w().performance, 'performance', row?.performance),
      tile(w().quality, 'quality', row?.quality),
    ),
  );
}

const opLine = (o: PlantOperationFieldsFragment) => `${o.workOrderCode} · ${o.sequence} ${o.name}`;

function machineCard(m: Machine, oee: OeeRow | undefined, now: Date): HTMLElement {
  const stopped = m.state === 'DOWN' || m.state === 'MAINTENANCE';
  const job = m.job;
  return h(
    'article',
    { class: `machine state-${m.state.toLowerCase()}`, 'data-machine': m.code, 'data-state': m.state },
    h(
      'div',
      { class: 'machine-head' },
      h('strong', { class: 'machine-code' }, m.code),
      h('span', { class: 'pill', 'data-pill': m.state }, w().states[m.state] ?? m.state),
    ),
    h('div', { class: 'machine-name muted' }, m.name),
    h(
      'div',
      { class: 'machine-since' },
      m.stateSince ? w().since(duration(m.stateSince, now)) : null,
      oee?.oee !== null && oee?.oee !== undefined ? h('span', { class: `mini ${grade(oee.oee)}` }, `OEE ${pct(oee.oee)}`) : null,
    ),
    stopped
      ? h(
          'div',
          { class: 'reason', 'data-reason': m.reasonCode ?? '' },
          m.reasonCode ? `${m.reasonName ?? ''} (${m.reasonCode})` : w().noReason,
          m.expectedEnd ? h('span', { class: 'back' }, ` · ${w().back(time(m.expectedEnd))}`) : null,
        )
      : null,
    job
      ? h(
          'div',
          { class: 'job', 'data-job': job.workOrderCode },
          h('span', { class: 'job-op' }, opLine(job)),
          h('span', { class: 'job-qty' }, `${job.qtyGood} / ${job.qty}`),
          h('div', { class: 'muted job-item' }, `${job.sku}${m.lotCode ? ` · ${w().lot} ${m.lotCode}` : ''}`),
        )
      : h('div', { class: 'job muted' }, w().noJob),
  );
}

/** What a waiting step can work on: the units sent to rework, or what has arrived of the order when not all has. */
function toMake(o: PlantOperationFieldsFragment): string {
  if (o.reworkQty !== null && o.reworkQty !== undefined) return `${o.reworkQty} × ${o.sku}`;
  return Number(o.qtyReceived) < Number(o.qty) ? `${w().arrived(o.qtyReceived, o.qty)} · ${o.sku}` : `${o.qty} × ${o.sku}`;
}

/** WIP, or the queue (ready to start) with the count of steps still waiting for the one before them. */
function opList(kind: 'wip' | 'queue', ops: readonly PlantOperationFieldsFragment[], count: number, upcoming = 0): HTMLElement {
  const title = kind === 'wip' ? w().wip : w().queue;
  const items = ops.map((o) =>
    h(
      'li',
      { 'data-op': o.operationId, 'data-wo': o.workOrderCode },
      h('span', { class: 'op-main' }, opLine(o)),
      h(
        'span',
        { class: 'op-meta muted' },
        kind === 'wip' ? `${w().opStates[o.state] ?? o.state} · ${o.qtyGood} / ${o.qty} · ${o.sku}` : `${toMake(o)} · `,
        // A date is not broken across lines.
        kind === 'wip' ? null : h('span', { class: 'nowrap' }, `${w().due} ${o.dueDate}`),
      ),
    ),
  );
  return h(
    'div',
    { class: `ops ${kind}`, 'data-list': kind },
    h('h3', {}, title, ' ', h('span', { class: 'count', 'data-count': kind }, String(count))),
    items.length
      ? h('ul', {}, ...items, count > ops.length ? h('li', { class: 'muted' }, w().more(count - ops.length)) : null)
      : h('p', { class: 'muted' }, kind === 'wip' ? w().noWip : w().noQueue),
    upcoming > 0
      ? h(
          'p',
          { class: 'upcoming muted', 'data-count': 'upcoming', 'data-upcoming': String(upcoming), title: w().upcomingTitle },
          w().upcoming(upcoming),
        )
      : null,
  );
}

function centerCard(c: Center, wcOee: Map<string, OeeRow>, machineOee: Map<string, OeeRow>, now: Date): HTMLElement {
  return h(
    'section',
    { class: `card center wc-${c.state.toLowerCase()}`, 'data-wc': c.code, 'data-wc-state': c.state },
    h(
      'header',
      { class: 'center-head' },
      h('h2', {}, c.name, ' ', h('span', { class: 'muted code' }, c.code)),
      c.state !== 'UP' ? h('span', { class: 'pill', 'data-pill': c.state }, w().centerStates[c.state] ?? c.state) : null,
    ),
    tiles(wcOee.get(c.id)),
    c.machines.length
      ? h('div', { class: 'machines' }, ...c.machines.map((m) => machineCard(m, machineOee.get(m.id), now)))
      : h('p', { class: 'muted' }, w().noMachines),
    h('div', { class: 'work' }, opList('wip', c.wip, c.wipCount), opList('queue', c.queue, c.queueCount, c.upcomingCount)),
  );
}

function summary(page: Page, now: Date): HTMLElement {
  const counts = new Map<string, number>();
  for (const c of page.plantView.workCenters) for (const m of c.machines) counts.set(m.state, (counts.get(m.state) ?? 0) + 1);
  return h(
    'section',
    { class: 'summary', id: 'summary' },
    ...['RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE'].map((s) =>
      h(
        'span',
        { class: `chip state-${s.toLowerCase()}`, 'data-summary': s },
        h('strong', {}, String(counts.get(s) ?? 0)),
        ' ',
        w().states[s],
      ),
    ),
    h('span', { class: 'muted updated' }, `${w().updated} ${now.toLocaleTimeString(locale())}`),
  );
}

let destroyChart: (() => void) | undefined;

function trend(page: Page): HTMLElement {
  const rows = page.oee.workCenters;
  // From the first shift with any OEE: a plant that started on Tuesday has no empty days before it.
  const sorted = [...rows].sort((a, b) => (a.start < b.start ? -1 : 1));
  const first = sorted.findIndex((r) => r.oee !== null);
  const labels = [...new Set(sorted.slice(Math.max(0, first)).map((r) => r.label))];
  const lines = page.plantView.workCenters
    .map((c) => {
      const byLabel = new Map(rows.filter((r) => r.workCenterId === c.id).map((r) => [r.label, r.oee]));
      return { label: c.name, values: labels.map((l) => byLabel.get(l) ?? null) };
    })
    .filter((l) => l.values.some((v) => v !== null));
  if (!lines.length) return h('section', { class: 'card', id: 'trend' }, h('h2', {}, w().trend), h('p', { class: 'muted' }, w().noTrend));
  const canvas = h('canvas', { id: 'trend-chart', role: 'img', 'aria-label': w().trend });
  // Chart.js measures its box, so it draws once the section is in the page.
  queueMicrotask(() => {
    destroyChart = drawOeeTrend(canvas, labels.map(shortLabel), lines, w());
    document.body.dataset.chart = String(lines.length);
  });
  return h('section', { class: 'card', id: 'trend' }, h('h2', {}, w().trend), h('div', { class: 'chart-box' }, canvas));
}

let clock: ReturnType<typeof setTimeout> | undefined;
let drawing: Promise<void> | undefined;
let again = false;

/** One draw at a time: events that come while one is drawn make one more draw after it, not one each. */
async function draw(api: Api, app: HTMLElement, redraw: () => void): Promise<void> {
  if (drawing) {
    again = true;
    return drawing;
  }
  drawing = (async () => {
    try {
      do {
        again = false;
        const to = new Date();
        const from = new Date(to.getTime() - TREND_DAYS * 86_400_000);
        const page = await api.request(PlantPageDocument, { from: from.toISOString(), to: to.toISOString() });
        const now = new Date();
        const wcOee = current(page.oee.workCenters, (r) => r.workCenterId);
        const machineOee = current(page.oee.machines, (r) => r.machineId);
        destroyChart?.();
        destroyChart = undefined;
        const centers = page.plantView.workCenters;
        app.replaceChildren(
          summary(page, now),
          ...(centers.length
            ? centers.map((c) => centerCard(c, wcOee, machineOee, now))
            : [h('p', { class: 'card muted' }, w().noCenters)]),
          trend(page),
        );
        document.getElementById('clock')!.textContent = now.toLocaleDateString(locale());
        document.body.dataset.drawn = page.plantView.at;
      } while (again);
    } finally {
      drawing = undefined;
    }
    clearTimeout(clock);
    clock = setTimeout(redraw, CLOCK_REDRAW_MS);
  })();
  return drawing;
}

startLivePage({ tokenKey: TOKEN_KEY, words: w, feed: PlantFeedDocument, draw });
