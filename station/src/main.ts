import { h } from './dom.js';
import { currentLang, setLang, t } from './i18n.js';
import { Api, ApiError, isNetwork } from './api.js';
import { ActionQueue, type Action, type Entry, type Outcome } from './queue.js';
import { StationDispatchDocument, StationMeDocument, StationWorkCentersDocument, type ExecutionEventType } from './generated/graphql.js';

const TOKEN_KEY = 'mom-hub-station-token';
const WC_KEY = 'mom-hub-station-work-center';
type Tab = 'operation' | 'issue' | 'move' | 'receive';
interface Op {
  code: string;
  name: string;
  state: string;
  qtyGood: string;
  qtyScrap: string;
  qty: string;
  sku: string;
  itemName: string;
}

/** The device link carries the token in its fragment; the device keeps it (a reload offline must still work). */
function takeToken(): string | null {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    localStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, '', location.pathname);
  }
  return localStorage.getItem(TOKEN_KEY);
}

const cached = <T>(key: string): T | null => JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
const cache = (key: string, value: unknown) => localStorage.setItem(key, JSON.stringify(value));
const newKey = () => `station-${crypto.randomUUID()}`;
const positive = (v: string) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0;

const app = document.getElementById('app')!;
const state = {
  api: undefined as Api | undefined,
  queue: undefined as ActionQueue | undefined,
  tab: 'operation' as Tab,
  operation: '',
  feedback: null as { kind: 'ok' | 'error' | 'saved'; text: string; hint?: string } | null,
  online: navigator.onLine,
};

function setOnline(online: boolean) {
  state.online = online;
  document.body.dataset.net = online ? 'online' : 'offline';
  const net = document.getElementById('net')!;
  net.textContent = online ? t().online : t().offline;
  const note = document.getElementById('offline-note')!;
  note.textContent = online ? '' : t().offlineNote;
}

/** What an action says to the person who did it. */
function describe(a: Action): string {
  const w = t();
  switch (a.kind) {
    case 'scan':
      return `${w.acts[a.input.type]} ${a.input.operationCode ?? ''}${a.input.qty ? ` × ${a.input.qty}` : ''}${a.input.reason ? ` (${a.input.reason})` : ''}`;
    case 'issue':
      return `${w.kinds.issue} ${a.input.qty} ${a.input.itemSku ?? a.input.lotCode ?? ''} → ${a.input.workOrderCode ?? ''}`;
    case 'move':
      return `${w.kinds.move} ${a.input.qty} ${a.input.itemSku ?? a.input.lotCode ?? ''}: ${a.input.fromLocationCode ?? ''} → ${a.input.toLocationCode ?? ''}`;
    case 'receive':
      return `${w.kinds.receive} ${a.input.qty} ${a.input.itemSku ?? ''} → ${a.input.locationCode ?? ''}`;
  }
}

async function submit(action: Action) {
  const queue = state.queue!;
  const entry = await queue.add(action);
  const { outcomes, reachable } = await queue.flush(state.api!);
  setOnline(reachable);
  const mine = outcomes.find((o) => o.entry.key === entry.key);
  if (mine) state.feedback = feedbackOf(mine);
  else state.feedback = { kind: 'saved', text: describe(action), hint: t().saved((await queue.pending()).length) };
  drawFeedback();
  await render();
}

function feedbackOf(o: Outcome): NonNullable<typeof state.feedback> {
  const text = describe(o.entry.action);
  if (o.ok) return { kind: 'ok', text: `✓ ${text} — ${t().sent}${o.replayed ? ` (${t().already})` : ''}` };
  return { kind: 'error', text: `✗ ${text}: ${o.entry.error!.message}`, hint: t().whatToDo(o.entry.error!.code) };
}

/** Sends what waits; called on reconnect, on a timer and after each action. */
async function flush() {
  if (!state.api || !state.queue || state.queue.busy || !(await state.queue.pending()).length) return;
  const { outcomes, reachable } = await state.queue.flush(state.api);
  setOnline(reachable);
  const refused = outcomes.filter((o) => !o.ok);
  if (refused.length) state.feedback = feedbackOf(refused[refused.length - 1]);
  else if (outcomes.length) state.feedback = feedbackOf(outcomes[outcomes.length - 1]);
  if (!outcomes.length) return;
  drawFeedback();
  await render();
}

/** Labelled input; Enter goes to the next field (what a keyboard-wedge scanner sends), on the last one it submits. */
function field(name: string, label: string, value = '', attrs: Record<string, string> = {}) {
  const input = h('input', { name, value, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', ...attrs });
  input.addEventListener('input', () => input.classList.remove('missing'));
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const inputs = [...input.form!.querySelectorAll('input')];
    const next = inputs[inputs.indexOf(input) + 1];
    if (next) next.focus();
    else input.form!.requestSubmit();
  });
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

const val = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
const opt = (form: HTMLFormElement, name: string) => val(form, name) || undefined;

/** Says what is missing on the form as it is (what was typed stays); the first missing field takes the cursor. */
function refuse(form: HTMLFormElement, names: string[], message: string) {
  const missing = names.map((n) => form.elements.namedItem(n) as HTMLInputElement);
  for (const input of missing) input.classList.add('missing');
  missing[0]?.focus();
  state.feedback = { kind: 'error', text: message };
  drawFeedback();
}

function operationForm() {
  const w = t();
  const form = h(
    'form',
    { id: 'operation-form' },
    field('operation', w.operationCode, state.operation, { id: 'scan', placeholder: 'WO-000123/20', autofocus: 'true' }),
    h('div', { class: 'row' }, field('qty', w.qty, '', { inputmode: 'decimal' }), field('reason', w.reason)),
  );
  const act = (type: ExecutionEventType) => () => {
    const operationCode = val(form, 'operation');
    state.operation = operationCode;
    const qty = val(form, 'qty');
    if (!operationCode) return refuse(form, ['operation'], w.needOperation);
    if ((type === 'COMPLETE' || type === 'SCRAP') && !positive(qty)) return refuse(form, ['qty'], w.needQty);
    if (type === 'SCRAP' && !val(form, 'reason')) return refuse(form, ['reason'], w.needReason);
    const withQty = type === 'COMPLETE' || type === 'SCRAP';
    showForm();
    void submit({
      kind: 'scan',
      input: {
        operationCode,
        type,
        clientEventId: newKey(),
        qty: withQty ? qty : undefined,
        reason: type === 'SCRAP' ? val(form, 'reason') : undefined,
        occurredAt: new Date().toISOString(),
      },
    });
  };
  // Enter on the last field, or a scan into the operation field: the code is taken, nothing is sent yet.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.operation = val(form, 'operation');
  });
  const acts: ExecutionEventType[] = ['START', 'PAUSE', 'RESUME', 'COMPLETE', 'SCRAP'];
  form.append(
    h(
      'div',
      { class: 'acts' },
      ...acts.map((a) => h('button', { type: 'button', class: `act act-${a.toLowerCase()}`, 'data-act': a, onclick: act(a) }, w.acts[a])),
    ),
  );
  return form;
}

function stockForm(kind: 'issue' | 'move' | 'receive') {
  const w = t();
  const fields =
    kind === 'issue'
      ? [
          field('workOrder', w.workOrderCode, state.operation),
          field('lot', w.lot),
          field('item', w.item),
          field('from', w.from),
          field('qty', w.qty, '', { inputmode: 'decimal' }),
        ]
      : kind === 'move'
        ? [
            field('lot', w.lot),
            field('item', w.item),
            field('from', w.from),
            field('to', w.to),
            field('qty', w.qty, '', { inputmode: 'decimal' }),
          ]
        : [field('item', w.item), field('lot', w.lot), field('location', w.location), field('qty', w.qty, '', { inputmode: 'decimal' })];
  const form = h('form', { id: `${kind}-form` }, ...fields, h('button', { type: 'submit', class: 'act act-go' }, w[kind]));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const qty = val(form, 'qty');
    const need = (kind === 'issue' ? ['workOrder', 'from'] : kind === 'move' ? ['from', 'to'] : ['item', 'location']).filter(
      (n) => !val(form, n),
    );
    if (!val(form, 'item') && !val(form, 'lot') && kind !== 'receive') need.push('item');
    if (need.length) return refuse(form, need, w.needFields);
    if (!positive(qty)) return refuse(form, ['qty'], w.needQty);
    const common = { qty, itemSku: opt(form, 'item'), lotCode: opt(form, 'lot'), idempotencyKey: newKey() };
    if (kind === 'issue') state.operation = val(form, 'workOrder');
    showForm();
    if (kind === 'issue') {
      return void submit({ kind, input: { ...common, workOrderCode: val(form, 'workOrder'), fromLocationCode: val(form, 'from') } });
    }
    if (kind === 'move')
      return void submit({ kind, input: { ...common, fromLocationCode: val(form, 'from'), toLocationCode: val(form, 'to') } });
    void submit({ kind, input: { ...common, locationCode: val(form, 'location') } });
  });
  return form;
}

function entries(list: Entry[], refused: boolean) {
  const w = t();
  return h(
    'ul',
    { class: 'entries' },
    ...list.map((e) =>
      h(
        'li',
        { class: refused ? 'refused' : 'waiting', 'data-key': e.key },
        h('span', { class: 'what' }, describe(e.action)),
        h('span', { class: 'when muted' }, new Date(e.created).toLocaleTimeString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB')),
        refused && e.error ? h('span', { class: 'why' }, e.error.message) : null,
        refused && e.error ? h('span', { class: 'hint' }, w.whatToDo(e.error.code)) : null,
        refused
          ? h('button', { type: 'button', class: 'dismiss', onclick: () => void state.queue!.dismiss(e.key).then(render) }, w.dismiss)
          : null,
      ),
    ),
  );
}

async function dispatchList(): Promise<HTMLElement> {
  const w = t();
  const wcId = localStorage.getItem(WC_KEY);
  const key = `mom-hub-station-dispatch-${wcId}`;
  let ops = cached<Op[]>(key) ?? [];
  if (wcId && state.online) {
    try {
      const { workOrderOperations } = await state.api!.request(StationDispatchDocument, { workCenterId: wcId });
      ops = workOrderOperations.edges.map(({ node: o }) => ({
        code: `${o.workOrder.code}/${o.sequence}`,
        name: o.name,
        state: o.state,
        qtyGood: o.qtyGood,
        qtyScrap: o.qtyScrap,
        qty: o.workOrder.qty,
        sku: o.workOrder.item.sku,
        itemName: o.workOrder.item.name,
      }));
      cache(key, ops);
    } catch (e) {
      if (!isNetwork(e)) throw e;
      setOnline(false);
    }
  }
  if (!wcId) return h('section', { class: 'dispatch' });
  return h(
    'section',
    { class: 'dispatch' },
    h('h2', {}, w.dispatch),
    ops.length
      ? h(
          'ul',
          { class: 'ops' },
          ...ops.map((o) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: `op state-${o.state.toLowerCase()}${o.code === state.operation ? ' current' : ''}`,
                  'data-op': o.code,
                  onclick: () => {
                    state.operation = o.code;
                    state.tab = 'operation';
                    showForm();
                    void render();
                  },
                },
                h('strong', {}, o.code),
                h('span', { class: 'badge' }, t().states[o.state] ?? o.state),
                h('span', {}, o.name),
                h(
                  'span',
                  { class: 'muted' },
                  `${o.sku} · ${Number(o.qtyGood)} / ${Number(o.qty)}${Number(o.qtyScrap) ? ` · ✗ ${Number(o.qtyScrap)}` : ''}`,
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, w.noOperations),
  );
}

async function workCenterPicker(): Promise<HTMLElement> {
  const w = t();
  let centers = cached<{ id: string; code: string; name: string }[]>('mom-hub-station-work-centers') ?? [];
  if (state.online) {
    try {
      centers = (await state.api!.request(StationWorkCentersDocument)).workCenters.edges.map((e) => e.node);
      cache('mom-hub-station-work-centers', centers);
    } catch (e) {
      if (!isNetwork(e)) throw e;
      setOnline(false);
    }
  }
  const current = localStorage.getItem(WC_KEY) ?? '';
  const select = h(
    'select',
    { id: 'work-center', onchange: () => (localStorage.setItem(WC_KEY, select.value), void render()) },
    h('option', { value: '' }, w.choose),
    ...centers.map((c) => h('option', { value: c.id, selected: c.id === current }, `${c.code} — ${c.name}`)),
  );
  return h('label', { class: 'field wc' }, h('span', {}, w.workCenter), select);
}

/**
 * The page is drawn in parts, each replaced where it stands. The form is one part, drawn only by what the
 * operator does (a tab, an operation picked, an action taken, the language), at once and never after an
 * await; a redraw from the station's state (an action's answer, a flush, a tab's fresh lists) leaves the
 * form alone, so what is typed into it, the cursor and a code half scanned stay as they are, however
 * late the redraw lands.
 */
const PARTS = ['picker', 'tabs', 'form', 'feedback', 'refused', 'queue'] as const;
type Part = (typeof PARTS)[number] | 'dispatch';

function put(part: Part, el: HTMLElement) {
  if (!app.querySelector('[data-part]'))
    app.replaceChildren(
      h('div', { class: 'work' }, ...PARTS.map((p) => h('div', { 'data-part': p }))),
      h('div', { 'data-part': 'dispatch' }),
    );
  const old = app.querySelector(`[data-part="${part}"]`)!;
  // The work-center picker keeps the cursor if it had it.
  const focused = old.contains(document.activeElement) && document.activeElement?.id;
  el.dataset.part = part;
  old.replaceWith(el);
  if (focused) document.getElementById(focused)?.focus();
}

/**
 * A new form for the tab, filled from the state (the last code taken), with the cursor in the first field to
 * fill. `keep`: what is typed in the form on screen is carried over (the same form in another language).
 */
function showForm(keep = false) {
  const w = t();
  const tabs = (['operation', 'issue', 'move', 'receive'] as Tab[]).map((tab) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        'aria-selected': String(tab === state.tab),
        'data-tab': tab,
        onclick: () => {
          // The tab already open keeps its form as typed; either way the lists are fetched again.
          if (tab !== state.tab) {
            state.tab = tab;
            showForm();
          } else focusForm();
          state.feedback = null;
          drawFeedback();
          void render();
        },
      },
      w.tabs[tab],
    ),
  );
  put('tabs', h('nav', { class: 'tabs', role: 'tablist' }, ...tabs));
  const old = app.querySelector<HTMLFormElement>('form[data-part="form"]');
  const form = state.tab === 'operation' ? operationForm() : stockForm(state.tab);
  if (keep && old?.id === form.id) for (const input of form.querySelectorAll('input')) input.value = val(old, input.name);
  put('form', form);
  focusForm();
}

/** The cursor goes where the next scan or number belongs: the quantity once a code is taken, else the first field. */
function focusForm() {
  const form = app.querySelector<HTMLFormElement>('form[data-part="form"]');
  form?.querySelector<HTMLInputElement>(state.tab === 'operation' && state.operation ? 'input[name=qty]' : 'input')?.focus();
}

function drawFeedback() {
  const fb = state.feedback;
  put(
    'feedback',
    h(
      'div',
      { id: 'feedback', class: fb ? `feedback ${fb.kind}` : 'feedback', role: 'status', 'aria-live': 'polite' },
      fb ? h('div', {}, fb.text) : null,
      fb?.hint ? h('div', { class: 'hint' }, fb.hint) : null,
    ),
  );
}

/** Redraws asked for, and the latest drawn: one finishing after a later one was drawn has older lists, and is dropped. */
const redraws = { asked: 0, drawn: 0 };

/** Fetches the lists (queue, work centers, dispatch) and draws everything but the form from them and the state. */
async function render() {
  const w = t();
  const mine = ++redraws.asked;
  const queue = state.queue!;
  const [pending, refused] = await Promise.all([queue.pending(), queue.refused()]);
  const [picker, dispatch] = [await workCenterPicker(), await dispatchList()];
  if (mine < redraws.drawn) return;
  redraws.drawn = mine;
  document.getElementById('queued')!.textContent = pending.length ? String(pending.length) : '';
  put('picker', picker);
  if (!app.querySelector('form[data-part="form"]')) showForm();
  drawFeedback();
  put(
    'refused',
    refused.length ? h('section', { id: 'refused' }, h('h2', {}, `${w.refused} (${refused.length})`), entries(refused, true)) : h('div'),
  );
  put(
    'queue',
    h(
      'section',
      { id: 'queue' },
      h('h2', {}, `${w.waiting} (${pending.length})`),
      pending.length ? entries(pending, false) : h('p', { class: 'muted' }, w.nothingWaiting),
    ),
  );
  put('dispatch', dispatch);
  // A button that had the cursor was drawn again (a dismiss): a scanner types only into a field that has it.
  if (!document.activeElement || document.activeElement === document.body) focusForm();
}

async function start() {
  setLang(currentLang());
  document.title = `MOM Hub — ${t().title}`;
  document.getElementById('title')!.textContent = t().title;
  const toggle = document.getElementById('lang') as HTMLButtonElement;
  toggle.textContent = t().language;
  toggle.onclick = () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    // What was said stays in the language it was said in; the lists are rendered again in the new one,
    // the form at once, with what is typed in it.
    state.feedback = null;
    if (app.querySelector('form[data-part="form"]')) {
      showForm(true);
      drawFeedback();
    }
    void start();
  };
  setOnline(state.online);
  const token = takeToken();
  if (!token) return void app.replaceChildren(h('p', { class: 'feedback error' }, t().noToken));
  state.api = new Api(token);
  state.queue ??= await ActionQueue.open();
  try {
    const { me } = await state.api.request(StationMeDocument);
    document.getElementById('who')!.textContent = me.subject;
    setOnline(true);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED')
      return void app.replaceChildren(h('p', { class: 'feedback error' }, t().expired));
    if (!isNetwork(e)) throw e;
    setOnline(false);
  }
  await render();
  await flush();
}

window.addEventListener('online', () => void flush());
window.addEventListener('offline', () => setOnline(false));
setInterval(() => void flush(), 3000);
void start();
