import { zoomOffsetFor, type SourceGrid } from './tileGrid.js';
import type { Tileset } from './types.js';

/** Web Mercator's latitude limit; tiles end there. */
const MAX_LAT = 85.0511287798066;

/** Grid options a layer derives from tileset metadata. */
export interface TilesetGridOptions {
  /** Tile size in CSS pixels: 256, or 512 for 512 px sources. */
  tileSize: number;
  /** `-1` for 512 px tiles (one source zoom covers two map zooms), else `0`. */
  zoomOffset: number;
  /** Lowest map zoom the layer shows: the source's `minzoom`, shifted by `zoomOffset`. */
  minZoom: number;
  /** Lowest zoom tiles are requested at: the source's `minzoom`. */
  minNativeZoom: number;
  /** Highest zoom tiles are requested at (the source's `maxzoom`); beyond it tiles are scaled up. */
  maxNativeZoom: number;
  /** `[[south, west], [north, east]]`, a Leaflet `LatLngBoundsLiteral`. */
  bounds: [[number, number], [number, number]];
  /** Always `true`: tiles outside `[0, 2^z)` are never requested. */
  noWrap: true;
  /** The tileset's attribution, when it has one. */
  attribution?: string;
}

/**
 * Leaflet grid options for a tileset: tile size and zoom offset, the zoom
 * range (tiles past `maxzoom` are the last zoom's tiles scaled up, C10/C11),
 * bounds clipped to the Mercator world, and `noWrap`. Bounds are always set
 * because Leaflet's `noWrap` alone still asks for columns left and right of
 * the world on a wide screen (C08); tiles outside `bounds` are never created.
 */
export function tilesetGridOptions(tileset: Tileset): TilesetGridOptions {
  const zoomOffset = zoomOffsetFor(tileset.tileSize);
  const [west, south, east, north] = tileset.bounds?.length === 4 ? tileset.bounds : [-180, -90, 180, 90];
  const clampLat = (lat: number): number => Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const clampLng = (lng: number): number => Math.max(-180, Math.min(180, lng));
  return {
    tileSize: tileset.tileSize,
    zoomOffset,
    minZoom: tileset.minzoom === 0 ? 0 : tileset.minzoom - zoomOffset,
    minNativeZoom: tileset.minzoom - zoomOffset,
    maxNativeZoom: tileset.maxzoom - zoomOffset,
    bounds: [
      [clampLat(south!), clampLng(west!)],
      [clampLat(north!), clampLng(east!)],
    ],
    noWrap: true,
    ...(tileset.attribution ? { attribution: tileset.attribution } : {}),
  };
}

/** The {@link SourceGrid} matching {@link tilesetGridOptions}. */
export function tilesetSourceGrid(tileset: Tileset): SourceGrid {
  return { minzoom: tileset.minzoom, maxzoom: tileset.maxzoom, scheme: tileset.scheme, zoomOffset: zoomOffsetFor(tileset.tileSize) };
}

/** True for tilesets the vector layer draws (MVT). */
export function isVectorTileset(tileset: Tileset): boolean {
  return tileset.format === 'MVT' || tileset.format === 'MLT';
}
