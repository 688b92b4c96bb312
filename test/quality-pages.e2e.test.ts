import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hubWithFactory } from './support/suite';
import { uniq } from './support/factory';
import { eventually } from './support/receiver';
import { ARTIFACTS, browserAvailable, inkedPixels, launchBrowser } from './support/browser';
import { qualityScenarios } from './support/quality-scenarios';
import {
  CreatePortalAccessDocument,
  DispositionNonconformanceDocument,
  NonconformanceByIdDocument,
  ReceiveLotDocument,
  ReportNonconformanceDocument,
  ShipSalesOrderDocument,
} from './generated/graphql';

/** Where people see quality, in a real browser: the customer's results and certificate, the supplier's answer, the quality page. */
const run = browserAvailable() ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1100, height: 850 };

run('quality pages in a real browser', () => {
  const s = hubWithFactory();
  const q = qualityScenarios(s);
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  const quality = () => s.t.client('quality');
  const base = () => s.t.hub.url.replace(/\/graphql$/, '');
  const accessLink = async (partnerId: string) =>
    (await s.t.client('admin').ok(CreatePortalAccessDocument, { input: { partnerId, days: 7 } })).createPortalAccess.url;
  async function open(url: string, viewport = DESKTOP): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  test('a customer reads the inspection results of its order and prints the certificate of conformance of a delivery', async () => {
    const { gear } = await q.gearWithPlan();
    const { so, wo } = await q.orderedGear(gear.id, '2');
    await q.make(wo, '2');
    const task = await q.openTask(wo.id);
    await q.measure(task, '20.012');
    const shipment = (await s.t.client('planner').ok(ShipSalesOrderDocument, { input: { salesOrderId: so.id, carrier: 'DHL' } }))
      .shipSalesOrder.shipment;

    const page = await open(await accessLink(s.f.customer.id));
    const order = page.locator(`[data-order="${so.code}"]`);
    await order.locator(`[data-inspection="${task.code}"]`).waitFor();
    expect(await order.locator(`[data-inspection="${task.code}"] .badge`).textContent()).toBe('Passed');
    expect(await order.locator('li[data-milestone="inspected"].done').textContent()).toMatch(/^Inspected: passed/);
    await shot(page, 'quality-customer-order');

    // The delivery note's certificate: a page of its own, to print or save as PDF.
    await order.locator(`[data-shipment="${shipment.code}"] a.certificate`).click();
    await page.waitForSelector('body[data-ready="true"]');
    const cert = page.locator('article.certificate');
    expect(await cert.getAttribute('data-conforms')).toBe('true');
    expect(await cert.locator('.stamp').textContent()).toBe('Conforms');
    expect(await cert.locator('.facts').textContent()).toContain(shipment.code);
    expect(await cert.locator('.lines tbody').textContent()).toContain(task.code);
    expect(await cert.locator('.statement').textContent()).toContain(`order ${so.code}`);
    await shot(page, 'quality-certificate');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false); // the page's controls stay off the paper
    await shot(page, 'quality-certificate-print');
    await page.pdf({ path: join(ARTIFACTS, 'quality-certificate.pdf'), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });

    await page.setViewportSize(PHONE);
    await page.click('#lang');
    await page.locator('.stamp', { hasText: '合格' }).waitFor();
    expect(await cert.locator('.statement').textContent()).toContain('兹证明');
    await shot(page, 'quality-certificate-phone-zh');
    // Back on the orders, in Chinese on the phone.
    await page.click('#back');
    await page.locator(`[data-order="${so.code}"] [data-inspection="${task.code}"]`).waitFor();
    expect(await page.locator(`[data-order="${so.code}"] li[data-milestone="inspected"]`).textContent()).toMatch(/^已检验：合格/);
    await shot(page, 'quality-customer-order-phone-zh');
    await page.click('#lang');
    await page.close();
  });

  test('a supplier answers goods returned to it, and quality reads the answer', async () => {
    const lot = (
      await s.t.client('planner').ok(ReceiveLotDocument, {
        input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '25', lotCode: uniq('R') },
      })
    ).receiveStock.stockMove.lot!;
    const nc = (
      await quality().ok(ReportNonconformanceDocument, {
        input: {
          whereFound: 'RECEIPT',
          description: 'Viscosity 260 mPa·s, above the 200 allowed',
          defectCodes: ['VISCOSITY_OUT_OF_SPEC'],
          qty: '25',
          lotId: lot.id,
          supplierId: s.f.supplier.id,
        },
      })
    ).reportNonconformance.nonconformance;
    await quality().ok(DispositionNonconformanceDocument, {
      input: { nonconformanceId: nc.id, disposition: 'RETURN_TO_SUPPLIER', note: 'Please send a replacement lot' },
    });

    const page = await open(await accessLink(s.f.supplier.id));
    const card = page.locator(`#nonconformances [data-code="${nc.code}"]`);
    await card.waitFor();
    expect(await card.locator('.badge').textContent()).toBe('Awaiting your answer');
    await card.getByRole('button', { name: 'Answer' }).click();
    await card.locator('textarea[name="response"]').fill('Batch 7741 was mixed too long. Replacement lot ships Monday; credit note CN-88.');
    await shot(page, 'quality-supplier-answer');
    await card.getByRole('button', { name: 'Send' }).click();
    await page.locator(`#nonconformances [data-code="${nc.code}"].state-closed blockquote.answer`).waitFor();

    const seen = (await quality().ok(NonconformanceByIdDocument, { id: nc.id })).nonconformance;
    expect(seen).toMatchObject({ state: 'CLOSED', supplierResponse: expect.stringMatching(/^Batch 7741 was mixed too long/) });

    await page.setViewportSize(PHONE);
    await page.click('#lang');
    await page.getByText('您所供货物的不合格品').waitFor();
    await shot(page, 'quality-supplier-answered-phone-zh');
    await page.click('#lang');
    await page.close();
  });

  test('quality staff see the control chart with the rules that fire, the open nonconformances and the holds, live', async () => {
    const { gear, bore } = await q.gearWithPlan('EVERY_UNIT');
    const values = ['20.000', '20.004', '19.996', '20.002', '19.998', '20.003', '19.997', '20.001', '19.999', '20.002'];
    const drift = ['20.030', '20.031', '20.029', '20.032', '20.030', '20.031', '20.033', '20.030'];
    const { wo } = await q.orderedGear(gear.id, String(values.length + drift.length + 1));
    await q.scan(wo.operations[0].id, 'START');
    await q.scan(wo.operations[0].id, 'COMPLETE', String(values.length + drift.length + 1));
    await q.scan(wo.operations[1].id, 'START');
    for (const v of [...values, ...drift]) {
      await q.scan(wo.operations[1].id, 'COMPLETE', '1');
      await q.measure(await q.openTask(wo.id), v);
    }
    // The last unit fails its surface check: a nonconformance, and the lot on hold.
    await q.scan(wo.operations[1].id, 'COMPLETE', '1');
    await q.measure(await q.openTask(wo.id), '20.001', 'SCRATCH');

    const page = await open(`${base()}/portal/quality.html#token=${s.t.token('quality')}`);
    await page.locator('#characteristic').waitFor();
    await page.selectOption('#characteristic', bore.id);
    const n = String(values.length + drift.length + 1);
    await page.waitForSelector(`body[data-chart="${n}"]`);
    expect(await page.locator('#spc h2').textContent()).toContain('Bore');
    expect(await page.locator('.signals li').count()).toBeGreaterThan(0);
    expect(await page.locator('.signals').textContent()).toContain('8 in a row on one side');
    expect(await page.locator('[data-figure="Cpk"] dd').textContent()).toMatch(/^\d/);
    // The chart is drawn: the canvas has ink on it.
    const inked = await inkedPixels(page, 'values-chart');
    expect(inked).toBeGreaterThan(1000);
    const failed = await eventually(
      () => page.locator('#nc-table tbody tr').allTextContents(),
      (rows) => rows.some((r) => r.includes('SCRATCH') && r.includes(gear.sku)),
    );
    expect(failed.length).toBeGreaterThan(0);
    expect(await page.locator('#hold-table').textContent()).toContain(wo.code);
    await page.waitForFunction('document.body.dataset.live === "online"');
    await shot(page, 'quality-page');

    // A nonconformance reported now shows without a reload.
    const lot = (
      await s.t.client('planner').ok(ReceiveLotDocument, {
        input: { itemId: s.f.resin.id, locationId: s.f.stock.id, qty: '3', lotCode: uniq('L') },
      })
    ).receiveStock.stockMove.lot!;
    await page.evaluate('window.marker = 1');
    const leak = (
      await quality().ok(ReportNonconformanceDocument, {
        input: { whereFound: 'STOCK', description: 'drum leaking', defectCodes: ['LEAK'], qty: '3', lotId: lot.id },
      })
    ).reportNonconformance.nonconformance;
    await page.locator(`#nc-table [data-nc="${leak.code}"]`).waitFor();
    expect(await page.evaluate('window.marker')).toBe(1);

    await page.setViewportSize(PHONE);
    await page.click('#lang');
    await page.getByText('未关闭的不合格品', { exact: false }).waitFor();
    await page.waitForSelector(`body[data-chart="${n}"]`);
    await shot(page, 'quality-page-phone-zh');
    await page.click('#lang');
    await page.close();
  });
});
