import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { hubWithFactory } from './support/suite';
import { receive, releasedOrder } from './support/factory';
import { eventually } from './support/receiver';
import { ARTIFACTS, browserAvailable, launchBrowser } from './support/browser';
import {
  CreateStationAccessDocument,
  ExecutionEventsDocument,
  RecordExecutionEventDocument,
  StockMovesDocument,
  WorkOrderDocument,
} from './generated/graphql';

/**
 * The operator station in a real browser: a device link signs it in, the operator picks a work center,
 * scans (types, then Enter, as a keyboard-wedge scanner does) and acts. Offline, actions wait in
 * IndexedDB, survive a reload and are sent once the hub is reachable — each counted exactly once, even
 * when an answer is lost on the way back; what the hub refuses is shown with what to do.
 */
const run = browserAvailable() ? describe : describe.skip;
const s = hubWithFactory();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

run('the operator station', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  const planner = () => s.t.client('planner');
  const workOrder = async (id: string) => (await planner().ok(WorkOrderDocument, { id })).workOrder;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `station-${name}.png`), fullPage: true });
  const waiting = () => page.locator('#queue li.waiting').count();

  /** What an operator does at the operation tab: scan the traveller (Enter), maybe a quantity, then a button. */
  async function act(code: string, button: string, qty?: string, reason?: string) {
    await page.locator('[data-tab="operation"]').click();
    // Typed key by key like a wedge scanner, once: a redraw landing meanwhile must leave it as typed.
    await page.locator('#scan').fill('');
    await page.locator('#scan').pressSequentially(code);
    await page.keyboard.press('Enter');
    if (qty) await page.locator('#operation-form input[name=qty]').fill(qty);
    if (reason) await page.locator('#operation-form input[name=reason]').fill(reason);
    await page.locator(`[data-act="${button}"]`).click();
  }

  /**
   * A new station page. STATION_CPU_THROTTLE=6 runs it as on a slow tablet (Chromium's CPU throttling), where
   * the station's redraws overlap the test's typing far more often.
   */
  async function openPage(viewport: typeof PHONE) {
    context = await browser.newContext({ viewport });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('station page error:', e.message));
    const rate = Number(process.env.STATION_CPU_THROTTLE ?? 1);
    if (rate > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate });
  }

  /** Holds the station's requests for one GraphQL operation, as a slow hub would, until released. */
  async function hold(operation: string) {
    const held: Route[] = [];
    await page.route('**/graphql', (route) =>
      (route.request().postData() ?? '').includes(operation) ? void held.push(route) : route.continue(),
    );
    return {
      arrived: () =>
        eventually(
          async () => held.length,
          (n) => n > 0,
        ),
      release: async () => {
        for (const route of held.splice(0)) await route.continue();
        await page.unroute('**/graphql');
      },
    };
  }

  test('scan, go offline, record five actions, reload, reconnect: all five applied exactly once; a conflict is shown', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '5');
    const other = (await releasedOrder(planner(), s.f, '2')).wo;
    await receive(planner(), s.f, s.f.plate.id, '50');
    const { url } = (await planner().ok(CreateStationAccessDocument, { input: { deviceId: 'cnc-tablet-1', days: 7 } })).createStationAccess;
    expect(url).toMatch(/\/station\/#token=/);

    await openPage(DESKTOP);
    await page.goto(url.replace(/^http:\/\/localhost:\d+/, s.t.hub.url.replace(/\/graphql$/, '')));
    await page.waitForFunction('document.body.dataset.net === "online"');
    // The token left the address bar; the device keeps it.
    expect(page.url()).not.toContain('token');
    await page.locator('#work-center').selectOption(s.f.wc1.id);
    await page.locator(`[data-op="${wo.code}/10"]`).waitFor();

    // Online: a scan goes straight through.
    await act(`${wo.code}/10`, 'START');
    await page.locator('#feedback.ok').waitFor();
    expect(await page.locator('#feedback').textContent()).toContain(`Start ${wo.code}/10 — Sent`);
    expect((await workOrder(wo.id)).operations[0].state).toBe('RUNNING');
    await page.locator(`[data-op="${wo.code}/10"] .badge`).getByText('Running').waitFor();
    await shot('desktop-en');

    // Offline: five actions and one that someone else will overtake.
    await context.setOffline(true);
    await page.setViewportSize(PHONE);
    await act(`${wo.code}/10`, 'COMPLETE', '5');
    await page.locator('#feedback.saved').waitFor();
    expect(await page.locator('body').getAttribute('data-net')).toBe('offline');
    await act(`${wo.code}/20`, 'START');
    await act(`${wo.code}/20`, 'COMPLETE', '3');
    await act(`${wo.code}/20`, 'SCRAP', '1', 'Cracked housing');
    await page.locator('[data-tab="issue"]').click();
    const issue = page.locator('#issue-form');
    expect(await issue.locator('input[name=workOrder]').inputValue()).toBe(`${wo.code}/20`);
    await issue.locator('input[name=item]').fill(s.f.plate.sku);
    await issue.locator('input[name=from]').fill(s.f.stock.code);
    await issue.locator('input[name=qty]').fill('2');
    await issue.locator('input[name=qty]').press('Enter');
    await act(`${other.code}/10`, 'START');
    await eventually(waiting, (n) => n === 6);
    expect(await page.locator('#queued').textContent()).toBe('6');
    await shot('phone-offline-en');
    // Nothing reached the hub.
    expect((await workOrder(wo.id)).operations.map((o) => o.state)).toEqual(['RUNNING', 'PENDING', 'PENDING']);

    // Meanwhile someone else runs the other order's first operation to the end.
    const otherOp = (await workOrder(other.id)).operations[0].id;
    for (const [type, qty] of [['START'], ['COMPLETE', '2']] as const) {
      await s.t
        .client('operator')
        .ok(RecordExecutionEventDocument, { input: { operationId: otherOp, type, qty, clientEventId: randomUUID() } });
    }

    // A reload while the hub still cannot be reached: the actions are still there.
    let dropped = 0;
    await page.route('**/graphql', async (route) => {
      if (dropped === 0) {
        // The hub is still away: every try fails.
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
    await context.setOffline(false);
    await page.reload();
    await page.locator('#queue li.waiting').first().waitFor();
    expect(await waiting()).toBe(6);
    expect((await workOrder(wo.id)).operations[0].state).toBe('RUNNING');

    // The hub is back, but the first answer is lost on its way: the action was applied, the station
    // does not know and sends it again; the hub answers the first result and counts it once.
    await page.unroute('**/graphql');
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (dropped === 0 && body.includes('recordExecutionEvent')) {
        dropped++;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    dropped = 0;
    await eventually(waiting, (n) => n === 0);
    expect(dropped).toBe(1);

    const after = await workOrder(wo.id);
    expect(after.operations.map((o) => [o.sequence, o.state, o.qtyGood, o.qtyScrap])).toEqual([
      [10, 'DONE', '5', '0'],
      [20, 'RUNNING', '3', '1'],
      [30, 'PENDING', '0', '0'],
    ]);
    expect(after.materials.find((m) => m.item.sku === s.f.plate.sku)?.qtyIssued).toBe('2');
    // Exactly once: one event per action (the start online and the four offline), one issue.
    expect((await planner().ok(ExecutionEventsDocument, { filter: { workOrderId: wo.id } })).executionEvents.totalCount).toBe(5);
    const issues = (await planner().ok(StockMovesDocument, { filter: { workOrderId: wo.id, reason: 'ISSUE' } })).stockMoves;
    expect(issues.edges.map((e) => e.node.qty)).toEqual(['2']);

    // The overtaken action is shown with what happened and what to do; the operator clears it.
    const refused = page.locator('#refused li.refused');
    await refused.waitFor();
    expect(await refused.locator('.what').textContent()).toContain(`Start ${other.code}/10`);
    expect(await refused.locator('.hint').textContent()).toMatch(/Someone else may have changed it/);
    await shot('phone-conflict-en');

    // The language changes under a code being typed: the form is drawn in Chinese with the code still in it.
    await page.locator('#scan').fill(`${wo.code}/30`);
    await page.locator('#lang').click();
    await page.getByText('未被接受 — 请核对').waitFor();
    expect(await page.locator('#scan').inputValue()).toBe(`${wo.code}/30`);
    expect(await page.locator('#operation-form label').first().textContent()).toContain('工序');
    await shot('phone-conflict-zh');
    await page.setViewportSize(DESKTOP);
    await shot('desktop-zh');
    await refused.locator('.dismiss').click();
    await eventually(
      () => page.locator('#refused li').count(),
      (n) => n === 0,
    );
    await page.locator('#lang').click();
    await context.close();
  });

  test('without a device link the station says how to get one; a mistyped code is refused clearly', async () => {
    await openPage(PHONE);
    const base = s.t.hub.url.replace(/\/graphql$/, '');
    await page.goto(`${base}/station/`);
    await page.getByText('Open the station with its device link').waitFor();

    const { url } = (await planner().ok(CreateStationAccessDocument, { input: { deviceId: 'assembly-phone' } })).createStationAccess;
    // Only the fragment differs from the page already open: reload so the page reads it.
    await page.goto(url.replace(/^http:\/\/localhost:\d+/, base));
    await page.reload();
    await page.waitForFunction('document.body.dataset.net === "online"');
    // A missing quantity is caught on the device, before anything is sent.
    await act('WO-999999/10', 'COMPLETE');
    expect(await page.locator('#feedback.error').textContent()).toContain('Enter a quantity greater than zero');
    // The form stays as typed; the quantity is marked and has the cursor.
    expect(await page.locator('#scan').inputValue()).toBe('WO-999999/10');
    expect(await page.locator('#operation-form input[name=qty]').getAttribute('class')).toContain('missing');
    expect(await page.evaluate('document.activeElement?.name')).toBe('qty');
    await act('WO-999999/10', 'START');
    await page.locator('#refused li.refused').waitFor();
    expect(await page.locator('#refused .why').textContent()).toContain('no operation has the code "WO-999999/10"');
    expect(await page.locator('#feedback').textContent()).toContain('That code is unknown');
    await shot('phone-unknown-code-en');
    await context.close();
  });

  test('a redraw that lands while the operator types leaves what is typed, and the cursor, as they were', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '5');
    const next = (await releasedOrder(planner(), s.f, '3')).wo;
    const code = `${next.code}/10`;
    const { url } = (await planner().ok(CreateStationAccessDocument, { input: { deviceId: 'lathe-tablet' } })).createStationAccess;
    await openPage(PHONE);
    await page.goto(url.replace(/^http:\/\/localhost:\d+/, s.t.hub.url.replace(/\/graphql$/, '')));
    await page.waitForFunction('document.body.dataset.net === "online"');
    await page.locator('#work-center').selectOption(s.f.wc1.id);
    await page.locator(`[data-op="${wo.code}/10"]`).waitFor();
    await act(`${wo.code}/10`, 'START');
    await page.locator('#feedback.ok').waitFor();

    /**
     * The operator clears the quantity and scans the next traveller over the code field (the last code taken
     * may still be in it) while the station waits for the hub: half the code before the redraw lands, the
     * rest after it, wherever the cursor then is (a wedge scanner types into the focused field), then Enter
     * and a quantity. What the fields hold afterwards, and which has the cursor.
     */
    async function typeAcross(landed: () => Promise<unknown>, release: () => Promise<void>) {
      await page.locator('#operation-form input[name=qty]').fill('');
      await page.locator('#scan').selectText();
      await page.keyboard.type(code.slice(0, 6));
      await release();
      await landed();
      await page.keyboard.type(code.slice(6));
      await page.keyboard.press('Enter');
      await page.keyboard.type('2');
      const typed = [await page.locator('#scan').inputValue(), await page.locator('#operation-form input[name=qty]').inputValue()];
      return [...typed, await page.evaluate('document.activeElement?.name')].join(' ');
    }
    const seen: Record<string, string> = {};

    // The redraw with an action's answer.
    let hub = await hold('StationScan');
    await page.locator('[data-act="PAUSE"]').click();
    await hub.arrived();
    seen.answer = await typeAcross(async () => {
      await page.locator('#feedback.ok').getByText(`Pause ${wo.code}/10`).waitFor();
      await page.locator(`[data-op="${wo.code}/10"] .badge`).getByText('Paused').waitFor();
    }, hub.release);

    // The redraw after a tab click (it fetches the dispatch list, which now shows someone else started the next order).
    const nextOp = (await workOrder(next.id)).operations[0].id;
    await s.t
      .client('operator')
      .ok(RecordExecutionEventDocument, { input: { operationId: nextOp, type: 'START', clientEventId: randomUUID() } });
    hub = await hold('StationDispatch');
    await page.locator('[data-tab="operation"]').click();
    await hub.arrived();
    seen.tab = await typeAcross(() => page.locator(`[data-op="${code}"] .badge`).getByText('Running').waitFor(), hub.release);

    // The redraw after a flush of two actions saved offline, which must still be applied in their order.
    await context.setOffline(true);
    await act(`${wo.code}/10`, 'RESUME');
    await act(`${wo.code}/10`, 'COMPLETE', '5');
    await eventually(waiting, (n) => n === 2);
    hub = await hold('StationScan');
    await context.setOffline(false);
    await hub.arrived();
    seen.flush = await typeAcross(async () => {
      await eventually(waiting, (n) => n === 0);
      await page.locator('#feedback.ok').getByText(`Complete ${wo.code}/10 × 5`).waitFor();
    }, hub.release);

    const kept = `${code} 2 qty`;
    expect(seen).toEqual({ answer: kept, tab: kept, flush: kept });
    const done = (await workOrder(wo.id)).operations[0];
    expect([done.state, done.qtyGood]).toEqual(['DONE', '5']);
    await shot('phone-typing-en');
    await context.close();
  });
});
