import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestHub, type TestHub } from './support/hub';
import { ARTIFACTS, browserAvailable, launchBrowser } from './support/browser';
import { uniq } from './support/factory';
import { CreateItemDocument } from './generated/graphql';

const run = browserAvailable() ? describe : describe.skip;
/** The headers editor: GraphiQL opens its Headers tab by default (the variables editor is hidden). */
const HEADERS = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';

run('GraphiQL served by the hub, offline, in a real browser', () => {
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestHub();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A page on which every request to another host is refused and remembered: a plant network. */
  async function offlinePage(): Promise<{ page: Page; external: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
    const external: string[] = [];
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      external.push(url.href);
      return route.abort('internetdisconnected');
    });
    page.on('websocket', (ws) => {
      if (!/^ws:\/\/(127\.0\.0\.1|localhost)[:/]/.test(ws.url())) external.push(ws.url());
    });
    return { page, external };
  }

  /** Replaces a CodeMirror editor's text by typing, as a person would. */
  async function typeInto(page: Page, editor: string, text: string) {
    await page.locator(`${editor} .CodeMirror`).first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text, { delay: 5 });
    // GraphiQL's hint popup may be open after typing; Escape closes it without picking anything.
    await page.keyboard.press('Escape');
    // GraphiQL reads the operation name from the editor after a short debounce; a person is never faster.
    await page.waitForTimeout(400);
  }

  test('with a token in the headers editor, a typed query runs and shows its result; nothing is fetched from elsewhere', async () => {
    const sku = uniq('GRAPHIQL');
    await t
      .client('planner')
      .ok(CreateItemDocument, { input: { sku, name: 'Shown in GraphiQL', type: 'RAW', unit: 'pcs', tracking: 'NONE' } });
    const { page, external } = await offlinePage();
    await page.goto(t.hub.url);
    await page.locator('.graphiql-container').waitFor();
    // The schema arrived (introspection), so the docs explorer and completion work offline too.
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();

    // The headers tab is open by default; the token goes there.
    await typeInto(page, HEADERS, `{"Authorization": "Bearer ${t.token('planner')}"}`);
    await typeInto(
      page,
      '.graphiql-query-editor',
      `query FindItem { items(filter: { search: "${sku}" }) { totalCount edges { node { sku name } } } }`,
    );
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText(sku).waitFor();
    expect(await result.innerText()).toContain('"totalCount": 1');
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });

    // Without the token the same query is refused, and GraphiQL shows the hub's error.
    await typeInto(page, HEADERS, '{}');
    await page.locator('.graphiql-execute-button').click();
    await result.getByText('UNAUTHENTICATED').waitFor();

    expect(external).toEqual([]);
    await page.close();
  });

  test('a subscription runs over WebSocket with the token from the headers editor', async () => {
    const { page, external } = await offlinePage();
    await page.goto(`${t.hub.url.replace('/graphql', '/graphiql')}`);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    await typeInto(page, HEADERS, `{"Authorization": "Bearer ${t.token('planner')}"}`);
    await typeInto(page, '.graphiql-query-editor', 'subscription Stock { stockChanged(fromSeq: "0") { seq sku qty reason } }');
    await page.locator('.graphiql-execute-button').click();
    // The item made by the test above was not received; make a move and watch it arrive.
    const sku = uniq('LIVE');
    const planner = t.client('planner');
    const item = (await planner.ok(CreateItemDocument, { input: { sku, name: 'Live', type: 'RAW', unit: 'pcs', tracking: 'NONE' } }))
      .createItem.item;
    const loc = await planner.raw({
      query: 'mutation { createLocation(input: { code: "GQL-STORE", name: "Store", type: STORAGE }) { location { id } } }',
    });
    const locationId = (loc.body.data as { createLocation: { location: { id: string } } }).createLocation.location.id;
    await t.client('operator').raw({
      query: `mutation { receiveStock(input: { itemId: "${item.id}", locationId: "${locationId}", qty: "7" }) { stockMove { id } } }`,
    });
    await page.locator('.result-window').getByText(sku).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-subscription.png') });
    expect(external).toEqual([]);
    await page.close();
  });
});
