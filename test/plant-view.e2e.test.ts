import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestHub, type TestHub } from './support/hub';
import { buildFactory, releasedOrder, uniq, type Factory } from './support/factory';
import { eventually, MachinePublisher, mqttRun } from './support/machines';
import { COUNT_ANNOUNCE_MS } from '../src/modules/equipment/machine-data.store';
import { ARTIFACTS, browserAvailable, inkedPixels, launchBrowser } from './support/browser';
import {
  CreateDowntimeReasonDocument,
  CreateMachineDocument,
  RecordExecutionEventDocument,
  SetMachineJobDocument,
} from './generated/graphql';

/** The plant view in a real browser: machines, WIP, queue and OEE by work center, live over MQTT and the API. */
const run = browserAvailable() ? describe : describe.skip;
const LIVE = 'document.body.dataset.live === "online"';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const HOUR = 3_600_000;

run('the plant view in a real browser', () => {
  const mqtt = mqttRun('plant');
  let t: TestHub;
  let f: Factory;
  let browser: Browser;
  let pub: MachinePublisher;

  beforeAll(async () => {
    t = await startTestHub({}, undefined, mqtt.env);
    f = await buildFactory(t.client('planner'));
    pub = await MachinePublisher.connect(`${mqtt.clientId}-machine`);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await pub?.end();
    await t?.close();
    await mqtt.forgetSession();
  });

  const base = () => t.hub.url.replace(/\/graphql$/, '');
  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport, locale: 'en-US' });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${base()}/portal/plant.html#token=${t.token('viewer')}`);
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** Machine data over the HTTP ingest, as a gateway without MQTT sends it. */
  async function ingest(messages: Record<string, unknown>[]) {
    const res = await fetch(`${base()}/machine-data`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token('integration')}` },
      body: JSON.stringify({ messages }),
    });
    expect(res.status).toBe(200);
  }

  /**
   * Three days of a machine's hours: it runs part of each hour (less when `loss` says so), makes about
   * what its ideal cycle allows, and stops for a jam or idles for the rest.
   */
  function history(code: string, cycleSeconds: number, loss: (hour: number) => number, jam: string, until: number) {
    const out: Record<string, unknown>[] = [];
    const start = Math.floor((until - 72 * HOUR) / HOUR) * HOUR;
    for (let at = start, i = 0; at + HOUR < until; at += HOUR, i++) {
      const running = Math.round(60 * (1 - loss(i)));
      const made = Math.floor(((running * 60) / cycleSeconds) * 0.92);
      out.push({ machine: code, kind: 'state', value: 'RUNNING', ts: at, id: `${code}-r${i}` });
      out.push({ machine: code, kind: 'count', name: 'good', value: made - (i % 3), ts: at + (running / 2) * 60_000, id: `${code}-g${i}` });
      out.push({ machine: code, kind: 'count', name: 'reject', value: i % 3, ts: at + (running / 2) * 60_000 + 1, id: `${code}-x${i}` });
      const stop = i % 4 === 1 ? { value: 'DOWN', reason: jam } : { value: 'IDLE' };
      out.push({ machine: code, kind: 'state', ...stop, ts: at + running * 60_000, id: `${code}-s${i}` });
    }
    return out;
  }

  test('an operations manager sees every work center with its machines, WIP, queue and OEE; a breakdown and a start follow live', async () => {
    const planner = t.client('planner');
    const operator = t.client('operator');
    const [jam, pm] = [uniq('JAM'), uniq('PM')];
    await planner.ok(CreateDowntimeReasonDocument, { input: { code: jam, name: 'Material jam' } });
    await planner.ok(CreateDowntimeReasonDocument, { input: { code: pm, name: 'Preventive maintenance', planned: true } });
    const machine = async (workCenterId: string, prefix: string, name: string, idealCycleSeconds: string) =>
      (await planner.ok(CreateMachineDocument, { input: { code: uniq(prefix), name, workCenterId, idealCycleSeconds } })).createMachine
        .machine;
    const saw = await machine(f.wc1.id, 'SAW', 'Band saw', '60');
    const press = await machine(f.wc1.id, 'PRESS', 'Press 200 t', '45');
    const bench = await machine(f.wc2.id, 'BENCH', 'Assembly bench', '150');
    const robot = await machine(f.wc2.id, 'ROBOT', 'Screwing robot', '120');

    const now = Date.now();
    await ingest([
      ...history(saw.code, 60, (i) => 0.1 + 0.15 * Math.abs(Math.sin(i / 5)), jam, now - 30 * 60_000),
      ...history(press.code, 45, (i) => 0.25 + 0.2 * Math.abs(Math.sin(i / 7)), jam, now - 30 * 60_000),
      ...history(bench.code, 150, (i) => 0.05 + 0.1 * Math.abs(Math.cos(i / 4)), jam, now - 60 * 60_000),
      ...history(robot.code, 120, (i) => 0.3 + 0.1 * Math.abs(Math.cos(i / 6)), jam, now - 30 * 60_000),
    ]);

    // Three orders wait for the saw; the first one is cut now on the saw.
    const orders = [];
    for (const qty of ['40', '25', '8']) orders.push((await releasedOrder(planner, f, qty)).wo);
    const cut = orders[0].operations[0];
    await operator.ok(RecordExecutionEventDocument, { input: { operationId: cut.id, type: 'START', clientEventId: uniq('scan') } });
    await operator.ok(SetMachineJobDocument, { input: { machineId: saw.id, operationId: cut.id, lotCode: 'L-2412-07' } });
    await operator.ok(RecordExecutionEventDocument, {
      input: { operationId: cut.id, type: 'COMPLETE', qty: '12', clientEventId: uniq('scan') },
    });
    await ingest([
      { machine: saw.code, kind: 'state', value: 'RUNNING', ts: now - 25 * 60_000, id: 'saw-now' },
      { machine: saw.code, kind: 'count', name: 'good', value: 20, ts: now - 10 * 60_000, id: 'saw-now-g' },
      {
        machine: press.code,
        kind: 'state',
        value: 'DOWN',
        reason: jam,
        expectedEnd: now + 40 * 60_000,
        ts: now - 12 * 60_000,
        id: 'p-now',
      },
      { machine: bench.code, kind: 'state', value: 'MAINTENANCE', reason: pm, ts: now - 50 * 60_000, id: 'b-now' },
      { machine: robot.code, kind: 'state', value: 'IDLE', ts: now - 5 * 60_000, id: 'r-now' },
    ]);

    const page = await open(DESKTOP);
    const center = (code: string) => page.locator(`[data-wc="${code}"]`);
    const tile = (code: string) => page.locator(`[data-machine="${code}"]`);
    await tile(saw.code).and(page.locator('[data-state="RUNNING"]')).waitFor();
    await page.waitForFunction(LIVE);
    expect(await tile(press.code).getAttribute('data-state')).toBe('DOWN');
    expect(await tile(press.code).locator('.reason').textContent()).toMatch(
      new RegExp(`^Material jam \\(${jam}\\) · back ~\\d\\d:\\d\\d$`),
    );
    expect(await tile(bench.code).getAttribute('data-state')).toBe('MAINTENANCE');
    expect(await tile(robot.code).getAttribute('data-state')).toBe('IDLE');
    expect(await tile(saw.code).locator('.job').textContent()).toContain(`${orders[0].code} · 10 Cut`);
    expect(await tile(saw.code).locator('.job-qty').textContent()).toBe('12 / 40');
    expect(await center(f.wc1.code).locator('[data-count="wip"]').textContent()).toBe('1');
    expect(await center(f.wc1.code).locator('[data-count="queue"]').textContent()).toBe('2');
    // Assembly: only the first order's step is ready (the saw passed 12 on); the other five steps wait for the one before.
    expect(await center(f.wc2.code).locator('[data-count="queue"]').textContent()).toBe('1');
    expect(await center(f.wc2.code).locator('[data-count="upcoming"]').textContent()).toBe('5 more coming, waiting on earlier steps');
    expect(await center(f.wc1.code).locator('[data-count="upcoming"]').count()).toBe(0);
    expect(await center(f.wc1.code).locator('[data-tile="oee"] .tile-value').textContent()).toMatch(/^\d+%$/);
    expect(await page.locator('[data-summary="DOWN"] strong').textContent()).toBe('1');
    // The trend chart is drawn: the canvas has ink on it.
    await page.waitForSelector('body[data-chart="2"]');
    const inked = await inkedPixels(page, 'trend-chart');
    expect(inked).toBeGreaterThan(1000);
    await shot(page, 'plant-view');

    // The saw jams (its gateway says so over MQTT) and assembly starts the first order: both show without a reload.
    await page.evaluate('window.marker = 1');
    await pub.publish(mqtt.topic(f.wc1.code, saw.code, 'state'), 'DOWN', { reason: jam });
    await tile(saw.code).and(page.locator('[data-state="DOWN"]')).waitFor();
    expect(await tile(saw.code).locator('.reason').textContent()).toContain(`Material jam (${jam})`);
    await page.locator('[data-summary="DOWN"] strong', { hasText: '2' }).waitFor();
    // Rejects counted on the saw: the work center's quality tile moves without a reload (MachineCounted).
    const qualityTile = center(f.wc1.code).locator('[data-tile="quality"] .tile-value');
    const before = await qualityTile.textContent();
    // Counts are announced at most every 10 s per machine: wait until the saw's last announcement (the setup's counts) is that old.
    await eventually(async () => {
      const [row] = await t
        .em()
        .execute<{ age: number }[]>(
          `select extract(epoch from now() - counts_announced_at)::float8 * 1000 as age from machine where id = ?`,
          [saw.id],
        );
      return Number(row.age) >= COUNT_ANNOUNCE_MS ? true : undefined;
    }, 'the count announcement window to pass');
    await pub.publish(mqtt.topic(f.wc1.code, saw.code, 'count', 'reject'), 40);
    await page.waitForFunction(
      `document.querySelector('[data-wc="${f.wc1.code}"] [data-tile="quality"] .tile-value')?.textContent !== ${JSON.stringify(before)}`,
    );
    // A figure over 100% (40 units counted at once against the saw's ideal cycle) is flagged for checking, never shown as good.
    const flagged = await page.$$eval('[data-tile]', (tiles) =>
      tiles.map((t) => ({
        over: Number(/(\d+)%/.exec(t.querySelector('.tile-value')?.textContent ?? '')?.[1] ?? 0) > 100,
        suspect: t.classList.contains('suspect') && !t.classList.contains('good') && !!t.querySelector('.tile-note'),
      })),
    );
    expect(flagged.filter((f) => f.over !== f.suspect)).toEqual([]);
    const assemble = orders[0].operations[1];
    await operator.ok(RecordExecutionEventDocument, { input: { operationId: assemble.id, type: 'START', clientEventId: uniq('scan') } });
    await center(f.wc2.code).locator('[data-count="wip"]', { hasText: '1' }).waitFor();
    expect(await center(f.wc2.code).locator('[data-count="queue"]').textContent()).toBe('0');
    // Assembly passes 5 on: the first order's test is ready to start, without a reload.
    await operator.ok(RecordExecutionEventDocument, {
      input: { operationId: assemble.id, type: 'COMPLETE', qty: '5', clientEventId: uniq('scan') },
    });
    await center(f.wc2.code).locator('[data-upcoming="4"]').waitFor();
    expect(await center(f.wc2.code).locator('[data-count="queue"]').textContent()).toBe('1');
    expect(await center(f.wc2.code).locator('[data-list="queue"] li').first().textContent()).toContain(`${orders[0].code} · 30 Test`);
    expect(await center(f.wc2.code).locator('[data-list="queue"] li .op-meta').first().textContent()).toMatch(/^5 of 40 arrived · /);
    expect(await page.evaluate('window.marker')).toBe(1);
    await shot(page, 'plant-view-breakdown');

    await page.click('#lang');
    await page.getByText('车间看板').first().waitFor();
    await tile(saw.code).getByText('停机').waitFor();
    await page.waitForSelector('body[data-chart="2"]');
    expect(await center(f.wc1.code).locator('[data-list="queue"] h3').textContent()).toMatch(/^可开工/);
    expect(await center(f.wc2.code).locator('[data-count="upcoming"]').textContent()).toBe('另有 4 道工序等待上道工序来料');
    await shot(page, 'plant-view-zh');
    await page.close();

    const phone = await open(PHONE);
    await phone.locator(`[data-machine="${saw.code}"][data-state="DOWN"]`).waitFor();
    await phone.waitForSelector('body[data-chart="2"]');
    // Nothing is wider than a phone: no sideways scrolling.
    expect(await phone.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await shot(phone, 'plant-view-phone');
    await phone.click('#lang');
    await phone.getByText('车间看板').first().waitFor();
    await phone.waitForSelector('body[data-chart="2"]');
    await shot(phone, 'plant-view-phone-zh');
    await phone.close();
  }, 180_000);
});
