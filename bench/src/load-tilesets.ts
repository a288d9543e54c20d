import { cacheDir, dataDir } from '../../deploy/local/src/paths.js';
import { buildTilesets, type TilesetFiles } from '../../deploy/local/src/tilesets/index.js';

/**
 * The real tilesets, from the same pipeline and build cache as `npm start`
 * (built once per machine, then reused), so the bench serves exactly the
 * files the stack serves.
 */
export function loadTilesets(log: (msg: string) => void): Promise<TilesetFiles> {
  return buildTilesets({ dataDir: dataDir(), cacheDir: cacheDir(), log });
}
