import type { GridLayerOptions } from 'leaflet';
import { isVectorTileset, tilesetGridOptions, type TilesetGridOptions } from './tilesetOptions.js';
import type { Tileset } from './types.js';

/** The options every tileset layer takes besides Leaflet's own. */
export interface TilesetLayerBaseOptions {
  /** Tileset metadata from {@link MapClient.tileset} or {@link MapClient.tilesets}. Required. */
  tileset: Tileset;
  /** Where tiles come from, usually the {@link MapClient}. Required. */
  source: { fetchTile: (...args: never[]) => unknown };
}

/**
 * Checks a layer's options once, at construction (misuse throws a TypeError
 * naming the option), and merges them over the tileset's grid options. The
 * metadata wins for everything that decides which tiles exist: tile size,
 * zoom offset, native zooms (never past the source's `maxzoom`) and `noWrap`.
 */
export function resolveLayerOptions<O extends GridLayerOptions & TilesetLayerBaseOptions>(
  className: string,
  options: O,
  vector: boolean,
): Omit<O, 'tileset' | 'source'> & TilesetGridOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${className}: options must be an object`);
  const { tileset, source, ...rest } = options;
  if (typeof tileset !== 'object' || tileset === null || typeof tileset.tileUrl !== 'string') {
    throw new TypeError(`${className}: option tileset must be tileset metadata with a tileUrl, got ${String(tileset)}`);
  }
  if (typeof source?.fetchTile !== 'function') throw new TypeError(`${className}: option source must have a fetchTile(url, signal) method`);
  if (isVectorTileset(tileset) !== vector) {
    throw new TypeError(`${className}: option tileset "${tileset.id}" has format ${tileset.format}; use ${vector ? 'RasterTileLayer' : 'VectorTileLayer'}`);
  }
  if (!Number.isInteger(tileset.tileSize) || tileset.tileSize < 1) throw new TypeError(`${className}: option tileset has a bad tileSize ${String(tileset.tileSize)}`);
  if ((rest as GridLayerOptions & { detectRetina?: boolean }).detectRetina) {
    throw new TypeError(`${className}: option detectRetina is not supported; vector tiles draw at the device pixel ratio, raster tiles are fetched at the source size`);
  }
  const grid = tilesetGridOptions(tileset);
  return {
    maxZoom: 22,
    ...rest,
    ...grid,
    attribution: rest.attribution ?? grid.attribution,
    minZoom: Math.max(rest.minZoom ?? 0, grid.minZoom),
    maxNativeZoom: Math.min(rest.maxNativeZoom ?? Infinity, grid.maxNativeZoom),
  };
}
