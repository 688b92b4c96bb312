type Child = Node | string | number | null | undefined | false;

/** A small element builder: text is always inserted as text, so nothing from the server becomes markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | EventListener | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

export function svg(tag: string, attrs: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

export const today = () => new Date().toISOString().slice(0, 10);
export const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A form someone has open on a card: which card, which action, what was typed, where the cursor was. */
interface OpenForm {
  code: string;
  action: string;
  values: [string, string][];
  focused: string | null;
}

/** The open action forms under `root` (forms inside `[data-code]` cards, opened by a `[data-action]` button). */
export function captureOpenForms(root: Element): OpenForm[] {
  return [...root.querySelectorAll<HTMLFormElement>('[data-code] form[data-action]')].map((form) => {
    const card = form.closest<HTMLElement>('[data-code]')!;
    const inputs = [...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')];
    const active = document.activeElement;
    return {
      code: card.dataset.code ?? '',
      action: form.dataset.action ?? '',
      values: inputs.map((i) => [i.name, i.value]),
      focused: (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) && form.contains(active) ? active.name : null,
    };
  });
}

/** Opens the same forms again on the re-rendered cards, where the action is still offered, with their values. */
export function restoreOpenForms(root: Element, open: readonly OpenForm[]): void {
  for (const o of open) {
    const card = [...root.querySelectorAll<HTMLElement>('[data-code]')].find((c) => c.dataset.code === o.code);
    const button = card && [...card.querySelectorAll<HTMLButtonElement>('button[data-action]')].find((b) => b.dataset.action === o.action);
    if (!card || !button) continue; // the action is gone (the commitment moved on): so is the form
    button.click();
    const forms = card.querySelectorAll<HTMLFormElement>('form[data-action]');
    const form = forms[forms.length - 1];
    const field = (name: string) => form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(name)}"]`);
    for (const [name, value] of o.values) {
      const input = field(name);
      if (input) input.value = value;
    }
    if (o.focused) field(o.focused)?.focus();
  }
}
