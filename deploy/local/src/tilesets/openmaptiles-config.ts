import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Where Debian's tilemaker package puts its OpenMapTiles config and Lua profile. */
export const TILEMAKER_EXAMPLES = '/usr/share/doc/tilemaker/examples';

interface TilemakerConfig {
  layers: Record<string, { source?: string; [k: string]: unknown }>;
  settings: Record<string, unknown> & { filemetadata?: Record<string, unknown> };
}

/**
 * Reads one of tilemaker's example files. Debian may ship docs gzipped, and
 * slim images often exclude /usr/share/doc altogether (dpkg path-exclude), so
 * say so instead of failing with a bare ENOENT.
 */
export async function readTilemakerExample(name: string): Promise<string> {
  const path = join(TILEMAKER_EXAMPLES, name);
  if (existsSync(path)) return readFile(path, 'utf8');
  if (existsSync(`${path}.gz`)) return gunzipSync(await readFile(`${path}.gz`)).toString('utf8');
  throw new Error(
    `${path} not found: it comes with the Debian package 'tilemaker'; reinstall it ` +
      `(and check that /usr/share/doc is not excluded in /etc/dpkg/dpkg.cfg.d)`,
  );
}

/**
 * Derives our tilemaker config from the packaged OpenMapTiles one.
 *
 * - Layers read from shapefiles (`ocean`, `urban_areas`, `ice_shelf`,
 *   `glacier`) are dropped when the file is not in `configDir`: tilemaker 2.2
 *   aborts on a missing shapefile. The Lua profile's `AreaIntersecting("ocean")`
 *   then finds nothing, which only affects bays.
 * - z10–14: the extract is ~1 km across; below z10 it is a few pixels, and 14
 *   is the OpenMapTiles base zoom (clients overzoom beyond it).
 * - The example's `filemetadata.tiles` points at example.com: removed.
 */
export async function openMapTilesConfig(configDir: string, meta: { name: string; description: string }): Promise<{ config: object; dropped: string[] }> {
  const packaged = JSON.parse(await readTilemakerExample('config-openmaptiles.json')) as TilemakerConfig;
  const dropped: string[] = [];
  const layers: TilemakerConfig['layers'] = {};
  for (const [id, layer] of Object.entries(packaged.layers)) {
    if (layer.source !== undefined && !existsSync(join(configDir, layer.source))) dropped.push(id);
    else layers[id] = layer;
  }
  const { tiles: _example, ...filemetadata } = packaged.settings.filemetadata ?? {};
  const settings = { ...packaged.settings, minzoom: 10, maxzoom: 14, name: meta.name, description: meta.description, filemetadata };
  return { config: { layers, settings }, dropped };
}
