import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TilesetFiles } from './tilesets/index.js';

export interface MartinConfigOptions {
  tilesets: TilesetFiles;
  /** `host:port` Martin binds to. */
  listen: string;
  /** Martin's own in-memory tile cache, in MB (0 turns it off). */
  cacheSizeMb?: number;
}

/**
 * Martin's configuration for our tilesets, with stable source ids (`countries`,
 * `helsinki`, `toner`) instead of file-name-derived ones, so URLs do not change
 * when a file is renamed. Martin reads YAML; JSON is valid YAML, so no YAML
 * library is needed.
 */
export function martinConfig(opts: MartinConfigOptions): Record<string, unknown> {
  return {
    listen_addresses: opts.listen,
    cache_size_mb: opts.cacheSizeMb ?? 64,
    // Martin puts each MBTiles' `version` (our pipeline's input hash) into the
    // TileJSON tile URL as `?v=…`; the BFF folds it into its data version.
    tilejson_url_version_param: 'v',
    mbtiles: { sources: { countries: opts.tilesets.countries, helsinki: opts.tilesets.helsinki } },
    pmtiles: { sources: { toner: opts.tilesets.toner } },
  };
}

/** Writes the config for one Martin instance and returns its path. */
export function writeMartinConfig(file: string, opts: MartinConfigOptions): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(martinConfig(opts), null, 2) + '\n');
  return file;
}
