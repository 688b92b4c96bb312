import { h } from './dom.js';
import { currentLang } from './i18n.js';
import { QualityBoardDocument, QualityBoardFeedDocument, QualityChartDocument, type QualityBoardQuery } from './generated/graphql.js';
import { startLivePage } from './page.js';
import { drawControlChart, type ControlChartData } from './control-chart.js';

/**
 * The quality page for quality staff: the control chart of a characteristic (Chart.js, served by the hub
 * itself: plants have no internet), the open nonconformances and the lots on hold. It follows
 * `qualityAlerts`, so a new nonconformance or a rule that fires shows without a reload. Opened with an
 * internal token: /portal/quality.html#token=…
 */
const TOKEN_KEY = 'mom-hub-quality-token';
const CHOICE_KEY = 'mom-hub-quality-characteristic';
const SIGNALS_SHOWN = 8;

const words = {
  en: {
    title: 'Quality',
    language: '中文',
    loading: 'Loading…',
    noToken: 'Open the page with a link that carries your token (…/portal/quality.html#token=…).',
    expired: 'Your token has expired or is not valid; sign in again.',
    offline: 'Connection lost — reconnecting…',
    error: 'Something went wrong:',
    chart: 'Control chart',
    characteristic: 'Characteristic',
    kind: 'Chart',
    noCharacteristic: 'No numeric characteristic in any inspection plan yet.',
    noPoints: 'No measurements yet.',
    points: 'Points',
    values: 'Value',
    ranges: 'Range',
    center: 'Center',
    limits: 'Control limit',
    spec: 'Spec limit',
    signals: 'Rules that fired',
    noSignals: 'No rule fires: the process is in control.',
    earlier: (n: number) => `… and ${n} earlier (red on the chart)`,
    ncs: 'Open nonconformances',
    noNcs: 'No open nonconformance.',
    holds: 'Lots on hold',
    noHolds: 'No lot is on hold.',
    code: 'Code',
    state: 'State',
    found: 'Found at',
    item: 'Item / lot',
    qty: 'Qty',
    defects: 'Defects',
    description: 'Description',
    supplierAnswer: 'Supplier’s answer',
    reason: 'Reason',
    by: 'By',
    since: 'Since',
    rules: {
      BEYOND_3_SIGMA: 'One point beyond 3σ',
      TWO_OF_THREE_BEYOND_2_SIGMA: '2 of 3 beyond 2σ',
      FOUR_OF_FIVE_BEYOND_1_SIGMA: '4 of 5 beyond 1σ',
      EIGHT_ON_ONE_SIDE: '8 in a row on one side',
      SIX_TRENDING: '6 in a row trending',
    } as Record<string, string>,
    states: {
      OPEN: 'Open',
      AWAITING_APPROVAL: 'Awaiting approval',
      AWAITING_SUPPLIER: 'Awaiting supplier',
      IN_REWORK: 'In rework',
    } as Record<string, string>,
    where: { RECEIPT: 'Receipt', OPERATION: 'Operation', STOCK: 'Stock', CUSTOMER: 'Customer' } as Record<string, string>,
  },
  zh: {
    title: '质量',
    language: 'English',
    loading: '加载中…',
    noToken: '请使用带有令牌的链接打开本页（…/portal/quality.html#token=…）。',
    expired: '令牌已过期或无效，请重新登录。',
    offline: '连接中断，正在重新连接…',
    error: '出错了：',
    chart: '控制图',
    characteristic: '检验特性',
    kind: '图类型',
    noCharacteristic: '检验计划中还没有计量型特性。',
    noPoints: '暂无测量数据。',
    points: '点数',
    values: '测量值',
    ranges: '极差',
    center: '中心线',
    limits: '控制限',
    spec: '规格限',
    signals: '触发的判异规则',
    noSignals: '未触发任何规则：过程受控。',
    earlier: (n: number) => `… 以及更早的 ${n} 个（图中红点）`,
    ncs: '未关闭的不合格品',
    noNcs: '没有未关闭的不合格品。',
    holds: '冻结批次',
    noHolds: '没有被冻结的批次。',
    code: '编号',
    state: '状态',
    found: '发现位置',
    item: '物料 / 批次',
    qty: '数量',
    defects: '缺陷',
    description: '描述',
    supplierAnswer: '供应商回复',
    reason: '原因',
    by: '操作人',
    since: '冻结时间',
    rules: {
      BEYOND_3_SIGMA: '1 点超出 3σ',
      TWO_OF_THREE_BEYOND_2_SIGMA: '3 点中 2 点超出 2σ',
      FOUR_OF_FIVE_BEYOND_1_SIGMA: '5 点中 4 点超出 1σ',
      EIGHT_ON_ONE_SIDE: '连续 8 点在中心线同侧',
      SIX_TRENDING: '连续 6 点上升或下降',
    },
    states: { OPEN: '待处置', AWAITING_APPROVAL: '待审批', AWAITING_SUPPLIER: '待供应商回复', IN_REWORK: '返工中' },
    where: { RECEIPT: '来料', OPERATION: '工序', STOCK: '库存', CUSTOMER: '客户' },
  },
};
type Words = (typeof words)['en'];
const w = (): Words => words[currentLang()];

let destroyChart: (() => void) | undefined;
const when = (iso: string) => new Date(iso).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB');
const fmt = (n: number | null | undefined, digits = 4) => (n === null || n === undefined ? '—' : String(Number(n.toFixed(digits))));

type Board = QualityBoardQuery;
interface Choice {
  characteristicId: string;
  kind: 'I_MR' | 'XBAR_R';
}

function numericCharacteristics(board: Board) {
  return board.inspectionPlans.edges.flatMap((e) =>
    e.node.characteristics
      .filter((c) => c.kind === 'NUMERIC')
      .map((c) => ({ id: c.id, label: `${e.node.name} — ${c.name}${c.unit ? ` (${c.unit})` : ''}` })),
  );
}

function chosen(board: Board): Choice | null {
  const all = numericCharacteristics(board);
  const saved = JSON.parse(sessionStorage.getItem(CHOICE_KEY) ?? 'null') as Choice | null;
  if (saved && all.some((c) => c.id === saved.characteristicId)) return saved;
  return all[0] ? { characteristicId: all[0].id, kind: 'I_MR' } : null;
}

function chartSection(board: Board, choice: Choice | null, chart: ControlChartData | null, rerender: () => void): HTMLElement {
  const all = numericCharacteristics(board);
  if (!choice) return h('section', { class: 'card', id: 'spc' }, h('h2', {}, w().chart), h('p', { class: 'muted' }, w().noCharacteristic));
  const pick = (patch: Partial<Choice>) => {
    sessionStorage.setItem(CHOICE_KEY, JSON.stringify({ ...choice, ...patch }));
    rerender();
  };
  const select = h(
    'select',
    { id: 'characteristic', onchange: (e: Event) => pick({ characteristicId: (e.target as HTMLSelectElement).value }) },
    ...all.map((c) => h('option', { value: c.id, selected: c.id === choice.characteristicId }, c.label)),
  );
  const kind = h(
    'select',
    { id: 'kind', onchange: (e: Event) => pick({ kind: (e.target as HTMLSelectElement).value as Choice['kind'] }) },
    h('option', { value: 'I_MR', selected: choice.kind === 'I_MR' }, 'I-MR'),
    h('option', { value: 'XBAR_R', selected: choice.kind === 'XBAR_R' }, 'X̄-R'),
  );
  const controls = h('div', { class: 'controls' }, h('label', {}, w().characteristic, select), h('label', {}, w().kind, kind));
  if (!chart || !chart.points.length) {
    return h('section', { class: 'card', id: 'spc' }, h('h2', {}, w().chart), controls, h('p', { class: 'muted' }, w().noPoints));
  }
  const capable = (v: number | null | undefined) => (v === null || v === undefined ? '' : v >= 1.33 ? 'good' : v >= 1 ? 'fair' : 'poor');
  const figures = h(
    'dl',
    { class: 'figures' },
    ...(
      [
        [w().points, String(chart.points.length), ''],
        [w().center, fmt(chart.center), ''],
        ['UCL', fmt(chart.ucl), ''],
        ['LCL', fmt(chart.lcl), ''],
        ['σ', fmt(chart.sigma), ''],
        ['Cp', fmt(chart.cp, 2), capable(chart.cp)],
        ['Cpk', fmt(chart.cpk, 2), capable(chart.cpk)],
      ] as const
    ).map(([k, v, cls]) => h('div', { class: `figure ${cls}`, 'data-figure': k }, h('dt', {}, k), h('dd', {}, v))),
  );
  const valuesCanvas = h('canvas', { id: 'values-chart', role: 'img', 'aria-label': `${chart.name} ${w().values}` });
  const rangesCanvas = h('canvas', { id: 'ranges-chart', role: 'img', 'aria-label': `${chart.name} ${w().ranges}` });
  // The latest signals first: what to act on now; older ones are on the chart in red.
  const flagged = chart.points.filter((p) => p.violations.length).reverse();
  const shown = flagged.slice(0, SIGNALS_SHOWN);
  const signals = flagged.length
    ? h(
        'ul',
        { class: 'signals' },
        ...shown.map((p) =>
          h(
            'li',
            { 'data-point': p.index },
            h('strong', {}, `#${p.index + 1}`),
            ` ${fmt(p.value)} · ${p.taskCode} · `,
            p.violations.map((v) => w().rules[v] ?? v).join(', '),
          ),
        ),
        flagged.length > shown.length ? h('li', { class: 'muted' }, w().earlier(flagged.length - shown.length)) : null,
      )
    : h('p', { class: 'ok' }, w().noSignals);
  const section = h(
    'section',
    { class: 'card', id: 'spc' },
    h('h2', {}, `${w().chart}: ${chart.name}`),
    controls,
    figures,
    h('div', { class: 'chart-box values' }, valuesCanvas),
    h('div', { class: 'chart-box ranges' }, rangesCanvas),
    h('h3', {}, w().signals),
    signals,
  );
  // Chart.js measures its container, so it draws once the section is in the page.
  queueMicrotask(() => {
    destroyChart = drawControlChart(valuesCanvas, rangesCanvas, chart, w());
    document.body.dataset.chart = String(chart.points.length);
  });
  return section;
}

function table(headers: string[], rows: HTMLElement[], empty: string, id: string): HTMLElement {
  if (!rows.length) return h('p', { class: 'muted', id }, empty);
  return h(
    'div',
    { class: 'scroll' },
    h('table', { id }, h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, x)))), h('tbody', {}, ...rows)),
  );
}

function ncSection(board: Board): HTMLElement {
  const rows = board.nonconformances.edges.map(({ node: nc }) =>
    h(
      'tr',
      { 'data-nc': nc.code, class: `state-${nc.state.toLowerCase()}` },
      h('td', {}, h('strong', {}, nc.code), h('br'), h('span', { class: 'muted' }, when(nc.createdAt))),
      h('td', {}, h('span', { class: 'badge' }, w().states[nc.state] ?? nc.state)),
      h('td', {}, w().where[nc.whereFound] ?? nc.whereFound),
      h('td', {}, nc.sku, nc.lotCode ? h('span', { class: 'muted' }, ` ${nc.lotCode}`) : null),
      h('td', { class: 'num' }, nc.qty),
      h('td', {}, nc.defectCodes.join(', ')),
      h(
        'td',
        {},
        nc.description,
        nc.supplierResponse ? h('div', { class: 'answer' }, `${w().supplierAnswer}: ${nc.supplierResponse}`) : null,
      ),
    ),
  );
  return h(
    'section',
    { class: 'card', id: 'ncs' },
    h('h2', {}, `${w().ncs} (${board.nonconformances.totalCount})`),
    table([w().code, w().state, w().found, w().item, w().qty, w().defects, w().description], rows, w().noNcs, 'nc-table'),
  );
}

function holdSection(board: Board): HTMLElement {
  const rows = board.lotHolds.edges.map(({ node: hold }) =>
    h(
      'tr',
      { 'data-hold': hold.code },
      h('td', {}, h('strong', {}, hold.code)),
      h('td', {}, `${hold.lot.item.sku} `, h('span', { class: 'muted' }, hold.lot.code)),
      h('td', {}, hold.reason),
      h('td', {}, hold.heldBy ?? '—'),
      h('td', {}, when(hold.createdAt)),
    ),
  );
  return h(
    'section',
    { class: 'card', id: 'holds' },
    h('h2', {}, `${w().holds} (${board.lotHolds.totalCount})`),
    table([w().code, w().item, w().reason, w().by, w().since], rows, w().noHolds, 'hold-table'),
  );
}

startLivePage({
  tokenKey: TOKEN_KEY,
  words: w,
  feed: QualityBoardFeedDocument,
  draw: async (api, app, redraw) => {
    const board = await api.request(QualityBoardDocument);
    const choice = chosen(board);
    const chart = choice ? (await api.request(QualityChartDocument, choice)).controlChart : null;
    destroyChart?.();
    destroyChart = undefined;
    app.replaceChildren(chartSection(board, choice, chart, redraw), ncSection(board), holdSection(board));
  },
});
