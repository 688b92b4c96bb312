import { h, svg } from './dom.js';
import { currentLang } from './i18n.js';
import { PlannerBoardDocument, PlannerPlanChangedDocument, type PlannerBoardQuery } from './generated/graphql.js';
import { startLivePage } from './page.js';
import { sayCause, sayHint, sayTrigger, span } from './plan-explanations.js';

/**
 * The planner board: the published plan as a Gantt chart by work center and machine over the coming
 * days (late orders in red), the load of each work center, and the late orders with why and what could
 * help. It follows `planChanged`, so a re-plan shows without a reload. Opened with an internal token:
 * /portal/planner.html#token=…
 */
const TOKEN_KEY = 'mom-hub-planner-token';
const HOUR = 3_600_000;

const words = {
  en: {
    title: 'Planner board',
    language: '中文',
    loading: 'Loading…',
    noToken: 'Open the board with a link that carries your token (…/portal/planner.html#token=…).',
    expired: 'Your token has expired or is not valid; sign in again.',
    offline: 'Connection lost — reconnecting…',
    error: 'Something went wrong:',
    noPlan: 'No plan has been published yet.',
    version: 'Plan',
    published: 'published',
    lateOrder: 'late order',
    lateOrders: 'late orders',
    onTime: 'Every order is on time.',
    newerDraft: 'A newer draft is waiting to be published:',
    load: 'Load over the window',
    machine: 'machine',
    machines: 'machines',
    late: 'Late orders',
    lateBy: 'late by',
    why: 'Why',
    hint: 'Could help',
    colon: ': ',
    gantt: 'Work centers over the coming days',
  },
  zh: {
    title: '计划看板',
    language: 'English',
    loading: '加载中…',
    noToken: '请使用带有令牌的链接打开看板（…/portal/planner.html#token=…）。',
    expired: '令牌已过期或无效，请重新登录。',
    offline: '连接中断，正在重新连接…',
    error: '出错了：',
    noPlan: '尚未发布任何计划。',
    version: '计划',
    published: '已发布',
    lateOrder: '个延误订单',
    lateOrders: '个延误订单',
    onTime: '所有订单均按时。',
    newerDraft: '有更新的草稿等待发布：',
    load: '时间窗内负荷',
    machine: '台设备',
    machines: '台设备',
    late: '延误订单',
    lateBy: '延误',
    why: '原因',
    hint: '建议',
    colon: '：',
    gantt: '未来几天各工作中心排程',
  },
};
type Words = (typeof words)['en'];
const w = (): Words => words[currentLang()];

const app = document.getElementById('app')!;

type Plan = NonNullable<PlannerBoardQuery['publishedPlan']>;

function gantt(plan: Plan, from: number, to: number, width: number): SVGElement {
  const rows: { wc: string; code: string; machine: number }[] = [];
  for (const l of plan.load) for (let m = 0; m < l.machines; m++) rows.push({ wc: l.workCenterId, code: l.code, machine: m });
  const labelW = 86;
  const rowH = 30;
  const top = 22;
  const height = top + rows.length * rowH + 4;
  const x = (t: number) => labelW + ((t - from) / (to - from)) * (width - labelW - 8);
  const children: SVGElement[] = [];
  // Day lines and labels.
  const firstDay = Math.ceil(from / (24 * HOUR)) * 24 * HOUR;
  for (let d = firstDay; d < to; d += 24 * HOUR) {
    children.push(svg('line', { class: 'grid', x1: x(d), x2: x(d), y1: top - 4, y2: height }));
    const day = new Date(d);
    const label = currentLang() === 'zh' ? `${day.getUTCMonth() + 1}月${day.getUTCDate()}日` : day.toUTCString().slice(0, 11);
    children.push(svg('text', { class: 'day', x: x(d) + 3, y: 13 }, label));
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    children.push(svg('line', { class: 'grid', x1: 0, x2: width, y1: y, y2: y }));
    children.push(svg('text', { class: 'row-label', x: 6, y: y + 19 }, r.machine ? `${r.code} #${r.machine + 1}` : r.code));
    for (const op of plan.operations) {
      if (op.workCenterId !== r.wc || op.machine !== r.machine) continue;
      const a = Math.max(from, Date.parse(op.start));
      const b = Math.min(to, Date.parse(op.end));
      if (b <= a) continue;
      const bx = x(a);
      const bw = Math.max(2, x(b) - bx);
      const title = svg(
        'title',
        {},
        `${op.workOrderCode} · ${op.name} · ${op.start.slice(0, 16).replace('T', ' ')} → ${op.end.slice(11, 16)}`,
      );
      const bar = svg('rect', { class: op.late ? 'bar late' : 'bar', x: bx, y: y + 5, width: bw, height: rowH - 10, rx: 3 }, title);
      bar.setAttribute('data-op', op.workOrderCode);
      bar.setAttribute('data-late', String(op.late));
      children.push(bar);
      if (bw > 64) children.push(svg('text', { class: 'bar-label', x: bx + 4, y: y + 19 }, op.workOrderCode));
    }
  });
  const now = Date.now();
  if (now >= from && now <= to) children.push(svg('line', { class: 'now', x1: x(now), x2: x(now), y1: top - 4, y2: height }));
  return svg('svg', { width, height, role: 'img', 'aria-label': w().gantt }, ...children);
}

function render(data: PlannerBoardQuery, from: number, to: number) {
  const plan = data.publishedPlan;
  const newest = data.plans.edges[0]?.node;
  if (!plan) {
    app.replaceChildren(h('p', { class: 'muted' }, w().noPlan));
    return;
  }
  const summary = h(
    'div',
    { class: 'summary', 'data-version': plan.version },
    h('span', { class: 'big' }, `${w().version} v${plan.version}`),
    h(
      'span',
      { class: 'muted' },
      `${w().published} ${plan.origin.slice(0, 16).replace('T', ' ')} · `,
      h('span', { class: 'trigger' }, sayTrigger(plan)),
    ),
    plan.lateOrderCount
      ? h(
          'span',
          { class: 'big late', 'data-late-count': plan.lateOrderCount },
          `${plan.lateOrderCount} ${plan.lateOrderCount === 1 ? w().lateOrder : w().lateOrders}`,
        )
      : h('span', { class: 'ok', 'data-late-count': 0 }, w().onTime),
    newest && newest.version > plan.version && newest.state === 'DRAFT'
      ? h('span', { class: 'draft' }, `${w().newerDraft} v${newest.version} (${sayTrigger(newest)})`)
      : null,
  );
  const board = h('div', { class: 'board', 'aria-label': w().gantt });
  const loads = h(
    'div',
    { class: 'loads' },
    ...plan.load.map((l) => {
      const pct = Math.round(l.load * 100);
      return h(
        'div',
        { class: 'load', 'data-wc': l.code },
        h('strong', {}, l.code),
        ' ',
        h('span', { class: 'muted' }, `${pct}% · ${l.machines} ${l.machines === 1 ? w().machine : w().machines}`),
        h('div', { class: 'meter' }, h('span', { class: pct > 90 ? 'high' : '', style: `width:${Math.min(100, pct)}%` })),
      );
    }),
  );
  const late = h(
    'ol',
    { class: 'late-list' },
    ...plan.orders.map((o) =>
      h(
        'li',
        { 'data-late-order': o.code },
        h('strong', {}, o.code),
        ` ${w().lateBy} ${span(o.lateMinutes)} (${o.dueDate})`,
        ...o.causes.map((c) => h('div', { class: 'why', 'data-cause': c.kind }, `${w().why}${w().colon}${sayCause(c)}`)),
        ...o.hints.map((c) => h('div', { class: 'why', 'data-hint': c.kind }, `${w().hint}${w().colon}${sayHint(c)}`)),
      ),
    ),
  );
  app.replaceChildren(summary, h('h2', {}, w().gantt), board, h('h2', {}, w().load), loads);
  // The chart is as wide as its box (a phone's too: it shows fewer days), so nothing is cut off at the edge.
  board.append(gantt(plan, from, to, Math.max(300, Math.min(board.clientWidth || 1000, 1100))));
  if (plan.orders.length) app.append(h('h2', {}, w().late), late);
}

// A phone shows the next two days, a wider screen five.
const days = () => (window.innerWidth < 700 ? 2 : 5);

startLivePage({
  tokenKey: TOKEN_KEY,
  words: w,
  feed: PlannerPlanChangedDocument,
  draw: async (api) => {
    const from = Date.now() - 2 * HOUR;
    const to = from + days() * 24 * HOUR;
    const data = await api.request(PlannerBoardDocument, { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    render(data, from, to);
  },
});
