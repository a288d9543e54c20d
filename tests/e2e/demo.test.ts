import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from '@org/map-local';
import { launchBrowser } from './launch-browser.js';
import { pixelStats } from './pixels.js';

// The demo in real Chromium against the real stack: Martin primary + backup on
// the real tilesets, the built BFF, the built demo and SDK.
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ workDir: mkdtempSync(join(tmpdir(), 'e2e-')), martinBin: inject('martinBin'), tilesets: inject('tilesets') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openDemo(hash: string, viewport = { width: 1024, height: 768 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${stack.demoUrl}/${hash}`);
  await page.waitForFunction(() => document.documentElement.dataset.demoState !== 'loading', undefined, { timeout: 60_000 });
  expect(await page.evaluate(() => document.documentElement.dataset.demoState), (await page.textContent('#error')) ?? '').toBe('ready');
  expect(errors).toEqual([]);
  return page;
}

/** Shows only one tileset at a view and resolves when its tiles in view are drawn. */
async function showOnly(page: Page, id: string, view: [number, number, number]): Promise<void> {
  await page.evaluate(
    async ({ id, view }) => {
      const { map, layers } = window.__demo;
      const layer = layers!.get(id);
      if (!layer) throw new Error(`no layer ${id}; have ${[...layers!.keys()].join(', ')}`);
      for (const other of layers!.values()) if (other !== layer) map!.removeLayer(other);
      map!.setView([view[0], view[1]], view[2], { animate: false });
      const loaded = new Promise((resolve) => layer.once('load', resolve));
      if (!map!.hasLayer(layer)) map!.addLayer(layer);
      else layer.redraw();
      await loaded;
    },
    { id, view },
  );
}

async function mapPixels(page: Page) {
  const box = (await page.locator('#map').boundingBox())!;
  // Stay clear of the controls in the corners.
  const clip = { x: box.x + 60, y: box.y + 60, width: box.width - 120, height: box.height - 120 };
  return pixelStats(await page.screenshot({ clip }));
}

describe('demo in Chromium', () => {
  it('opens on central Helsinki and lists every tileset from the BFF', async () => {
    const page = await openDemo('');
    const { center, zoom, ids } = await page.evaluate(() => ({
      center: window.__demo.map!.getCenter(),
      zoom: window.__demo.map!.getZoom(),
      ids: window.__demo.tilesets!.map((t) => t.id),
    }));
    expect(zoom).toBe(14);
    expect(center.lat).toBeCloseTo(60.17, 2);
    expect(center.lng).toBeCloseTo(24.944, 2);
    expect(ids).toEqual(expect.arrayContaining(['countries', 'helsinki', 'toner']));
    expect(await page.locator('.leaflet-control-layers').count()).toBe(1);
    await page.close();
  });

  const kinds: Array<[string, string, [number, number, number]]> = [
    ['vector OpenMapTiles streets', 'helsinki', [60.17, 24.944, 15]],
    ['vector polygons', 'countries', [62, 24, 4]],
    ['raster PNG', 'toner', [60, 24, 3]],
  ];
  for (const [kind, id, view] of kinds) {
    it(`draws real pixels for ${id} (${kind})`, async () => {
      const page = await openDemo('');
      await showOnly(page, id, view);
      const stats = await mapPixels(page);
      expect(stats.colours, `${id}: distinct colours`).toBeGreaterThan(3);
      expect(stats.nonBackground, `${id}: share of drawn pixels`).toBeGreaterThan(0.02);
      await page.close();
    });
  }

  it('gives the properties of a Helsinki street on click', async () => {
    const page = await openDemo('#16/60.1699/24.9384');
    await showOnly(page, 'helsinki', [60.1699, 24.9384, 16]);
    // Find a pixel over a named street through the layer's own hit test, then click it like a user.
    const point = await page.evaluate(() => {
      const { map, layers } = window.__demo;
      const layer = layers!.get('helsinki') as unknown as { queryFeatures(ll: unknown): Array<{ layer: string; properties: Record<string, unknown> }> };
      const size = map!.getSize();
      for (let y = 80; y < size.y - 80; y += 6) {
        for (let x = 80; x < size.x - 80; x += 6) {
          const hits = layer.queryFeatures(map!.containerPointToLatLng([x, y]));
          if (hits.some((f) => f.layer === 'transportation' || f.layer === 'transportation_name')) return { x, y };
        }
      }
      return null;
    });
    expect(point, 'a street somewhere in view').not.toBeNull();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + point!.x, box.y + point!.y);
    await page.waitForSelector('#inspector[data-count]:not([data-count="0"])');
    const features = await page.evaluate(() => window.__demo.lastFeatures!.map((f) => ({ layer: f.layer, properties: f.properties })));
    const street = features.find((f) => f.layer === 'transportation' || f.layer === 'transportation_name');
    expect(street?.properties).toHaveProperty('class');
    await page.close();
  });

  it('aborts the tile requests of a view it pans away from', async () => {
    const page = await openDemo('');
    // A world-wide vector layer at z6, far from the antimeridian, so every jump east lands on new tiles.
    await showOnly(page, 'countries', [10, -150, 6]);
    const aborted: string[] = [];
    page.on('requestfailed', (r) => {
      if (r.url().includes('/tiles/') && /ABORTED|cancel/i.test(r.failure()?.errorText ?? '')) aborted.push(r.url());
    });
    // Slow the network so tiles are still in flight when the view moves on.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 });
    await page.evaluate(async () => {
      const map = window.__demo.map!;
      // Each jump is far beyond Leaflet's keepBuffer, so the previous view's tiles leave it.
      for (let i = 0; i < 6; i++) {
        map.panBy([2500, 0], { animate: false });
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    await page.waitForTimeout(1500);
    expect(aborted.length).toBeGreaterThan(0);
    await page.close();
  });

  it('C08: a 1600 px wide map at zoom 1 requests no tile outside [0, 2^z)', async () => {
    const requested: Array<[number, number, number]> = [];
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('request', (r) => {
      const m = /\/tiles\/[^/]+\/(\d+)\/(-?\d+)\/(-?\d+)/.exec(r.url());
      if (m) requested.push([Number(m[1]), Number(m[2]), Number(m[3])]);
    });
    await page.goto(`${stack.demoUrl}/#1/20/0`);
    await page.waitForFunction(() => document.documentElement.dataset.demoState === 'ready');
    await showOnly(page, 'toner', [20, 0, 1]);
    expect(requested.length).toBeGreaterThan(0);
    for (const [z, x, y] of requested) {
      expect(x, `x of ${z}/${x}/${y}`).toBeGreaterThanOrEqual(0);
      expect(y, `y of ${z}/${x}/${y}`).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(2 ** z);
      expect(y).toBeLessThan(2 ** z);
    }
    await page.close();
  });

  it('restores the view from the URL hash and keeps the hash in step with the map', async () => {
    const page = await openDemo('#16/60.168/24.95');
    const view = await page.evaluate(() => ({ zoom: window.__demo.map!.getZoom(), center: window.__demo.map!.getCenter() }));
    expect(view.zoom).toBe(16);
    expect(view.center.lat).toBeCloseTo(60.168, 3);
    expect(view.center.lng).toBeCloseTo(24.95, 3);
    await page.evaluate(() => window.__demo.map!.setView([60.17, 24.94], 15, { animate: false }));
    await page.waitForFunction(() => location.hash.startsWith('#15/60.17'));
    await page.close();
  });

  it('shows the BFF health badge and a legend for the layers on the map', async () => {
    const page = await openDemo('');
    await page.waitForSelector('#health[data-status="ok"]');
    const legend = page.locator('[data-testid=legend]');
    expect(await legend.count()).toBe(1);
    expect(await legend.textContent()).toMatch(/Building/);
    await page.close();
  });

  it('works on a phone-sized screen: map drawn, legend folded behind a button, no sideways scroll', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await page.goto(`${stack.demoUrl}/`);
    await page.waitForFunction(() => document.documentElement.dataset.demoState === 'ready', undefined, { timeout: 60_000 });
    const toggle = page.locator('[data-testid=legend] button');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const stats = await mapPixels(page);
    expect(stats.colours).toBeGreaterThan(3);
    await page.close();
  });

  it('works from a plain script-tag page with the built IIFE bundle', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.demoUrl}/script-tag.html`);
    await page.waitForFunction(() => document.documentElement.dataset.demoState !== undefined && document.documentElement.dataset.demoState !== 'loading', undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.demoState)).toBe('ready');
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-tile-loaded').length > 0);
    // The Helsinki vector layer is the one on the map, at central Helsinki.
    const shown = await page.evaluate(() => {
      const { map, layers } = window.__demo;
      return { helsinki: map!.hasLayer(layers!.get('helsinki')!), lat: map!.getCenter().lat, zoom: map!.getZoom() };
    });
    expect(shown).toMatchObject({ helsinki: true, zoom: 14 });
    expect(shown.lat).toBeCloseTo(60.17, 2);
    const stats = await mapPixels(page);
    expect(stats.colours).toBeGreaterThan(3);
    await page.close();
  });
});
