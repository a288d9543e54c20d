import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { feature } from 'topojson-client';
import { runTool } from './run-tool.js';
import { setMbtilesMetadata } from './set-mbtiles-metadata.js';

const require = createRequire(import.meta.url);

/**
 * Natural Earth 1:50m: 1:110m drops small islands and looks coarse at z5–6,
 * 1:10m is five times larger and takes GDAL's MVT writer far longer for no
 * visible gain at z6.
 */
export const COUNTRIES_TOPOJSON = require.resolve('world-atlas/countries-50m.json');
/** Part of the cache key: a new world-atlas release means new borders. */
export const WORLD_ATLAS_VERSION: string = (require('world-atlas/package.json') as { version: string }).version;

/** Natural Earth is public domain; this is the credit its terms of use ask for. */
export const COUNTRIES_ATTRIBUTION = 'Made with Natural Earth';

/**
 * Writes the world's countries as vector MBTiles (z0–6, one layer
 * `countries` with `name` and `iso_n3`, the ISO 3166-1 numeric code when
 * Natural Earth has one) to `outFile`.
 */
export async function buildCountries(outFile: string, workDir: string, log: (msg: string) => void): Promise<void> {
  // Debian's GDAL 3.6 reads world-atlas' quantized TopoJSON as empty
  // geometries, so decode it here and hand GDAL plain GeoJSON.
  const topology = require(COUNTRIES_TOPOJSON) as Parameters<typeof feature>[0];
  const collection = feature(topology, topology.objects.countries!);
  if (collection.type !== 'FeatureCollection') throw new Error(`${COUNTRIES_TOPOJSON}: 'countries' is not a collection`);
  const features = collection.features.map((f) => ({
    type: 'Feature' as const,
    properties: { name: String(f.properties?.name), ...(f.id !== undefined ? { iso_n3: String(f.id) } : {}) },
    geometry: f.geometry,
  }));
  const geojson = join(workDir, 'countries.geojson');
  await writeFile(geojson, JSON.stringify({ type: 'FeatureCollection', features }));

  log(`tilesets: countries: writing ${features.length} countries to MBTiles z0-6 with ogr2ogr (a few CPU-minutes)`);
  await runTool('ogr2ogr', [
    '-f', 'MVT', outFile, geojson,
    '-nln', 'countries',
    // One feature per polygon: a multipolygon spanning the antimeridian
    // (Russia, Fiji, USA) has a world-wide bbox, and GDAL clips every feature
    // against every tile its bbox touches; exploding halves the build time.
    '-explodecollections',
    '-dsco', 'FORMAT=MBTILES',
    '-dsco', 'MINZOOM=0',
    '-dsco', 'MAXZOOM=6',
    '-dsco', 'NAME=countries',
    '-dsco', 'DESCRIPTION=World countries (Natural Earth 1:50m)',
  ]);

  // GDAL 3.6's MVT writer stores tiles outside the valid range at low zooms
  // (e.g. 0/1/0 and 0/0/-1 beside 0/0/0), an artefact of its tile buffer.
  // Martin does not check x/y against z and would serve them; the BFF
  // validates coordinates, and we also drop the rows here so the file itself
  // is a valid MBTiles (tile_row is TMS, but the range is the same).
  const outOfRange =
    'DELETE FROM tiles WHERE tile_column < 0 OR tile_row < 0 ' +
    'OR tile_column >= (1 << zoom_level) OR tile_row >= (1 << zoom_level);';
  // GDAL also writes `scheme=tms`, which only describes MBTiles' internal row
  // order. Martin copies it into TileJSON, where it would tell clients to flip
  // y on Martin's (and the BFF's) XYZ URLs, so remove it.
  const noScheme = "DELETE FROM metadata WHERE name = 'scheme';";
  await setMbtilesMetadata(outFile, { attribution: COUNTRIES_ATTRIBUTION }, `${outOfRange}\n${noScheme}`);
}
