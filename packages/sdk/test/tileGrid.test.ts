import { describe, expect, it } from 'vitest';
import {
  backoffDelay, expandTileUrl, flipY, isTileInWorld, RequestQueue, tileZoomFor, tilesetGridOptions, tilesetSourceGrid, toSourceCoords,
} from '../src/client.js';
import { tilesetFixture, toner } from './fixtures.js';

const xyz = { minzoom: 0, maxzoom: 14, scheme: 'XYZ' as const, zoomOffset: 0 };

describe('tile grid', () => {
  describe('C08 no tile outside [0, 2^z)', () => {
    it('C08 rejects columns and rows left, right, above and below the world at zoom 1', () => {
      // A 1600 px wide map at zoom 1 spans columns -2..3 around a 512 px world.
      const asked = [];
      for (let x = -2; x <= 3; x++) for (let y = -1; y <= 2; y++) asked.push(toSourceCoords({ z: 1, x, y }, xyz));
      const sent = asked.filter((c) => c !== null);
      expect(sent).toHaveLength(4);
      expect(sent.every((c) => c.x >= 0 && c.x < 2 && c.y >= 0 && c.y < 2)).toBe(true);
    });
    it('C08 isTileInWorld refuses negatives, overflow and non-integers', () => {
      expect(isTileInWorld({ z: 3, x: 7, y: 7 })).toBe(true);
      expect(isTileInWorld({ z: 3, x: 8, y: 0 })).toBe(false);
      expect(isTileInWorld({ z: 3, x: 0, y: -1 })).toBe(false);
      expect(isTileInWorld({ z: 3, x: 1.5, y: 0 })).toBe(false);
      expect(isTileInWorld({ z: -1, x: 0, y: 0 })).toBe(false);
    });
    it('C08 layer bounds default to the Mercator world and noWrap is on', () => {
      const o = tilesetGridOptions(tilesetFixture({ bounds: null }));
      expect(o.noWrap).toBe(true);
      expect(o.bounds[0][1]).toBe(-180);
      expect(o.bounds[1][1]).toBe(180);
      expect(o.bounds[1][0]).toBeCloseTo(85.0511, 3);
    });
  });

  describe('C09 TMS sources', () => {
    const tms = { ...xyz, scheme: 'TMS' as const };
    it.each([
      [0, 0, 0], [1, 0, 1], [3, 2, 5], [14, 5000, 11383],
    ])('C09 flips XYZ row at z%i y%i to TMS row %i', (z, y, expected) => {
      expect(flipY(z, y)).toBe(expected);
      expect(toSourceCoords({ z, x: 0, y }, tms)?.y).toBe(expected);
    });
    it('C09 the map tile z3 x4 y2 requests y=5', () => {
      const grid = tilesetSourceGrid(tilesetFixture({ scheme: 'TMS' }));
      const c = toSourceCoords({ z: 3, x: 4, y: 2 }, grid)!;
      expect(expandTileUrl('https://b/tiles/t/{z}/{x}/{y}', c)).toBe('https://b/tiles/t/3/4/5');
    });
    it('XYZ sources keep the row', () => {
      expect(toSourceCoords({ z: 3, x: 4, y: 2 }, xyz)).toEqual({ z: 3, x: 4, y: 2 });
    });
  });

  describe('C10 raster overzoom', () => {
    it('C10 maxzoom 14 with map zoom 18 (devicePixelRatio 2) shows z14 tiles scaled, never asks z > 14', () => {
      const o = tilesetGridOptions(tilesetFixture({ format: 'PNG', maxzoom: 14 }));
      expect(o.maxNativeZoom).toBe(14);
      for (let zoom = 0; zoom <= 18; zoom++) expect(tileZoomFor(zoom, o.minNativeZoom, o.maxNativeZoom)).toBeLessThanOrEqual(14);
      expect(tileZoomFor(18, o.minNativeZoom, o.maxNativeZoom)).toBe(14); // a tile is shown, scaled 16×: no grey map
      expect(toSourceCoords({ z: 15, x: 0, y: 0 }, tilesetSourceGrid(tilesetFixture({ maxzoom: 14 })))).toBeNull();
    });
    it('C10 toner (z0–3) at zoom 5 uses z3 tiles', () => {
      const o = tilesetGridOptions(toner());
      expect(tileZoomFor(5, o.minNativeZoom, o.maxNativeZoom)).toBe(3);
    });
  });

  describe('C11 vector overzoom', () => {
    it('C11 a vector source with maxzoom 14 at zoom 17 draws z14 tiles and requests no z15–17', () => {
      const ts = tilesetFixture({ maxzoom: 14 });
      const o = tilesetGridOptions(ts);
      const grid = tilesetSourceGrid(ts);
      expect(tileZoomFor(17, o.minNativeZoom, o.maxNativeZoom)).toBe(14);
      for (const z of [15, 16, 17]) expect(toSourceCoords({ z, x: 0, y: 0 }, grid)).toBeNull();
    });
  });

  describe('512 px tiles', () => {
    it('use zoom offset -1 so the layer grid zoom z asks source zoom z-1', () => {
      const ts = tilesetFixture({ tileSize: 512, minzoom: 0, maxzoom: 14 });
      const o = tilesetGridOptions(ts);
      expect([o.zoomOffset, o.minNativeZoom, o.maxNativeZoom]).toEqual([-1, 1, 15]);
      expect(toSourceCoords({ z: 15, x: 3, y: 4 }, tilesetSourceGrid(ts))).toEqual({ z: 14, x: 3, y: 4 });
    });
  });

  describe('#expandTileUrl', () => {
    it('fills z, x, y and keeps the data version already in the template', () => {
      expect(expandTileUrl('http://h/tiles/helsinki/{z}/{x}/{y}?v=3f2a9c', { z: 14, x: 9330, y: 4742 })).toBe('http://h/tiles/helsinki/14/9330/4742?v=3f2a9c');
    });
    it('adds the version when the template has none', () => {
      expect(expandTileUrl('http://h/t/{z}/{x}/{y}', { z: 1, x: 0, y: 1 }, 'abc')).toBe('http://h/t/1/0/1?v=abc');
    });
    it('supports {-y}', () => {
      expect(expandTileUrl('/t/{z}/{x}/{-y}', { z: 3, x: 4, y: 2 })).toBe('/t/3/4/5');
    });
  });

  describe('tilesetGridOptions', () => {
    it('turns [w, s, e, n] bounds into Leaflet corners and copies the attribution', () => {
      const o = tilesetGridOptions(tilesetFixture({ bounds: [24.935, 60.164, 24.953, 60.179], minzoom: 11 }));
      expect(o.bounds).toEqual([[60.164, 24.935], [60.179, 24.953]]);
      expect(o.minZoom).toBe(11);
      expect(o.attribution).toBe('© OpenStreetMap contributors');
    });
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with full jitter and respects the cap', () => {
    const o = { baseDelay: 100, maxDelay: 1000 };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, o, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, o, () => 0)).toBe(0);
  });
});

describe('RequestQueue', () => {
  it('throws a TypeError for a bad limit', () => {
    expect(() => new RequestQueue(0)).toThrow(TypeError);
  });
  it('starts waiting tasks in order as slots free up', async () => {
    const q = new RequestQueue(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => q.run(async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect([q.running, q.pending]).toEqual([0, 0]);
  });
});
