import { h } from './dom.js';
import { inspectionLabel, stateLabel, t } from './i18n.js';
import type { Api } from './api.js';
import {
  PortalCustomerOrdersDocument,
  PortalOrderInspectionsDocument,
  type PortalCustomerOrdersQuery,
  type PortalOrderInspectionsQuery,
} from './generated/graphql.js';

type Order = PortalCustomerOrdersQuery['salesOrders']['edges'][number]['node'];
type Line = Order['lines'][number];
type Inspection = PortalOrderInspectionsQuery['salesOrders']['edges'][number]['node']['inspections'][number];

/**
 * The customer's page: each order, each line with a progress bar, dates and milestones, the inspection
 * results of the order, and for each delivery note its certificate of conformance (a printable page).
 */
export async function renderCustomer(root: HTMLElement, api: Api): Promise<() => Promise<void>> {
  const refresh = async () => {
    const [ordersRes, inspectionsRes] = await Promise.all([
      api.request(PortalCustomerOrdersDocument),
      api.request(PortalOrderInspectionsDocument),
    ]);
    const orders = ordersRes.salesOrders.edges.map((e) => e.node);
    const inspections = new Map(inspectionsRes.salesOrders.edges.map((e) => [e.node.id, e.node.inspections]));
    root.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t().ordersHeading),
        orders.length
          ? h('div', { class: 'orders' }, ...orders.map((o) => order(o, inspections.get(o.id) ?? [])))
          : h('p', { class: 'muted' }, t().noOrders),
      ),
    );
  };
  await refresh();
  return refresh;
}

function order(o: Order, inspections: readonly Inspection[]): HTMLElement {
  return h(
    'article',
    { class: 'order', 'data-order': o.code },
    h(
      'header',
      {},
      h('strong', {}, o.code),
      o.customerReference ? h('span', { class: 'muted' }, ` · ${o.customerReference}`) : null,
      ' ',
      h('span', { class: 'badge' }, stateLabel(o.state)),
    ),
    ...o.lines.map(line),
    o.shipments.length ? shipments(o.shipments) : null,
    inspections.length ? inspectionTable(inspections) : null,
  );
}

/** The order's inspection results: what was checked, at which step, of which lot, and how it came out. */
function inspectionTable(list: readonly Inspection[]): HTMLElement {
  return h(
    'details',
    { class: 'inspections', open: true },
    h('summary', {}, `${t().inspectionsHeading} (${list.length})`),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...[t().inspection, t().step, t().lot, t().inspectedAt, t().result].map((c) => h('th', {}, c)))),
        h(
          'tbody',
          {},
          ...list.map((i) =>
            h(
              'tr',
              { 'data-inspection': i.code },
              h('td', {}, i.code),
              h('td', {}, i.operationName ?? t().receipt),
              h('td', {}, i.lotCode ?? i.workOrderCode ?? '—'),
              h('td', {}, i.inspectedAt ? new Date(i.inspectedAt).toLocaleString() : '—'),
              h('td', {}, h('span', { class: `badge result-${i.state.toLowerCase()}` }, inspectionLabel(i.state))),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The delivery notes of an order, with carrier and tracking reference: what a receiving dock asks for. */
function shipments(list: Order['shipments']): HTMLElement {
  return h(
    'p',
    { class: 'shipments' },
    `${t().deliveryNotes}: `,
    ...list.map((s, i) =>
      h(
        'span',
        { 'data-shipment': s.code },
        i ? ' · ' : '',
        h('strong', {}, s.code),
        ` ${new Date(s.shippedAt).toLocaleDateString()}`,
        s.carrier ? ` ${s.carrier}` : '',
        s.trackingRef ? ` (${s.trackingRef})` : '',
        ' ',
        h('a', { class: 'certificate', href: `certificate.html?shipment=${encodeURIComponent(s.id)}` }, t().certificate),
      ),
    ),
  );
}

function line(l: Line): HTMLElement {
  const p = l.progress;
  const late = p.expectedDate && p.expectedDate > p.promisedDate;
  return h(
    'div',
    { class: 'line', 'data-line': l.lineNo },
    h(
      'div',
      { class: 'line-head' },
      h('span', {}, `${t().line} ${l.lineNo}: ${l.item.name} (${l.item.sku}) × ${l.qty} ${l.item.unit}`),
      h('span', { class: 'badge' }, stateLabel(p.state === 'RECEIVED' ? 'RECEIVED_ORDER' : p.state)),
    ),
    h(
      'div',
      { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': p.percentDone },
      h('div', { class: 'bar', style: `width: ${p.percentDone}%` }),
      h('span', { class: 'pct' }, `${p.percentDone}%`),
    ),
    h(
      'p',
      { class: 'dates' },
      `${t().promisedDate} ${p.promisedDate}`,
      p.expectedDate ? h('span', { class: late ? 'late' : '' }, ` · ${t().expectedDate} ${p.expectedDate}`) : null,
      p.currentOperation ? ` · ${t().current}: ${p.currentOperation}` : null,
    ),
    shortNote(l),
    h(
      'ol',
      { class: 'milestones', 'aria-label': t().milestones },
      ...p.milestones.map((m) =>
        h(
          'li',
          { class: [m.done ? 'done' : '', m.result === 'FAILED' ? 'deviation' : ''].join(' ').trim(), 'data-milestone': m.key },
          milestoneLabel(m, l),
          m.at ? h('time', {}, ` ${new Date(m.at).toLocaleString()}`) : null,
        ),
      ),
    ),
  );
}

/** A line that finished short says so: how much is missing, or what was closed short and why. */
function shortNote(l: Line): HTMLElement | null {
  if (l.progress.qtyShort !== '0')
    return h('p', { class: 'short-note', 'data-short': l.progress.qtyShort }, t().shortNow(l.progress.qtyShort));
  if (l.qtyShortClosed === '0') return null;
  return h(
    'p',
    { class: 'short-note', 'data-short-closed': l.qtyShortClosed },
    t().shortClosed(l.qtyShortClosed, l.qty),
    l.shortCloseReason ? ` · ${t().because}: ${l.shortCloseReason}` : null,
  );
}

function milestoneLabel(m: Line['progress']['milestones'][number], l: Line): string {
  if (m.key === 'shipped' && !m.done && m.qty && m.qty !== '0') return t().shippedPart(m.qty, l.qty);
  if (m.key === 'short-closed' && m.qty) return t().shortClosed(m.qty, l.qty);
  if (m.key === 'inspected' && m.result) return m.result === 'PASSED' ? t().inspectedPassed : t().inspectedFailed;
  if (m.operation) return t().operationDone(m.operation);
  return t().milestone[m.key] ?? m.label;
}
