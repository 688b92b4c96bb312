import { h, svg, inDays, captureOpenForms, restoreOpenForms } from './dom.js';
import { stateLabel, t } from './i18n.js';
import type { Api } from './api.js';
import {
  PortalConfirmDocument,
  PortalRespondToNonconformanceDocument,
  PortalShipDocument,
  PortalSupplierNonconformancesDocument,
  PortalSupplierPlanDocument,
  type PortalSupplierNonconformancesQuery,
  type PortalSupplierPlanQuery,
} from './generated/graphql.js';

type Plan = PortalSupplierPlanQuery;
type Commitment = Plan['supplierCommitments']['edges'][number]['node'];
type Nc = PortalSupplierNonconformancesQuery['nonconformances']['edges'][number]['node'];

/** The supplier's page: what is short and when (a table and a timeline), and its commitments to act on. */
export async function renderSupplier(root: HTMLElement, api: Api, onError: (e: unknown) => void): Promise<() => Promise<void>> {
  const refresh = async () => {
    const [plan, ncs] = await Promise.all([api.request(PortalSupplierPlanDocument), api.request(PortalSupplierNonconformancesDocument)]);
    // A live update must not throw away what the supplier is typing: open forms come back with their values.
    const typing = captureOpenForms(root);
    root.replaceChildren(
      h('section', { class: 'card' }, h('h2', {}, t().supplierHeading), requirementsTable(plan)),
      h('section', { class: 'card' }, h('h2', {}, t().timelineHeading), timeline(plan)),
      h('section', { class: 'card', id: 'commitments' }, h('h2', {}, t().commitmentsHeading), commitments(plan, api, refresh, onError)),
      h(
        'section',
        { class: 'card', id: 'nonconformances' },
        h('h2', {}, t().ncHeading),
        nonconformances(
          ncs.nonconformances.edges.map((e) => e.node),
          api,
          refresh,
          onError,
        ),
      ),
    );
    restoreOpenForms(root, typing);
  };
  await refresh();
  return refresh;
}

function requirementsTable(plan: Plan): HTMLElement {
  const rows = plan.supplierRequirements;
  if (!rows.length) return h('p', { class: 'muted' }, t().nothingShort);
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { id: 'requirements' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[t().item, t().onHand, t().committed, t().requested, t().demand, t().shortage, t().shortFrom].map((c) => h('th', {}, c)),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            { class: Number(r.shortage) > 0 ? 'short' : '' },
            h('td', {}, h('strong', {}, r.item.sku), h('br'), h('span', { class: 'muted' }, r.item.name)),
            h('td', { class: 'num' }, `${r.onHand} ${r.item.unit}`),
            h('td', { class: 'num' }, r.committed),
            h('td', { class: 'num' }, r.requested),
            h('td', { class: 'num' }, r.demand),
            h('td', { class: 'num shortage' }, r.shortage),
            h('td', {}, r.shortFrom ?? '—'),
          ),
        ),
      ),
    ),
  );
}

/** One row per item, one bar per date it is needed; the red part is what is still short by then. */
function timeline(plan: Plan): Element {
  const rows = plan.supplierRequirements;
  const dates = [...new Set(rows.flatMap((r) => r.buckets.map((b) => b.needBy)))].sort();
  if (!dates.length) return h('p', { class: 'muted' }, t().nothingShort);
  const width = 640;
  const rowH = 34;
  const left = 120;
  const step = (width - left - 20) / Math.max(1, dates.length);
  const max = Math.max(...rows.flatMap((r) => r.buckets.map((b) => Number(b.qty))), 1);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${rows.length * rowH + 30}`, role: 'img', class: 'timeline', id: 'timeline' });
  dates.forEach((d, i) =>
    chart.append(
      svg('text', { x: left + i * step + step / 2, y: rows.length * rowH + 22, 'text-anchor': 'middle', class: 'axis' }, d.slice(5)),
    ),
  );
  rows.forEach((r, row) => {
    const y = row * rowH + 6;
    chart.append(svg('text', { x: 4, y: y + 16, class: 'label' }, r.item.sku));
    for (const b of r.buckets) {
      const x = left + dates.indexOf(b.needBy) * step + step * 0.2;
      const w = step * 0.6;
      const full = (Number(b.qty) / max) * (rowH - 10);
      const short = Math.min(full, (Number(b.shortBy) / max) * (rowH - 10));
      chart.append(
        svg('rect', { x, y: y + (rowH - 10 - full), width: w, height: full, class: 'bar' }, svg('title', {}, `${b.needBy}: ${b.qty}`)),
      );
      if (short > 0)
        chart.append(
          svg(
            'rect',
            { x, y: y + (rowH - 10 - short), width: w, height: short, class: 'bar short' },
            svg('title', {}, `${t().shortage} ${b.shortBy}`),
          ),
        );
    }
  });
  return chart;
}

function commitments(plan: Plan, api: Api, refresh: () => Promise<void>, onError: (e: unknown) => void): HTMLElement {
  const list = plan.supplierCommitments.edges.map((e) => e.node);
  if (!list.length) return h('p', { class: 'muted' }, t().noCommitments);
  return h('div', { class: 'commitments' }, ...list.map((c) => commitmentCard(c, api, refresh, onError)));
}

/** The goods quality returned to this supplier: what was wrong, and a form to answer those that wait for it. */
function nonconformances(list: readonly Nc[], api: Api, refresh: () => Promise<void>, onError: (e: unknown) => void): HTMLElement {
  if (!list.length) return h('p', { class: 'muted' }, t().noNcs);
  return h(
    'div',
    { class: 'nonconformances' },
    ...list.map((nc) => {
      const card = h(
        'article',
        { class: `nc state-${nc.state.toLowerCase()}`, 'data-code': nc.code },
        h('header', {}, h('strong', {}, nc.code), ' ', h('span', { class: 'badge' }, stateLabel(nc.state))),
        h(
          'p',
          {},
          `${nc.sku}${nc.lotCode ? ` · ${t().lot} ${nc.lotCode}` : ''} · ${t().qty} ${nc.qty}`,
          nc.dispositionAt ? ` · ${t().returned} ${new Date(nc.dispositionAt).toLocaleDateString()}` : '',
        ),
        h('p', {}, nc.description),
        h('p', { class: 'muted' }, `${t().defects}: ${nc.defectCodes.join(', ')}`),
        nc.dispositionNote ? h('p', { class: 'muted' }, `${t().factoryNote}: ${nc.dispositionNote}`) : null,
        nc.supplierResponse
          ? h(
              'blockquote',
              { class: 'answer' },
              nc.supplierResponse,
              nc.supplierRespondedAt
                ? h('span', { class: 'muted' }, ` — ${t().answered} ${new Date(nc.supplierRespondedAt).toLocaleDateString()}`)
                : null,
            )
          : null,
      );
      if (nc.state === 'AWAITING_SUPPLIER') {
        card.append(
          actionButton(card, 'answer', t().answer, () =>
            h(
              'form',
              {
                class: 'inline',
                onsubmit: submitter(refresh, onError, (d) =>
                  api.request(PortalRespondToNonconformanceDocument, {
                    input: { nonconformanceId: nc.id, response: field(d, 'response') },
                  }),
                ),
              },
              h('label', {}, t().yourAnswer, h('textarea', { name: 'response', required: true, maxlength: 2000 })),
              h('button', { type: 'submit' }, t().save),
            ),
          ),
        );
      }
      return card;
    }),
  );
}

/** A button on a card that opens its form below it (tagged with the action, so a live update can bring it back). */
function actionButton(card: HTMLElement, action: string, label: string, form: () => HTMLFormElement): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'action',
      'data-action': action,
      onclick: () => {
        const f = form();
        f.dataset.action = action;
        card.append(f);
      },
    },
    label,
  );
}

/** A form field's text; FormData gives a File only for file inputs, which these forms do not have. */
function field(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}

/** Sends a form, then drops it (the refresh must not bring it back) and refreshes; errors go to the banner. */
function submitter(refresh: () => Promise<void>, onError: (e: unknown) => void, run: (data: FormData) => Promise<unknown>) {
  return (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    void run(new FormData(form))
      .then(async () => {
        form.remove();
        await refresh();
      })
      .catch(onError);
  };
}

function commitmentCard(c: Commitment, api: Api, refresh: () => Promise<void>, onError: (e: unknown) => void): HTMLElement {
  const card = h(
    'article',
    { class: `commitment state-${c.state.toLowerCase()}`, 'data-code': c.code },
    h('header', {}, h('strong', {}, c.code), ' ', h('span', { class: 'badge' }, stateLabel(c.state))),
    h(
      'p',
      {},
      `${c.item.sku} · ${t().qty} ${c.qtyConfirmed ?? c.qtyRequested} ${c.item.unit} · ${t().neededBy} ${c.neededBy}`,
      c.promisedDate ? ` · ${t().promised} ${c.promisedDate}` : '',
      c.expectedArrival ? ` · ${t().arrival} ${c.expectedArrival}` : '',
    ),
  );
  const act = (action: string, label: string, form: () => HTMLFormElement) => actionButton(card, action, label, form);
  const submit = (run: (data: FormData) => Promise<unknown>) => submitter(refresh, onError, run);
  if (c.state === 'REQUESTED' || c.state === 'CONFIRMED') {
    card.append(
      act('confirm', t().confirm, () =>
        h(
          'form',
          {
            class: 'inline',
            onsubmit: submit((d) =>
              api.request(PortalConfirmDocument, { input: { commitmentId: c.id, qty: field(d, 'qty'), promisedDate: field(d, 'date') } }),
            ),
          },
          h(
            'label',
            {},
            t().qty,
            h('input', { name: 'qty', inputmode: 'decimal', value: c.qtyConfirmed ?? c.qtyRequested, required: true }),
          ),
          h(
            'label',
            {},
            t().promised,
            h('input', { name: 'date', type: 'date', value: c.neededBy < inDays(0) ? inDays(1) : c.neededBy, required: true }),
          ),
          h('button', { type: 'submit' }, t().save),
        ),
      ),
    );
  }
  if (c.state === 'CONFIRMED') {
    const lotTracked = c.item.tracking !== 'NONE';
    card.append(
      act('ship', t().ship, () =>
        h(
          'form',
          {
            class: 'inline',
            onsubmit: submit((d) =>
              api.request(PortalShipDocument, {
                input: {
                  commitmentId: c.id,
                  shipmentRef: field(d, 'ref'),
                  expectedArrival: field(d, 'arrival'),
                  lines: [{ qty: field(d, 'qty'), lotCode: lotTracked ? field(d, 'lot') : undefined }],
                },
              }),
            ),
          },
          h('label', {}, t().shipmentRef, h('input', { name: 'ref', required: true })),
          h('label', {}, t().arrival, h('input', { name: 'arrival', type: 'date', value: c.promisedDate ?? inDays(1), required: true })),
          h('label', {}, t().qty, h('input', { name: 'qty', inputmode: 'decimal', value: c.qtyConfirmed ?? '', required: true })),
          lotTracked ? h('label', {}, t().lot, h('input', { name: 'lot', required: true })) : null,
          h('button', { type: 'submit' }, t().save),
        ),
      ),
    );
  }
  return card;
}
