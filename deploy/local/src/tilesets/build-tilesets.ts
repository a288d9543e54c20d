import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildCountries, COUNTRIES_TOPOJSON, WORLD_ATLAS_VERSION } from './build-countries.js';
import { buildHelsinki } from './build-helsinki.js';
import { cacheKey } from './cache-key.js';
import { cachedBuild } from './cached-build.js';
import { runTool } from './run-tool.js';
import { setMbtilesMetadata } from './set-mbtiles-metadata.js';

/** Paths of the tilesets Martin serves, by Martin source id. */
export interface TilesetFiles {
  /** Vector MBTiles of world countries (Natural Earth 1:50m via `world-atlas`), z0–6, layer `countries` with `name` and `iso_n3`. Martin source id: `countries`. */
  countries: string;
  /** Vector MBTiles of central Helsinki in the OpenMapTiles schema (tilemaker), z10–14. Martin source id: `helsinki`. */
  helsinki: string;
  /** The raster PMTiles `<dataDir>/pmtiles/stamen-toner-z0-3.pmtiles`, used as it is; its metadata has no attribution, see `TONER_ATTRIBUTION`. Martin source id: `toner`. */
  toner: string;
}

export interface BuildTilesetsOptions {
  /** Folder with `osm/helsinki-centre.osm.pbf` and `pmtiles/stamen-toner-z0-3.pmtiles` (e.g. `../shared/data`). */
  dataDir: string;
  /** Folder for build outputs; tilesets go to `<cacheDir>/tilesets/<key>/`. Created if missing. */
  cacheDir: string;
  /** Progress lines (a cold build takes minutes). Default: none. */
  log?: (msg: string) => void;
}

/**
 * Builds the tilesets from open data, or returns the cached ones in
 * milliseconds when no input changed. Each built tileset has its own cache
 * key (its inputs, the tool version, this pipeline's source), so a new OSM
 * extract does not rebuild the countries.
 * Requires on PATH: `ogr2ogr` (gdal-bin), `tilemaker`, `osmium` (osmium-tool), `sqlite3`.
 */
export async function buildTilesets(opts: BuildTilesetsOptions): Promise<TilesetFiles> {
  const log = opts.log ?? (() => {});
  const pbf = join(opts.dataDir, 'osm', 'helsinki-centre.osm.pbf');
  const toner = join(opts.dataDir, 'pmtiles', 'stamen-toner-z0-3.pmtiles');
  for (const f of [pbf, toner]) {
    if (!existsSync(f)) throw new Error(`tileset input ${f} not found (dataDir: ${opts.dataDir})`);
  }
  const root = join(opts.cacheDir, 'tilesets');

  // Asking each tool for its version also checks, before any long work, that
  // it is installed; a missing one fails naming its Debian package.
  const [gdal, tilemaker, osmium] = await Promise.all([
    runTool('ogr2ogr', ['--version']).then((r) => r.stdout.trim()),
    runTool('tilemaker', ['--help']).then((r) => r.stdout.split('\n')[0]!.trim()),
    runTool('osmium', ['--version']).then((r) => r.stdout.split('\n').slice(0, 2).join(' ').trim()),
    runTool('sqlite3', ['--version']),
  ]);

  const countriesKey = await cacheKey({
    files: [COUNTRIES_TOPOJSON],
    values: { tileset: 'countries', worldAtlas: WORLD_ATLAS_VERSION, gdal },
  });
  const helsinkiKey = await cacheKey({ files: [pbf], values: { tileset: 'helsinki', tilemaker, osmium } });

  // The input hash becomes the MBTiles `version`: Martin passes it into
  // TileJSON, where the BFF folds it into the data version of published tile
  // URLs, so rebuilt data gets new URLs even when the rest of the metadata is equal.
  const stamp = (key: string) => (out: string) => setMbtilesMetadata(out, { version: key });
  const [countries, helsinki] = await Promise.all([
    cachedBuild({ root, key: countriesKey, file: 'countries.mbtiles', log, build: (out, work) => buildCountries(out, work, log).then(() => stamp(countriesKey)(out)) }),
    cachedBuild({ root, key: helsinkiKey, file: 'helsinki.mbtiles', log, build: (out, work) => buildHelsinki(pbf, out, work, log).then(() => stamp(helsinkiKey)(out)) }),
  ]);
  return { countries, helsinki, toner };
}
