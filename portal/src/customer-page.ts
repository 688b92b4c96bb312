import { h } from './dom.js';
import { stateLabel, t } from './i18n.js';
import type { Api } from './api.js';
import { PortalCustomerOrdersDocument, type PortalCustomerOrdersQuery } from './generated/graphql.js';

type Order = PortalCustomerOrdersQuery['salesOrders']['edges'][number]['node'];
type Line = Order['lines'][number];

/** The customer's page: each order, each line with a progress bar, dates and milestones. */
export async function renderCustomer(root: HTMLElement, api: Api): Promise<() => Promise<void>> {
  const refresh = async () => {
    const orders = (await api.request(PortalCustomerOrdersDocument)).salesOrders.edges.map((e) => e.node);
    root.replaceChildren(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, t().ordersHeading),
        orders.length ? h('div', { class: 'orders' }, ...orders.map(order)) : h('p', { class: 'muted' }, t().noOrders),
      ),
    );
  };
  await refresh();
  return refresh;
}

function order(o: Order): HTMLElement {
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
          { class: m.done ? 'done' : '', 'data-milestone': m.key },
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
  if (m.operation) return m.inspection ? t().operationInspected(m.operation) : t().operationDone(m.operation);
  return t().milestone[m.key] ?? m.label;
}
