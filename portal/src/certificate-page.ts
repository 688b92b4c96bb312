import { h } from './dom.js';
import { currentLang, inspectionLabel, setLang, t } from './i18n.js';
import { Api, ApiError } from './api.js';
import { PortalCertificateDocument, type PortalCertificateQuery } from './generated/graphql.js';
import { showNotice, takeToken } from './page.js';

/**
 * A certificate of conformance as a page to print (or save as PDF from the browser's print dialog):
 * certificate.html?shipment=<id>, opened from a delivery note on the customer's orders page, with the
 * portal's token of this tab (an internal token works too: …?shipment=<id>#token=…).
 */
const TOKEN_KEY = 'mom-hub-portal-token';
type Certificate = PortalCertificateQuery['certificateOfConformance'];

const app = document.getElementById('app')!;
const banner = document.getElementById('banner')!;
const date = (iso: string) => new Date(iso).toLocaleDateString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB');

async function start() {
  setLang(currentLang());
  const c = t().cert;
  document.title = c.title;
  document.getElementById('title')!.textContent = c.title;
  document.getElementById('back')!.textContent = c.back;
  const print = document.getElementById('print') as HTMLButtonElement;
  print.textContent = c.print;
  print.onclick = () => window.print();
  const toggle = document.getElementById('lang') as HTMLButtonElement;
  toggle.textContent = t().language;
  toggle.onclick = () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    void start();
  };
  const token = takeToken(TOKEN_KEY);
  const shipmentId = new URLSearchParams(location.search).get('shipment');
  if (!token) return showNotice(banner, 'expired', t().noToken);
  if (!shipmentId) return showNotice(banner, 'error', c.noShipment);
  app.replaceChildren(h('p', { class: 'muted' }, t().loading));
  try {
    const { certificateOfConformance } = await new Api(token).request(PortalCertificateDocument, { shipmentId });
    showNotice(banner, 'none');
    app.replaceChildren(certificate(certificateOfConformance));
    document.body.dataset.ready = 'true';
  } catch (e) {
    app.replaceChildren();
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') showNotice(banner, 'expired', t().expired);
    else showNotice(banner, 'error', `${t().error} ${e instanceof Error ? e.message : String(e)}`);
  }
}

function certificate(cert: Certificate): HTMLElement {
  const c = t().cert;
  const facts: [string, string][] = [
    [c.customer, cert.customerName],
    [c.order, cert.salesOrderCode],
    ...(cert.customerReference ? [[c.yourReference, cert.customerReference] as [string, string]] : []),
    [c.deliveryNote, cert.deliveryNote],
    [c.shipped, date(cert.shippedAt)],
    [c.issued, date(cert.issuedAt)],
  ];
  return h(
    'article',
    { class: `certificate ${cert.conforms ? 'conforms' : 'refused'}`, 'data-conforms': String(cert.conforms) },
    h(
      'header',
      {},
      h('h2', {}, c.title),
      h('span', { class: `stamp ${cert.conforms ? 'ok' : 'no'}` }, cert.conforms ? c.conforms : c.notCertified),
    ),
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h(
      'table',
      { class: 'lines' },
      h('thead', {}, h('tr', {}, ...[t().item, t().lot, t().qty, t().inspection, t().step, t().result].map((x) => h('th', {}, x)))),
      h(
        'tbody',
        {},
        ...cert.lines.flatMap((l) => {
          const rows = l.inspections.length ? l.inspections : [null];
          return rows.map((i, n) =>
            h(
              'tr',
              { class: n ? 'more' : '' },
              h('td', {}, n ? '' : l.sku),
              h('td', {}, n ? '' : (l.lotCode ?? '—')),
              h('td', { class: 'num' }, n ? '' : l.qty),
              h('td', {}, i ? i.code : c.none),
              h('td', {}, i ? i.step.replace(/^receipt$/, t().receipt) : '—'),
              h(
                'td',
                {},
                i ? h('span', { class: `badge result-${i.state.toLowerCase()}` }, inspectionLabel(i.state)) : '—',
                i?.inspectedAt ? h('span', { class: 'muted' }, ` ${date(i.inspectedAt)}`) : null,
              ),
            ),
          );
        }),
      ),
    ),
    h('p', { class: 'statement' }, cert.conforms ? c.statement(cert.deliveryNote, cert.salesOrderCode) : c.refused(cert.deliveryNote)),
    h('div', { class: 'signature' }, h('span', { class: 'sign-line' }), h('span', {}, c.signature)),
  );
}

void start();
