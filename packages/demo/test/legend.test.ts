// @vitest-environment happy-dom
import * as L from 'leaflet';
import { afterEach, describe, expect, it } from 'vitest';
import { createMapClient, tilesetLayer, type Tileset, type TilesetLayer } from '@org/map-sdk';
import { createLegend } from '../src/legend.js';

const helsinki: Tileset = {
  id: 'helsinki', name: 'Helsinki', description: null, attribution: null, format: 'MVT', minzoom: 0, maxzoom: 14,
  bounds: null, center: null, tileSize: 512, scheme: 'XYZ', vectorLayers: [{ id: 'water', description: null, minzoom: null, maxzoom: null, fields: [] }],
  tileUrl: 'http://bff.test/tiles/helsinki/{z}/{x}/{y}?v=1', version: '1',
};

let map: L.Map | undefined;
afterEach(() => {
  map?.remove();
  map = undefined;
  document.body.replaceChildren();
});

/** A map with the Helsinki layer (its tiles never answer) and the legend, at a given viewport width. */
function mountLegend(width: number, options?: Parameters<typeof createLegend>[2]) {
  // happy-dom's test API: matchMedia answers from this viewport.
  (window as unknown as { happyDOM: { setViewport(v: { width: number; height: number }): void } }).happyDOM.setViewport({ width, height: 700 });
  const container = document.createElement('div');
  document.body.append(container);
  map = L.map(container, { fadeAnimation: false, zoomAnimation: false }).setView([60.17, 24.944], 14);
  const client = createMapClient({ bffUrl: 'http://bff.test', fetch: () => new Promise<Response>(() => {}) });
  const layers = new Map<string, TilesetLayer>([['helsinki', tilesetLayer(helsinki, client).addTo(map)]]);
  createLegend(map, layers, options).addTo(map);
  const el = container.querySelector<HTMLElement>('[data-testid=legend]')!;
  const toggle = el.querySelector('button')!;
  const body = document.getElementById(toggle.getAttribute('aria-controls')!)!;
  return { el, toggle, body };
}

describe('createLegend', () => {
  it('starts folded on a phone-sized screen: only the toggle shows, aria-expanded="false"', () => {
    const { el, toggle, body } = mountLegend(375);
    expect(el.hidden).toBe(false);
    expect(toggle.type).toBe('button');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(body.hidden).toBe(true);
    expect(el.contains(body)).toBe(true);
  });

  it('starts open on a wide screen, listing the titled style rules', () => {
    const { toggle, body } = mountLegend(1280);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(body.hidden).toBe(false);
    expect(body.querySelector('h3')?.textContent).toBe('Helsinki');
    expect(body.querySelectorAll('li').length).toBeGreaterThan(0);
  });

  it('the button folds and unfolds it, keeping aria-expanded in step', () => {
    const { toggle, body } = mountLegend(375);
    toggle.click();
    expect([toggle.getAttribute('aria-expanded'), body.hidden]).toEqual(['true', false]);
    toggle.click();
    expect([toggle.getAttribute('aria-expanded'), body.hidden]).toEqual(['false', true]);
  });

  it('option collapsed wins over the screen size', () => {
    expect(mountLegend(1280, { collapsed: true }).body.hidden).toBe(true);
  });

  it('hides itself while no layer is on the map', () => {
    const { el } = mountLegend(1280);
    map!.eachLayer((layer) => void map!.removeLayer(layer));
    expect(el.hidden).toBe(true);
  });
});
