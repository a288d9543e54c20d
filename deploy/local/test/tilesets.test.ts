import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir as sharedCacheDir, dataDir as configuredDataDir } from '../src/paths.js';
import { buildTilesets, TONER_ATTRIBUTION, type TilesetFiles } from '../src/tilesets/index.js';

// Real data, real tools: the same folder the local stack reads (DATA_DIR or ../shared/data).
const dataDir = configuredDataDir();
const cacheDir = mkdtempSync(join(tmpdir(), 'tilesets-test-'));
const logs: string[] = [];
let files: TilesetFiles;

/** Rows of an SQL query on an MBTiles file, through the sqlite3 CLI (Node 20 has no node:sqlite). */
function sql(file: string, query: string): Record<string, unknown>[] {
  const out = execFileSync('sqlite3', ['-json', '-readonly', file, query], { encoding: 'utf8' });
  return out.trim() ? (JSON.parse(out) as Record<string, unknown>[]) : [];
}

function metadata(file: string): Record<string, string> {
  return Object.fromEntries(sql(file, 'SELECT name, value FROM metadata').map((r) => [r.name, r.value]));
}

/** The decompressed bytes of tile z/x/y (XYZ numbering; MBTiles rows are TMS). */
function tile(file: string, z: number, x: number, y: number): Buffer | undefined {
  const row = (1 << z) - 1 - y;
  const [r] = sql(file, `SELECT hex(tile_data) AS hex FROM tiles WHERE zoom_level=${z} AND tile_column=${x} AND tile_row=${row}`);
  if (!r) return undefined;
  const bytes = Buffer.from(String(r.hex), 'hex');
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

function tileAt(z: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(rad)) / Math.PI) / 2) * n)];
}

const HELSINKI = { lon: 24.9443, lat: 60.1716 };

/**
 * The global setup has already built the tilesets into the shared cache. Link
 * its finished builds into this test's own cache folder, so the tests below
 * start from a warm cache (as a second `npm start` does) and whatever they
 * rebuild stays in the temp folder.
 */
function seedFromSharedCache(): void {
  const shared = join(sharedCacheDir(), 'tilesets');
  if (!existsSync(shared)) return;
  mkdirSync(join(cacheDir, 'tilesets'), { recursive: true });
  for (const key of readdirSync(shared)) {
    if (!key.startsWith('.')) symlinkSync(join(shared, key), join(cacheDir, 'tilesets', key));
  }
}

beforeAll(async () => {
  seedFromSharedCache();
  // A cold build (no shared cache yet) runs ogr2ogr over Natural Earth 1:50m: minutes on a busy 2-core machine.
  files = await buildTilesets({ dataDir, cacheDir, log: (m) => logs.push(m) });
}, 900_000);

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('buildTilesets', () => {
  it('writes both MBTiles under <cacheDir>/tilesets/<key>/ and uses the toner PMTiles in place', () => {
    expect(files.countries).toMatch(new RegExp(`^${cacheDir}/tilesets/[0-9a-f]{16}/countries\\.mbtiles$`));
    expect(files.helsinki).toMatch(new RegExp(`^${cacheDir}/tilesets/[0-9a-f]{16}/helsinki\\.mbtiles$`));
    expect(files.toner).toBe(join(dataDir, 'pmtiles', 'stamen-toner-z0-3.pmtiles'));
  });

  it('returns the cached files without rebuilding on a second call', async () => {
    const before = [statSync(files.countries).mtimeMs, statSync(files.helsinki).mtimeMs];
    const again: string[] = [];
    const second = await buildTilesets({ dataDir, cacheDir, log: (m) => again.push(m) });
    expect(second).toEqual(files);
    expect([statSync(files.countries).mtimeMs, statSync(files.helsinki).mtimeMs]).toEqual(before);
    expect(again.filter((m) => m.includes('cache hit'))).toHaveLength(2);
    expect(again.some((m) => m.includes(' built '))).toBe(false);
  });

  it('rebuilds only Helsinki when the OSM extract changes', async () => {
    // Same OSM data, different bytes: osmium rewrites the file with another header.
    const changed = join(cacheDir, 'changed-data');
    mkdirSync(join(changed, 'osm'), { recursive: true });
    mkdirSync(join(changed, 'pmtiles'));
    symlinkSync(files.toner, join(changed, 'pmtiles', 'stamen-toner-z0-3.pmtiles'));
    execFileSync('osmium', ['cat', '--no-progress', '--generator=tilesets-test', '-o', join(changed, 'osm', 'helsinki-centre.osm.pbf'), join(dataDir, 'osm', 'helsinki-centre.osm.pbf')]);
    const log: string[] = [];
    const rebuilt = await buildTilesets({ dataDir: changed, cacheDir, log: (m) => log.push(m) });
    expect(rebuilt.countries).toBe(files.countries);
    expect(rebuilt.helsinki).not.toBe(files.helsinki);
    expect(log.filter((m) => m.includes('helsinki.mbtiles built'))).toHaveLength(1);
    expect(metadata(rebuilt.helsinki).attribution).toBe('© OpenStreetMap contributors');
  });

  it('fails naming the missing tool and its Debian package', async () => {
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(cacheDir, 'empty-path-'));
    try {
      await expect(buildTilesets({ dataDir, cacheDir: join(cacheDir, 'no-tools') })).rejects.toThrow(
        /not found on PATH: install the Debian package '(gdal-bin|tilemaker|osmium-tool|sqlite3)'/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('fails naming a missing input file', async () => {
    await expect(buildTilesets({ dataDir: join(cacheDir, 'nowhere'), cacheDir })).rejects.toThrow(/helsinki-centre\.osm\.pbf not found/);
  });
});

describe('countries.mbtiles', () => {
  it('carries name, description, attribution and z0-6 in its metadata', () => {
    const m = metadata(files.countries);
    expect(m).toMatchObject({ name: 'countries', attribution: 'Made with Natural Earth', minzoom: '0', maxzoom: '6' });
    expect(m.description).toContain('Natural Earth');
    // MBTiles rows are always TMS; a `scheme` row would reach TileJSON and make clients flip y.
    expect(m.scheme).toBeUndefined();
  });

  it('stamps its input hash as the MBTiles version, so rebuilt data gets new tile URLs', () => {
    const key = files.countries.split('/').at(-2);
    expect(metadata(files.countries).version).toBe(key);
    expect(metadata(files.helsinki).version).toBe(files.helsinki.split('/').at(-2));
  });

  it('declares a vector layer `countries` with `name` and `iso_n3` fields', () => {
    const layers = JSON.parse(metadata(files.countries).json!).vector_layers as { id: string; fields: Record<string, string> }[];
    expect(layers.map((l) => l.id)).toEqual(['countries']);
    expect(layers[0]!.fields).toMatchObject({ name: 'String', iso_n3: 'String' });
  });

  it('holds no tile outside 0 <= x, y < 2^z (GDAL writes some at low zooms)', () => {
    const bad = sql(files.countries, 'SELECT count(*) AS n FROM tiles WHERE tile_column < 0 OR tile_row < 0 OR tile_column >= (1 << zoom_level) OR tile_row >= (1 << zoom_level)');
    expect(bad[0]!.n).toBe(0);
    expect(sql(files.countries, 'SELECT DISTINCT zoom_level AS z FROM tiles ORDER BY 1').map((r) => r.z)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('has Finland by name in the z6 tile over Helsinki', () => {
    const [x, y] = tileAt(6, HELSINKI.lon, HELSINKI.lat);
    const bytes = tile(files.countries, 6, x, y);
    expect(bytes?.includes('Finland')).toBe(true);
    expect(bytes?.includes('countries')).toBe(true);
  });
});

describe('helsinki.mbtiles', () => {
  it('carries name, description, OSM attribution, z10-14 and Helsinki bounds', () => {
    const m = metadata(files.helsinki);
    expect(m).toMatchObject({ name: 'Helsinki centre', attribution: '© OpenStreetMap contributors', minzoom: '10', maxzoom: '14' });
    expect(m.description).toContain('OpenMapTiles');
    const [w, s, e, n] = m.bounds!.split(',').map(Number);
    expect([w, s, e, n].map((v) => v!.toFixed(2))).toEqual(['24.94', '60.16', '24.95', '60.18']);
    const [cx, cy] = m.center!.split(',').map(Number);
    expect(cx).toBeGreaterThan(w!);
    expect(cx).toBeLessThan(e!);
    expect(cy).toBeGreaterThan(s!);
    expect(cy).toBeLessThan(n!);
  });

  it('declares OpenMapTiles layers', () => {
    const ids = (JSON.parse(metadata(files.helsinki).json!).vector_layers as { id: string }[]).map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['building', 'transportation', 'transportation_name', 'poi', 'water']));
  });

  it('has a non-empty z14 tile over the centre with buildings and streets', () => {
    const [x, y] = tileAt(14, HELSINKI.lon, HELSINKI.lat);
    const bytes = tile(files.helsinki, 14, x, y);
    expect(bytes?.length).toBeGreaterThan(1000);
    expect(bytes?.includes('building')).toBe(true);
    expect(bytes?.includes('transportation')).toBe(true);
  });
});

describe('TONER_ATTRIBUTION', () => {
  it('credits Stamen and OpenStreetMap, which the PMTiles metadata lacks', () => {
    expect(TONER_ATTRIBUTION).toBe('Map tiles by Stamen Design (CC BY 3.0); data © OpenStreetMap contributors (ODbL)');
  });
});
