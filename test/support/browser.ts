import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Browser tests run wherever Chromium is installed; in CI its absence is a failure, not a skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium is not at ${CHROMIUM}: .ci/install-chromium.sh should have installed it`);
  console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (run .ci/install-chromium.sh)`);
  return false;
}

/** How many pixels of a canvas have any ink: a chart was drawn on it. (A string runs in the page: tests have no DOM types.) */
export function inkedPixels(page: Page, canvasId: string): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.getElementById(${JSON.stringify(canvasId)});
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n;
  })()`);
}
