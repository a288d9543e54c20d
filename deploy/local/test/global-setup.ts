import type { TestProject } from 'vitest/node';
import { ensureMartin } from '../src/ensure-martin.js';
import { cacheDir, dataDir } from '../src/paths.js';
import { buildTilesets, type TilesetFiles } from '../src/tilesets/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the cached Martin binary. */
    martinBin: string;
    /** Paths of the real tilesets, built from DATA_DIR (default ../shared/data). */
    tilesets: TilesetFiles;
  }
}

/**
 * Runs once per `vitest run`: builds Martin (cached outside the clone) and the
 * tilesets (cached by input hash), so each test file can start its own Martin,
 * Redis and BFF processes in milliseconds on free ports.
 */
export default async function setup(project: TestProject): Promise<void> {
  const martinBin = await ensureMartin((m) => console.log(m));
  const tilesets = await buildTilesets({ dataDir: dataDir(), cacheDir: cacheDir(), log: (m) => console.log(m) });
  project.provide('martinBin', martinBin);
  project.provide('tilesets', tilesets);
}
