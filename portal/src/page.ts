import { h } from './dom.js';
import { currentLang, setLang } from './i18n.js';
import { Api, ApiError, liveFeed, type LiveFeed } from './api.js';
import type { TypedDocumentString } from './generated/graphql.js';

/** What the portal's pages (partner portal, planner board, quality page) share around their content. */

/** An access link carries the token in its fragment; keep it for this browser tab and tidy the address bar. */
export function takeToken(storageKey: string): string | null {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    sessionStorage.setItem(storageKey, fromLink);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem(storageKey);
}

export type NoticeKind = 'offline' | 'expired' | 'error' | 'none';

/** Shows (or with 'none' hides) the page's banner. */
export function showNotice(banner: HTMLElement, kind: NoticeKind, text = ''): void {
  banner.className = kind === 'none' ? 'hidden' : `banner ${kind}`;
  banner.textContent = text;
}

/** The words every live page needs around its content. */
export interface LivePageWords {
  title: string;
  language: string;
  noToken: string;
  loading: string;
  expired: string;
  offline: string;
  error: string;
}

export interface LivePage<R extends Record<string, { seq: string }>, V extends { fromSeq?: string | null }> {
  /** Where this page keeps its access token for the tab (`takeToken`). */
  tokenKey: string;
  words: () => LivePageWords;
  /** The subscription whose every event means "draw again". */
  feed: TypedDocumentString<R, V>;
  /** Reads with `api` and replaces the content of `app`; `redraw` is for the page's own controls. */
  draw: (api: Api, app: HTMLElement, redraw: () => void) => Promise<void>;
}

/**
 * Runs an internal live page (planner board, quality page) in #app with its #banner, #title and #lang:
 * the token from its access link, a loading line, then `draw` again on every event of its feed and on
 * reconnecting; a banner while offline or after an error; an expired token ends the page. The language
 * toggle starts the page again in the other language.
 */
export function startLivePage<R extends Record<string, { seq: string }>, V extends { fromSeq?: string | null }>(
  page: LivePage<R, V>,
): void {
  const app = document.getElementById('app')!;
  const banner = document.getElementById('banner')!;
  const notice = (kind: NoticeKind, text = '') => showNotice(banner, kind, text);
  let feed: LiveFeed | undefined;

  const start = async () => {
    const w = page.words();
    setLang(currentLang());
    document.title = w.title;
    document.getElementById('title')!.textContent = w.title;
    const toggle = document.getElementById('lang') as HTMLButtonElement;
    toggle.textContent = w.language;
    toggle.onclick = () => {
      setLang(currentLang() === 'zh' ? 'en' : 'zh');
      feed?.stop();
      void start();
    };
    const token = takeToken(page.tokenKey);
    if (!token) return notice('expired', w.noToken);
    const api = new Api(token);
    const fail = (e: unknown) => {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
        feed?.stop();
        notice('expired', w.expired);
        app.replaceChildren();
        return;
      }
      notice('error', `${w.error} ${e instanceof Error ? e.message : String(e)}`);
    };
    const redraw = () => void page.draw(api, app, redraw).catch(fail);
    app.replaceChildren(h('p', { class: 'muted' }, w.loading));
    try {
      await page.draw(api, app, redraw);
      feed = liveFeed(token, page.feed, redraw, (s) => {
        document.body.dataset.live = s;
        if (s === 'online') {
          notice('none');
          redraw();
        } else if (s === 'offline') notice('offline', w.offline);
        else fail(new ApiError('expired', 'UNAUTHENTICATED'));
      });
    } catch (e) {
      fail(e);
    }
  };
  void start();
}
