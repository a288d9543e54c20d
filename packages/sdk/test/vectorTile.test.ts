import { describe, expect, it } from 'vitest';
import { decodeTile, defaultStyleFor, hitTest, openMapTilesStyle, paintTile, prepareTile, type PaintContext, type VectorStyle } from '../src/client.js';
import { countries, tilesetFixture } from './fixtures.js';
import { encodeTile } from './mvt.js';

// A 256 px tile (extent 4096 → 16 units per pixel): a building square, a
// primary road across it and a footpath, plus a point of interest.
const bytes = encodeTile({
  building: [{ id: 1, type: 'Polygon', geometry: [[[1600, 1600], [2400, 1600], [2400, 2400], [1600, 2400], [1600, 1600]]], properties: { render_height: 12 } }],
  transportation: [
    { id: 2, type: 'LineString', geometry: [[[0, 2000], [4096, 2000]]], properties: { class: 'primary', name: 'Mannerheimintie' } },
    { id: 3, type: 'LineString', geometry: [[[0, 400], [4096, 400]]], properties: { class: 'path' } },
  ],
  transportation_name: [{ type: 'LineString', geometry: [[[0, 2000], [2048, 2000], [4096, 2000]]], properties: { name: 'Mannerheimintie' } }],
  poi: [{ id: 4, type: 'Point', geometry: [[[3200, 3200]]], properties: { name: 'Kiasma', class: 'museum' } }],
});

/** Records every canvas call so tests can assert what was drawn. */
function recorder(): PaintContext & { calls: string[] } {
  const calls: string[] = [];
  const fn = (name: string) => (...args: unknown[]) => void calls.push(`${name}(${args.map((a) => (typeof a === 'number' ? Math.round(a) : String(a))).join(',')})`);
  const ctx = { calls } as unknown as PaintContext & { calls: string[] };
  Object.assign(ctx, { measureText: (t: string) => ({ width: t.length * 6 }) });
  for (const m of ['beginPath', 'moveTo', 'lineTo', 'closePath', 'arc', 'fill', 'stroke', 'fillText', 'strokeText']) Object.assign(ctx, { [m]: fn(m) });
  return ctx;
}

describe('prepareTile', () => {
  it('scales geometry from tile extent to pixels and keeps style order', () => {
    const items = prepareTile(decodeTile(bytes), openMapTilesStyle, 14, 256);
    expect(items.map((i) => i.feature.layer)).toEqual(['building', 'transportation', 'transportation', 'poi', 'transportation_name']);
    expect(items[0]!.feature.geometry[0]![0]).toEqual({ x: 100, y: 100 });
    // Paths are painted before main roads, whatever their order in the tile.
    expect(items.slice(1, 3).map((i) => i.feature.properties.class)).toEqual(['path', 'primary']);
  });
  it('applies property filters and zoom ranges', () => {
    const style: VectorStyle = [{ layer: 'transportation', filter: { class: 'primary' }, line: 'red' }, { layer: 'poi', circle: 'blue', minzoom: 15 }];
    const items = prepareTile(decodeTile(bytes), style, 14, 256);
    expect(items.map((i) => i.feature.id)).toEqual([2]);
  });
  it('returns nothing for an empty tile (C01: nothing drawn)', () => {
    expect(prepareTile(decodeTile(new Uint8Array(0)), openMapTilesStyle, 14, 256)).toEqual([]);
  });
});

describe('paintTile', () => {
  it('fills polygons even-odd, strokes lines, draws points and labels', () => {
    const ctx = recorder();
    paintTile(ctx, prepareTile(decodeTile(bytes), openMapTilesStyle, 14, 256), 256);
    expect(ctx.calls).toContain('fill(evenodd)');
    expect(ctx.calls).toContain('fillText(Mannerheimintie,128,125)');
    expect(ctx.calls).toContain('moveTo(0,125)'); // the primary road at y = 2000/16
    expect(ctx.calls.filter((c) => c === 'stroke()').length).toBeGreaterThanOrEqual(3);
    expect(ctx.calls).toContain('arc(200,200,3,0,6)');
    expect(ctx.fillStyle).toBeDefined();
  });
  it('leaves out labels that would cross the tile edge', () => {
    const edge = encodeTile({ place: [{ type: 'Point', geometry: [[[80, 2000]]], properties: { name: 'Kauppatori' } }] });
    const ctx = recorder();
    paintTile(ctx, prepareTile(decodeTile(edge), openMapTilesStyle, 14, 256), 256);
    expect(ctx.calls.filter((c) => c.startsWith('fillText'))).toEqual([]);
  });
  it('draws nothing for no items', () => {
    const ctx = recorder();
    paintTile(ctx, []);
    expect(ctx.calls).toEqual([]);
  });
});

describe('hitTest', () => {
  const items = prepareTile(decodeTile(bytes), openMapTilesStyle, 14, 256);
  it('finds the road and the building under a point on the road, topmost first', () => {
    const hits = hitTest(items, 120, 125, 3);
    expect(hits.map((f) => f.layer)).toEqual(['transportation', 'building']);
    expect(hits[0]!.properties).toEqual({ class: 'primary', name: 'Mannerheimintie' });
  });
  it('finds a point within its radius plus tolerance', () => {
    expect(hitTest(items, 204, 200, 3).map((f) => f.properties.name)).toEqual(['Kiasma']);
  });
  it('finds nothing on empty ground', () => {
    expect(hitTest(items, 30, 60, 3)).toEqual([]);
  });
});

describe('defaultStyleFor', () => {
  it('uses the OpenMapTiles look for OpenMapTiles data', () => {
    expect(defaultStyleFor(tilesetFixture())).toBe(openMapTilesStyle);
  });
  it('gives a plain polygon layer a fill, an outline and name labels', () => {
    const [rule] = defaultStyleFor(countries());
    expect(rule).toMatchObject({ layer: 'countries', line: expect.any(String), fill: expect.any(String), label: 'name' });
  });
});
