import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
    // Typed key by key like a wedge scanner; a live re-render between clearing and typing can bring back the
    // last code taken (the field shows the station's state), so type again until the field holds just this code.
    for (let tries = 0; tries < 5; tries++) {
      await page.locator('#scan').fill('');
      await page.locator('#scan').pressSequentially(code);
      if ((await page.locator('#scan').inputValue()) === code) break;
    }
    await page.keyboard.press('Enter');
    if (qty) await page.locator('#operation-form input[name=qty]').fill(qty);
    if (reason) await page.locator('#operation-form input[name=reason]').fill(reason);
    await page.locator(`[data-act="${button}"]`).click();
  }

  test('scan, go offline, record five actions, reload, reconnect: all five applied exactly once; a conflict is shown', async () => {
    const { wo } = await releasedOrder(planner(), s.f, '5');
    const other = (await releasedOrder(planner(), s.f, '2')).wo;
    await receive(planner(), s.f, s.f.plate.id, '50');
    const { url } = (await planner().ok(CreateStationAccessDocument, { input: { deviceId: 'cnc-tablet-1', days: 7 } })).createStationAccess;
    expect(url).toMatch(/\/station\/#token=/);

    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('station page error:', e.message));
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

    await page.locator('#lang').click();
    await page.getByText('未被接受 — 请核对').waitFor();
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
    context = await browser.newContext({ viewport: PHONE });
    page = await context.newPage();
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
    await act('WO-999999/10', 'START');
    await page.locator('#refused li.refused').waitFor();
    expect(await page.locator('#refused .why').textContent()).toContain('no operation has the code "WO-999999/10"');
    expect(await page.locator('#feedback').textContent()).toContain('That code is unknown');
    await shot('phone-unknown-code-en');
    await context.close();
  });
});
