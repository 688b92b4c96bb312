import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, inDays, receive, releasedOrder, type Factory } from './support/factory';
import { eventually } from './support/receiver';
import { ARTIFACTS, browserAvailable, launchBrowser } from './support/browser';
import { loadConfig } from '../src/app/config';
import { startHub } from '../src/app/server';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';
import {
  CreatePortalAccessDocument,
  RecordExecutionEventDocument,
  RequestCommitmentDocument,
  ShipSalesOrderDocument,
  ShortCloseSalesOrderLineDocument,
  SupplierCommitmentsDocument,
} from './generated/graphql';

const run = browserAvailable() ? describe : describe.skip;
const LIVE = 'document.body.dataset.live === "online"';

run('the portal in a real browser', () => {
  let t: TestHub;
  let f: Factory;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestHub();
    f = await buildFactory(t.client('planner'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const accessLink = async (partnerId: string) =>
    (await t.client('admin').ok(CreatePortalAccessDocument, { input: { partnerId, days: 7 } })).createPortalAccess.url;

  async function open(url: string, viewport = { width: 1100, height: 850 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    return page;
  }

  const progressOf = (page: Page, orderCode: string) =>
    page.locator(`[data-order="${orderCode}"] .progress`).first().getAttribute('aria-valuenow');

  test('a customer watches the progress bar move while an operator works, without a reload', async () => {
    const { so, wo } = await releasedOrder(t.client('planner'), f, '4');
    const page = await open(await accessLink(f.customer.id));
    await page.locator(`[data-order="${so.code}"]`).waitFor();
    expect(await progressOf(page, so.code)).toBe('0');
    // A marker on the window survives only if the page is never reloaded.
    await page.evaluate('window.marker = 42');
    await page.waitForFunction(LIVE);

    const scan = (op: number, type: 'START' | 'COMPLETE', qty?: string) =>
      t
        .client('operator')
        .ok(RecordExecutionEventDocument, { input: { operationId: wo.operations[op].id, type, qty, clientEventId: randomUUID() } });
    for (const op of [0, 1, 2]) {
      await scan(op, 'START');
      await scan(op, 'COMPLETE', op === 2 ? '2' : '4');
    }
    await eventually(
      () => progressOf(page, so.code),
      (v) => v === '50',
    );
    expect(await page.evaluate('window.marker')).toBe(42);
    expect(await page.locator(`[data-order="${so.code}"] .milestones li.done`).count()).toBe(4); // released, started, operations 10 and 20
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-phone.png'), fullPage: true });
    await page.click('#lang');
    await page.getByText('您的订单').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-zh.png'), fullPage: true });
    await page.click('#lang');
    await page.getByText('Your orders').waitFor();
    await page.close();
  });

  test('on a phone, the customer sees "Shipped" light up as the order ships, without a reload, in English and Chinese', async () => {
    const planner = t.client('planner');
    const { so, wo } = await releasedOrder(planner, f, '3');
    for (const op of wo.operations) {
      await t
        .client('operator')
        .ok(RecordExecutionEventDocument, { input: { operationId: op.id, type: 'START', clientEventId: randomUUID() } });
      await t
        .client('operator')
        .ok(RecordExecutionEventDocument, { input: { operationId: op.id, type: 'COMPLETE', qty: '3', clientEventId: randomUUID() } });
    }
    const page = await open(await accessLink(f.customer.id), { width: 390, height: 844 });
    const shipped = page.locator(`[data-order="${so.code}"] li[data-milestone="shipped"]`);
    await shipped.waitFor();
    expect(await shipped.getAttribute('class')).toBe('');
    await page.evaluate('window.marker = 7');
    await page.waitForFunction(LIVE);

    // Part of it leaves first: the milestone counts it, still pending.
    await planner.ok(ShipSalesOrderDocument, {
      input: { salesOrderId: so.id, lines: [{ salesOrderLineId: so.lines[0].id, qty: '1' }], carrier: 'DHL', trackingRef: 'JD0146' },
    });
    await page.locator(`[data-order="${so.code}"]`).getByText('Shipped 1 of 3').waitFor();
    // Then the rest, and the milestone lights up, with the delivery notes beside the order.
    const rest = (await planner.ok(ShipSalesOrderDocument, { input: { salesOrderId: so.id, carrier: 'DHL' } })).shipSalesOrder.shipment;
    await page.locator(`[data-order="${so.code}"] li[data-milestone="shipped"].done`).waitFor();
    await page.locator(`[data-order="${so.code}"] [data-shipment="${rest.code}"]`).waitFor();
    expect(await page.evaluate('window.marker')).toBe(7);
    expect(await page.locator(`[data-order="${so.code}"] header .badge`).textContent()).toBe('Shipped');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-shipped-phone.png'), fullPage: true });

    await page.click('#lang');
    await page.locator(`[data-order="${so.code}"] li[data-milestone="shipped"].done`).getByText('已发货').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-shipped-phone-zh.png'), fullPage: true });
    await page.click('#lang');
    await page.getByText('Your orders').waitFor();
    await page.close();
  });

  test('a line that finished short says so; once the planner closes it short the customer sees how much and why, live', async () => {
    const planner = t.client('planner');
    const { so, wo } = await releasedOrder(planner, f, '4');
    const scan = (operationId: string, type: 'START' | 'COMPLETE' | 'SCRAP', qty?: string, reason?: string) =>
      t.client('operator').ok(RecordExecutionEventDocument, { input: { operationId, type, qty, reason, clientEventId: randomUUID() } });
    for (const [i, op] of wo.operations.entries()) {
      await scan(op.id, 'START');
      await scan(op.id, 'COMPLETE', '3');
      if (i === 0) await scan(op.id, 'SCRAP', '1', 'Cracked housing');
    }
    const page = await open(await accessLink(f.customer.id), { width: 390, height: 844 });
    const order = page.locator(`[data-order="${so.code}"]`);
    await order.locator('[data-short="1"]').waitFor();
    expect(await order.locator('.line-head .badge').textContent()).toBe('Short');
    // A full-page shot needs no scrolling (a live refresh may replace the element being scrolled to).
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-short-phone.png'), fullPage: true });
    await page.evaluate('window.marker = 9');
    await page.waitForFunction(LIVE);

    const reason = 'Agreed with your buyer: three now, no back order';
    await planner.ok(ShortCloseSalesOrderLineDocument, { input: { salesOrderLineId: so.lines[0].id, reason } });
    await order.locator('[data-short-closed="1"]').getByText(reason, { exact: false }).waitFor();
    expect(await page.evaluate('window.marker')).toBe(9);
    expect(await order.locator('[data-short-closed="1"]').textContent()).toBe(
      `Closed short: 1 of 4 will not be delivered · Reason: ${reason}`,
    );
    expect(await order.locator('.line-head .badge').textContent()).toBe('Completed');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-short-closed-phone.png'), fullPage: true });
    await page.click('#lang');
    await order.getByText('短交关闭', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-short-closed-phone-zh.png'), fullPage: true });
    await page.click('#lang');
    await page.getByText('Your orders').waitFor();
    await page.setViewportSize({ width: 1100, height: 850 });
    await page.screenshot({ path: join(ARTIFACTS, 'portal-customer-short-closed.png'), fullPage: true });
    await page.close();
  });

  test('a supplier confirms and ships a commitment, and the planner sees it', async () => {
    const planner = t.client('planner');
    await receive(planner, f, f.plate.id, '2');
    await releasedOrder(planner, f, '5');
    const c = (
      await planner.ok(RequestCommitmentDocument, {
        input: { supplierId: f.supplier.id, itemId: f.plate.id, qty: '8', neededBy: inDays(4) },
      })
    ).requestCommitment.commitment;
    const page = await open(await accessLink(f.supplier.id));
    await page.locator('#requirements').waitFor();
    expect(await page.locator('#requirements tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#timeline rect').count()).toBeGreaterThan(0);
    const card = page.locator(`[data-code="${c.code}"]`);
    await card.getByRole('button', { name: 'Confirm' }).click();
    await card.locator('input[name="qty"]').fill('8');
    await card.locator('input[name="date"]').fill(inDays(3));
    await card.getByRole('button', { name: 'Send' }).click();
    await page.locator(`[data-code="${c.code}"].state-confirmed`).waitFor();

    const confirmed = page.locator(`[data-code="${c.code}"]`);
    await confirmed.getByRole('button', { name: 'Ship' }).click();
    await confirmed.locator('input[name="ref"]').fill('DN-2207');
    // The planner asks for more while the supplier is typing: the live update must keep the open form.
    const more = (
      await planner.ok(RequestCommitmentDocument, {
        input: { supplierId: f.supplier.id, itemId: f.plate.id, qty: '4', neededBy: inDays(6) },
      })
    ).requestCommitment.commitment;
    await page.locator(`[data-code="${more.code}"]`).waitFor();
    expect(await confirmed.locator('input[name="ref"]').inputValue()).toBe('DN-2207');
    await confirmed.locator('input[name="arrival"]').fill(inDays(3));
    await confirmed.locator('form input[name="qty"]').last().fill('8');
    await confirmed.getByRole('button', { name: 'Send' }).last().click();
    await page.locator(`[data-code="${c.code}"].state-shipped`).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-supplier.png'), fullPage: true });

    const seen = (await planner.ok(SupplierCommitmentsDocument, { filter: { supplierId: f.supplier.id, states: ['SHIPPED'] } }))
      .supplierCommitments.edges;
    expect(seen.map((e) => [e.node.code, e.node.shipmentRef, e.node.qtyConfirmed])).toContainEqual([c.code, 'DN-2207', '8']);

    await page.close();
  });

  test('an expired or forged access link says so clearly', async () => {
    const expired = signToken(t.config.jwt, { subject: 'old', role: Role.customer, partnerId: f.customer.id }, -10);
    const page = await open(`${t.hub.url.replace('/graphql', '')}/portal/#token=${expired}`);
    await page.locator('.banner.expired').waitFor();
    expect(await page.locator('.banner.expired').textContent()).toMatch(/expired/);
    await page.goto(`${t.hub.url.replace('/graphql', '')}/portal/#token=forged.token.value`);
    await page.reload();
    await page.locator('.banner.expired').waitFor();
    await page.close();
  });

  test('a lost connection is shown, then the page reconnects and catches up on what it missed', async () => {
    const { so, wo } = await releasedOrder(t.client('planner'), f, '2');
    const page = await open(await accessLink(f.customer.id));
    await page.locator(`[data-order="${so.code}"]`).waitFor();
    await page.waitForFunction(LIVE);

    // The hub goes away; the page says so.
    await t.hub.stop();
    await page.locator('.banner.offline').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-offline.png') });

    // It comes back on the same address and database; work done meanwhile shows without a reload.
    const again = await startHub(
      loadConfig({
        ...process.env,
        PORT: String(t.hub.port),
        HOST: '127.0.0.1',
        DATA_DIR: t.db.dataDir,
        JWT_SECRET: t.config.jwt.secret,
        LOG_LEVEL: 'silent',
        DEMO_DATA: 'false',
        ...(t.db.databaseUrl ? { DATABASE_URL: t.db.databaseUrl } : {}),
      }),
    );
    t.hub = again;
    for (const op of [0, 1, 2]) {
      await t
        .client('operator')
        .ok(RecordExecutionEventDocument, { input: { operationId: wo.operations[op].id, type: 'START', clientEventId: randomUUID() } });
      await t.client('operator').ok(RecordExecutionEventDocument, {
        input: { operationId: wo.operations[op].id, type: 'COMPLETE', qty: '2', clientEventId: randomUUID() },
      });
    }
    await page.waitForFunction(LIVE, undefined, { timeout: 20000 });
    await eventually(
      () => progressOf(page, so.code),
      (v) => v === '100',
    );
    expect(await page.locator('#banner').getAttribute('class')).toBe('hidden');
    await page.close();
  });
});
