import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** Flags from the issue: no GPU, no background traffic that would add requests or CPU. */
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function openBrowser(): Promise<{ browser: Browser } | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium)` };
  try {
    const { chromium } = await import('playwright-core');
    return { browser: await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true }) };
  } catch (err) {
    return { skipped: `Chromium did not start: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Runs in the page before its scripts: stamps each Leaflet tile with the
 * time it got `leaflet-tile-loaded`, the class Leaflet adds once a tile's
 * image is decoded or a canvas tile reports `done` (after drawing).
 */
const STAMP_TILES = `
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const el = m.target;
      if (el.classList && el.classList.contains('leaflet-tile-loaded') && el.__benchDrawnAt === undefined) {
        el.__benchDrawnAt = performance.now();
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
`;

interface TileState {
  visible: number;
  pending: number;
  lastDrawnAt: number;
}

/**
 * Evaluated in the page. A string, not a function: tsx's name-keeping helpers
 * would otherwise be serialised into the page, where they do not exist.
 */
const TILE_STATE = `(() => {
  const inView = [...document.querySelectorAll('.leaflet-tile')].filter((t) => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  });
  const pending = inView.filter((t) => !t.classList.contains('leaflet-tile-loaded'));
  const stamps = inView.map((t) => t.__benchDrawnAt || 0);
  return { visible: inView.length, pending: pending.length, lastDrawnAt: Math.max(0, ...stamps) };
})()`;

/**
 * Opens the page in a fresh context (empty HTTP cache) and waits until the
 * visible tiles are all drawn and the set has not changed for a second; the
 * figure is the time of the last one, from navigation start.
 */
export async function timeFirstView(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<{ drawnMs: number; tiles: number }> {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await page.addInitScript(STAMP_TILES);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    let stable: { state: TileState; since: number } | undefined;
    while (Date.now() < deadline) {
      const state = (await page.evaluate(TILE_STATE)) as TileState;
      const done = state.visible > 0 && state.pending === 0;
      const same = stable && stable.state.visible === state.visible && stable.state.lastDrawnAt === state.lastDrawnAt;
      if (!done) stable = undefined;
      else if (!same) stable = { state, since: Date.now() };
      else if (Date.now() - stable!.since >= 1000) return { drawnMs: state.lastDrawnAt, tiles: state.visible };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the opening view of ${url} did not finish drawing within 30 s`);
  } finally {
    await context.close();
  }
}
