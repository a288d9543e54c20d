import type { TileCoords, TileScheme } from './types.js';

/**
 * Pure tile-grid arithmetic shared by both layers. Keeping it free of Leaflet
 * lets the named cases (C08–C11) be tested in Node.
 */

/** How a layer's grid maps onto the source's grid. */
export interface SourceGrid {
  /** Lowest zoom the source has. */
  minzoom: number;
  /** Highest zoom the source has; nothing above it is ever requested. */
  maxzoom: number;
  /** Row order of the source. */
  scheme: TileScheme;
  /** Added to the layer's zoom to get the source zoom (-1 for 512 px tiles). */
  zoomOffset: number;
}

/** True when `x` and `y` address a real tile at zoom `z`: integers in `[0, 2^z)`. */
export function isTileInWorld({ z, x, y }: TileCoords): boolean {
  if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y) || z < 0) return false;
  const n = 2 ** z;
  return x >= 0 && x < n && y >= 0 && y < n;
}

/** Converts a row between XYZ and TMS order (the flip is its own inverse). */
export function flipY(z: number, y: number): number {
  return 2 ** z - 1 - y;
}

/** Zoom offset for a tile size: 256 px → 0, 512 px → -1, 1024 px → -2. */
export function zoomOffsetFor(tileSize: number): number {
  return -Math.round(Math.log2(tileSize / 256));
}

/**
 * The source tile to request for a layer tile, or `null` when there is none:
 * outside the world (C08), outside the source's zoom range (C10, C11) or not
 * an integer address. TMS sources get their row flipped (C09).
 */
export function toSourceCoords(coords: TileCoords, grid: SourceGrid): TileCoords | null {
  const z = coords.z + grid.zoomOffset;
  if (z < grid.minzoom || z > grid.maxzoom) return null;
  const source = { z, x: coords.x, y: coords.y };
  if (!isTileInWorld(source)) return null;
  if (grid.scheme === 'TMS') source.y = flipY(z, source.y);
  return source;
}

/**
 * Fills `{z}`, `{x}`, `{y}` (and `{-y}`, the TMS row) in a URL template. When
 * `version` is given and the template has no `v` parameter, `v=<version>` is
 * added so a changed tileset gets new URLs and caches do not serve old tiles.
 */
export function expandTileUrl(template: string, coords: TileCoords, version?: string): string {
  let url = template
    .replace(/\{z\}/g, String(coords.z))
    .replace(/\{x\}/g, String(coords.x))
    .replace(/\{-y\}/g, String(flipY(coords.z, coords.y)))
    .replace(/\{y\}/g, String(coords.y));
  if (version && !/[?&]v=/.test(url)) url += `${url.includes('?') ? '&' : '?'}v=${encodeURIComponent(version)}`;
  return url;
}

/**
 * The zoom whose tiles a layer shows at map zoom `mapZoom`, as Leaflet's
 * GridLayer chooses it: clamped to `[minNativeZoom, maxNativeZoom]`, so past
 * the source's last zoom the last zoom's tiles are scaled up (overzoom).
 */
export function tileZoomFor(mapZoom: number, minNativeZoom: number, maxNativeZoom: number): number {
  return Math.min(Math.max(Math.round(mapZoom), minNativeZoom), maxNativeZoom);
}

/** Key for a tile in per-tile bookkeeping; the same shape as Leaflet's `_tileCoordsToKey`. */
export function tileKey({ z, x, y }: TileCoords): string {
  return `${x}:${y}:${z}`;
}
