// @vitest-environment happy-dom
import * as L from 'leaflet';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MapError, RasterTileLayer, createMapClient, VectorTileLayer, rasterTileLayer, vectorTileLayer, type TileResponse, type TileSource, type Tileset } from '../src/index.js';
import { BFF, countries, tilesetFixture, toner } from './fixtures.js';
import { encodeTile } from './mvt.js';

type Answer = (url: string, signal: AbortSignal) => Promise<TileResponse>;

/** A TileSource that records what a layer asks for; `answer` decides the outcome. */
function fakeSource(answer: Answer = async () => ({ empty: true })): TileSource & { urls: string[]; signals: AbortSignal[] } {
  const urls: string[] = [];
  const signals: AbortSignal[] = [];
  return {
    urls,
    signals,
    fetchTile(url, signal) {
      urls.push(url);
      signals.push(signal!);
      return answer(url, signal!);
    },
  };
}

const never: Answer = (_url, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
const coordsOf = (url: string) => {
  const [z, x, y] = new URL(url).pathname.split('/').slice(-3).map(Number);
  return { z: z!, x: x!, y: y! };
};

let map: L.Map | undefined;
function mountMap(width: number, height: number, options: L.MapOptions = {}): L.Map {
  const el = document.createElement('div');
  Object.defineProperty(el, 'clientWidth', { value: width });
  Object.defineProperty(el, 'clientHeight', { value: height });
  document.body.appendChild(el);
  map = L.map(el, { fadeAnimation: false, zoomAnimation: false, ...options });
  return map;
}
const settle = (layer: L.GridLayer) => new Promise<void>((resolve) => layer.once('load', () => resolve()));

afterEach(() => {
  map?.remove();
  map = undefined;
  vi.unstubAllGlobals();
});

describe('RasterTileLayer / VectorTileLayer', () => {
  describe('constructor', () => {
    it('throws a TypeError naming the option on misuse', () => {
      const source = fakeSource();
      expect(() => new VectorTileLayer({ tileset: toner(), source })).toThrow(/option tileset .*PNG/);
      expect(() => new RasterTileLayer({ tileset: tilesetFixture(), source })).toThrow(TypeError);
      expect(() => vectorTileLayer({ tileset: tilesetFixture(), source: {} as TileSource })).toThrow(/option source/);
      expect(() => rasterTileLayer({ tileset: undefined as unknown as Tileset, source })).toThrow(/option tileset/);
    });
    it('takes bounds, zoom range and attribution from the metadata', () => {
      const layer = vectorTileLayer({ tileset: tilesetFixture({ minzoom: 11, bounds: [24.9, 60.1, 25, 60.2] }), source: fakeSource() });
      expect(layer.options).toMatchObject({ minZoom: 11, maxNativeZoom: 14, noWrap: true, attribution: '© OpenStreetMap contributors' });
      expect(layer.getAttribution?.()).toBe('© OpenStreetMap contributors');
    });
  });

  it('C08 a 1600 px wide map at zoom 1 requests no x or y outside [0, 2^z)', () => {
    const source = fakeSource(never);
    mountMap(1600, 600).setView([0, 0], 1);
    vectorTileLayer({ tileset: countries(), source }).addTo(map!);
    rasterTileLayer({ tileset: toner(), source }).addTo(map!);
    expect(source.urls.length).toBe(8); // 4 tiles per layer: the whole world, once
    for (const { z, x, y } of source.urls.map(coordsOf)) {
      expect(z).toBe(1);
      expect(x >= 0 && x < 2 && y >= 0 && y < 2).toBe(true);
    }
  });

  it('C09 a TMS source gets the flipped row: map tile z3 x4 y2 is requested as y=5', () => {
    const source = fakeSource(never);
    mountMap(256, 256).setView(L.CRS.EPSG3857.pointToLatLng(L.point(4.5 * 256, 2.5 * 256), 3), 3);
    rasterTileLayer({ tileset: toner(), source }).addTo(map!);
    vectorTileLayer({ tileset: countries(), source: fakeSource(never) }); // construct-only: XYZ default
    const tms = fakeSource(never);
    vectorTileLayer({ tileset: tilesetFixture({ scheme: 'TMS', tileUrl: 'http://bff.test/tiles/t/{z}/{x}/{y}' }), source: tms }).addTo(map!);
    expect(source.urls.map(coordsOf)).toContainEqual({ z: 3, x: 4, y: 2 });
    expect(tms.urls.map(coordsOf)).toContainEqual({ z: 3, x: 4, y: 5 });
  });

  it('C10 raster maxzoom 14, map zoom 18 at devicePixelRatio 2: no request above z14, tiles shown scaled', () => {
    vi.stubGlobal('devicePixelRatio', 2);
    const source = fakeSource(never);
    mountMap(800, 600, { maxZoom: 18 }).setView([60.17, 24.944], 18);
    const layer = rasterTileLayer({ tileset: tilesetFixture({ format: 'PNG', maxzoom: 14, tileUrl: 'http://bff.test/tiles/r/{z}/{x}/{y}' }), source }).addTo(map!);
    expect(source.urls.length).toBeGreaterThan(0);
    expect(source.urls.every((u) => coordsOf(u).z === 14)).toBe(true);
    expect(layer.getContainer()?.querySelectorAll('img').length).toBeGreaterThan(0); // not a grey map
  });

  it('C11 vector maxzoom 14, map zoom 17: features are overzoomed from z14 and stay clickable; no z15–17 requests', async () => {
    const tile = encodeTile({ park: [{ id: 9, type: 'Polygon', geometry: [[[0, 0], [4096, 0], [4096, 4096], [0, 4096], [0, 0]]], properties: { name: 'Esplanadi' } }] });
    const source = fakeSource(async () => ({ empty: false, data: tile.slice().buffer, contentType: 'application/x-protobuf' }));
    mountMap(800, 600, { maxZoom: 20 }).setView([60.1675, 24.948], 17);
    const layer = vectorTileLayer({ tileset: tilesetFixture(), source }).addTo(map!);
    await settle(layer);
    expect(source.urls.every((u) => coordsOf(u).z === 14)).toBe(true);
    const clicked = new Promise<unknown[]>((resolve) => layer.once('featureclick', (e) => resolve((e as unknown as { features: unknown[] }).features)));
    map!.fire('click', { latlng: L.latLng(60.1675, 24.948) });
    expect(await clicked).toEqual([expect.objectContaining({ layer: 'park', properties: { name: 'Esplanadi' } })]);
  });

  it('C01 (SDK part) empty tiles load blank and fire no tileerror', async () => {
    const source = fakeSource(async () => ({ empty: true }));
    mountMap(512, 512).setView([60.17, 24.944], 14);
    const layer = vectorTileLayer({ tileset: tilesetFixture(), source });
    const errors = vi.fn();
    const loads = vi.fn();
    layer.on('tileerror', errors).on('tileload', loads).addTo(map!);
    await settle(layer);
    expect(loads).toHaveBeenCalledTimes(source.urls.length);
    expect(errors).not.toHaveBeenCalled();
    expect(layer.queryFeatures([60.17, 24.944])).toEqual([]);
  });

  it('a failed tile fires tileerror {error, tile, coords}; an auth failure also fires autherror', async () => {
    const source = fakeSource(async (url) => {
      throw new MapError('denied', { kind: 'transport', status: 401, url });
    });
    mountMap(256, 256).setView([0, 0], 0);
    const layer = rasterTileLayer({ tileset: toner(), source });
    const auth = vi.fn();
    const failed = new Promise<L.TileErrorEvent>((resolve) => layer.once('tileerror', (e) => resolve(e as L.TileErrorEvent)));
    layer.on('autherror', auth).addTo(map!);
    const e = await failed;
    expect(e.error).toBeInstanceOf(MapError);
    expect(e.coords).toMatchObject({ z: 0, x: 0, y: 0 });
    expect(e.tile).toBeInstanceOf(HTMLElement);
    expect(auth).toHaveBeenCalledWith(expect.objectContaining({ error: e.error }));
  });

  it('aborts the request of every tile that leaves the view, without a tileerror', () => {
    const source = fakeSource(never);
    mountMap(512, 512).setView([60.17, 24.944], 14);
    const layer = vectorTileLayer({ tileset: tilesetFixture(), source });
    const errors = vi.fn();
    layer.on('tileerror', errors).addTo(map!);
    const first = source.signals.slice();
    expect(first.length).toBeGreaterThan(0);
    map!.setView([-33.86, 151.2], 14); // far away: every old tile unloads
    expect(first.every((s) => s.aborted)).toBe(true);
    map!.removeLayer(layer);
    expect(source.signals.every((s) => s.aborted)).toBe(true);
    expect(errors).not.toHaveBeenCalled();
  });

  it('raster tiles come through blob URLs that are revoked when the tile goes', async () => {
    const created: string[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => {
      created.push(`blob:test/${created.length}`);
      return created.at(-1)!;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u) => void revoked.push(u));
    const source = fakeSource(async () => ({ empty: false, data: new Uint8Array([137, 80, 78, 71]).buffer, contentType: 'image/png' }));
    mountMap(256, 256).setView([0, 0], 0);
    const layer = rasterTileLayer({ tileset: toner(), source }).addTo(map!);
    await vi.waitFor(() => expect(created.length).toBe(1));
    expect((layer.getContainer()!.querySelector('img') as HTMLImageElement).src).toBe('blob:test/0');
    map!.removeLayer(layer);
    expect(revoked).toEqual(['blob:test/0']);
  });

  describe('key-in-URL mode (MapClient keyInUrl, msw at the network edge)', () => {
    const server = setupServer();
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());

    it('C01: an empty 204 raster tile loads blank and fires no tileerror; the key travels in the URL, not a header', async () => {
      const seen: Array<{ key: string | null; header: string | null }> = [];
      server.use(http.get(`${BFF}/tiles/toner/:z/:x/:y`, ({ request }) => {
        seen.push({ key: new URL(request.url).searchParams.get('key'), header: request.headers.get('x-api-key') });
        return new HttpResponse(null, { status: 204 });
      }));
      const client = createMapClient({ bffUrl: BFF, apiKey: 'pk_demo', keyInUrl: true });
      mountMap(256, 256).setView([0, 0], 0);
      const layer = rasterTileLayer({ tileset: toner(), source: client });
      const errors = vi.fn();
      const loads = vi.fn();
      layer.on('tileerror', errors).on('tileload', loads);
      const loaded = settle(layer);
      layer.addTo(map!);
      await loaded;
      expect(seen).toEqual([{ key: 'pk_demo', header: null }]);
      expect(loads).toHaveBeenCalledTimes(1);
      expect(errors).not.toHaveBeenCalled();
      expect((layer.getContainer()!.querySelector('img') as HTMLImageElement).getAttribute('src')).toBeNull();
    });
  });
});
