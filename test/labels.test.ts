import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { hubWithFactory } from './support/suite';
import { receive, releasedOrder, uniq } from './support/factory';
import { ARTIFACTS, browserAvailable, launchBrowser } from './support/browser';
import { readBarcode } from './support/barcode-reader';
import { readScan } from '../src/kernel/codes/scan-text';
import { RecordExecutionEventDocument } from './generated/graphql';

/**
 * Labels for work orders, operations, lots and locations: each is rendered by a real browser, read back
 * by a barcode reader, and what it reads is accepted where the code is.
 */
const run = browserAvailable() ? describe : describe.skip;
const s = hubWithFactory();

run('printable labels', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  const base = () => s.t.hub.url.replace(/\/graphql$/, '/labels');
  const get = (path: string, role: string | null = 'operator', partnerId?: string) =>
    fetch(`${base()}${path}`, { headers: role ? { authorization: `Bearer ${s.t.token(role as 'operator', partnerId)}` } : {} });

  /** The label as a browser draws it, read by ZXing. */
  async function scanned(svg: string): Promise<string> {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    try {
      await page.setContent(`<body style="margin:0;background:#fff">${svg}</body>`);
      return readBarcode(await page.locator('svg').first().screenshot());
    } finally {
      await page.close();
    }
  }

  test.each(['qr', 'code128'])('an operation label (%s) reads back as WO-…/10, and the reading starts the operation', async (format) => {
    const { wo } = await releasedOrder(s.t.client('planner'), s.f, '2');
    const res = await get(`/label.svg?code=${encodeURIComponent(`${wo.code}/10`)}&format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toContain('Cut');
    const text = await scanned(svg);
    expect(text).toBe(`${wo.code}/10`);
    const started = await s.t
      .client('operator')
      .ok(RecordExecutionEventDocument, { input: { operationCode: text, type: 'START', clientEventId: randomUUID() } });
    expect(started.recordExecutionEvent.operation.state).toBe('RUNNING');
  });

  test.each(['qr', 'code128'])('a lot label (%s) carries the SKU and the lot as GS1 element strings', async (format) => {
    const lot = uniq('L');
    await receive(s.t.client('planner'), s.f, s.f.resin.id, '3', lot);
    const svg = await (await get(`/label.svg?code=${encodeURIComponent(`(240)${s.f.resin.sku}(10)${lot}`)}&format=${format}`)).text();
    const text = await scanned(svg);
    expect(readScan(text).gs1).toEqual({ '240': s.f.resin.sku, '10': lot });
  });

  test('a location label reads back as its code', async () => {
    const text = await scanned(await (await get(`/label.svg?code=${s.f.stock.code}`)).text());
    expect(text).toBe(s.f.stock.code);
  });

  test("a work order's sheet is its traveller: the order, then each operation; it prints to PDF", async () => {
    const { wo } = await releasedOrder(s.t.client('planner'), s.f, '5');
    const res = await get(`/sheet.html?code=${wo.code}&code=${s.f.fg.code}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    await page.setContent(html);
    const labels = page.locator('figure.label svg');
    expect(await labels.count()).toBe(5);
    expect(readBarcode(await labels.nth(0).screenshot())).toBe(wo.code);
    expect(readBarcode(await labels.nth(3).screenshot())).toBe(`${wo.code}/30`);
    expect(readBarcode(await labels.nth(4).screenshot())).toBe(s.f.fg.code);
    await page.screenshot({ path: join(ARTIFACTS, 'labels-traveller.png'), fullPage: true });
    writeFileSync(join(ARTIFACTS, 'labels-traveller.pdf'), await page.pdf({ format: 'A4' }));
    await page.close();
  });

  test('labels need a token with the right to read codes; an unknown code or format is refused clearly', async () => {
    expect((await get(`/label.svg?code=${s.f.fg.code}`, null)).status).toBe(401);
    expect((await get(`/label.svg?code=${s.f.fg.code}`, 'customer', s.f.customer.id)).status).toBe(403);
    expect((await get(`/label.svg?code=${s.f.fg.code}`, 'supplier', s.f.supplier.id)).status).toBe(403);
    expect((await get(`/sheet.html?code=${s.f.fg.code}`, 'viewer')).status).toBe(200);
    const missing = await get('/label.svg?code=NO-SUCH-CODE');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 'NOT_FOUND',
      field: 'code',
      error: 'code: nothing to label has the code "NO-SUCH-CODE"',
    });
    const format = await get(`/label.svg?code=${s.f.fg.code}&format=pdf417`);
    expect(format.status).toBe(400);
    expect(((await format.json()) as { error: string }).error).toBe('format: qr or code128');
  });
});
