/** What the portal's pages (partner portal, planner board) share around their content. */

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
