import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders above deploy/local/src). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Where expensive builds live: outside the clone, so every clone, `npm start`,
 * `npm test` and CI on this machine reuse them. Set `ORG_MAP_CACHE` to move it.
 */
export function cacheDir(): string {
  return process.env.ORG_MAP_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'org-map');
}

/**
 * The folder with the real input data (`osm/`, `pmtiles/`). `DATA_DIR` wins;
 * otherwise `../shared/data` next to the clone, as on the team's machines and CI.
 */
export function dataDir(): string {
  const configured = process.env.DATA_DIR;
  const dir = configured ? resolve(configured) : resolve(repoRoot, '..', 'shared', 'data');
  if (!existsSync(join(dir, 'osm')) || !existsSync(join(dir, 'pmtiles'))) {
    throw new Error(
      `DATA_DIR: no osm/ and pmtiles/ folders in ${dir}. ` +
        'Point DATA_DIR at a folder holding osm/helsinki-centre.osm.pbf and pmtiles/stamen-toner-z0-3.pmtiles.',
    );
  }
  return dir;
}
