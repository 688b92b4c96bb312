import { h } from './dom.js';
import { currentLang, setLang, t } from './i18n.js';
import { Api, ApiError, liveFeed, type LiveFeed } from './api.js';
import { PortalCustomerFeedDocument, PortalMeDocument, PortalSupplierFeedDocument } from './generated/graphql.js';
import { renderSupplier } from './supplier-page.js';
import { renderCustomer } from './customer-page.js';
import { showNotice, takeToken, type NoticeKind } from './page.js';

const TOKEN_KEY = 'mom-hub-portal-token';

const app = document.getElementById('app')!;
const banner = document.getElementById('banner')!;
let feed: LiveFeed | undefined;

const notice = (kind: NoticeKind, text = '') => showNotice(banner, kind, text);

function fail(e: unknown) {
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
    feed?.stop();
    notice('expired', t().expired);
    app.replaceChildren();
    return;
  }
  notice('error', `${t().error} ${e instanceof Error ? e.message : String(e)}`);
}

async function start() {
  setLang(currentLang());
  document.title = t().title;
  document.getElementById('title')!.textContent = t().title;
  const toggle = document.getElementById('lang') as HTMLButtonElement;
  toggle.textContent = t().language;
  toggle.onclick = () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    feed?.stop();
    void start();
  };
  const token = takeToken(TOKEN_KEY);
  if (!token) return notice('expired', t().noToken);
  const api = new Api(token);
  app.replaceChildren(h('p', { class: 'muted' }, t().loading));
  try {
    const { me } = await api.request(PortalMeDocument);
    document.getElementById('who')!.textContent = `${t().signedInAs} ${me.partner?.name ?? me.subject}`;
    notice('none');
    const refresh = me.role === 'supplier' ? await renderSupplier(app, api, fail) : await renderCustomer(app, api);
    const onEvent = () => void refresh().catch(fail);
    const onStatus = (s: 'online' | 'offline' | 'expired') => {
      document.body.dataset.live = s;
      if (s === 'online') {
        notice('none');
        void refresh().catch(fail);
      } else if (s === 'offline') notice('offline', t().offline);
      else fail(new ApiError('expired', 'UNAUTHENTICATED'));
    };
    feed =
      me.role === 'supplier'
        ? liveFeed(token, PortalSupplierFeedDocument, onEvent, onStatus)
        : liveFeed(token, PortalCustomerFeedDocument, onEvent, onStatus);
  } catch (e) {
    fail(e);
  }
}

void start();
