/** A tile request: source id and XYZ coordinates (Google/OSM scheme, y down). */
export interface Tile {
  source: string;
  z: number;
  x: number;
  y: number;
}

const TILE_PX = 256;

/** Web Mercator world pixel of a lon/lat at a (fractional) zoom. */
export function lonLatToPixel(lon: number, lat: number, zoom: number): [number, number] {
  const size = TILE_PX * 2 ** zoom;
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  const x = ((lon + 180) / 360) * size;
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
  return [x, y];
}

export function pixelToLonLat(px: number, py: number, zoom: number): [number, number] {
  const size = TILE_PX * 2 ** zoom;
  const lon = (px / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * py) / size;
  const lat = (180 / Math.PI) * Math.atan(Math.sinh(n));
  return [lon, lat];
}

/** What a map shows: centre, integer zoom (Leaflet's default zoomSnap) and screen size. */
export interface View {
  lon: number;
  lat: number;
  zoom: number;
  width: number;
  height: number;
}

/** A layer as a client sees it: a source with its native zoom range. */
export interface LayerSpec {
  source: string;
  minNativeZoom: number;
  maxNativeZoom: number;
}

/**
 * The tiles a Leaflet GridLayer requests for a view: zooms above the source's
 * range are drawn by scaling tiles of its max zoom (`maxNativeZoom`), below it
 * the layer shows nothing; x wraps around the antimeridian, y is clipped; the
 * order is nearest-to-centre first, as Leaflet loads them.
 */
export function visibleTiles(view: View, layer: LayerSpec): Tile[] {
  if (view.zoom < layer.minNativeZoom) return [];
  const tz = Math.min(view.zoom, layer.maxNativeZoom);
  const tileSize = TILE_PX * 2 ** (view.zoom - tz);
  const [cx, cy] = lonLatToPixel(view.lon, view.lat, view.zoom);
  const minX = Math.floor((cx - view.width / 2) / tileSize);
  const maxX = Math.floor((cx + view.width / 2 - 1) / tileSize);
  const n = 2 ** tz;
  const minY = Math.max(0, Math.floor((cy - view.height / 2) / tileSize));
  const maxY = Math.min(n - 1, Math.floor((cy + view.height / 2 - 1) / tileSize));
  const centreX = cx / tileSize - 0.5;
  const centreY = cy / tileSize - 0.5;
  const found = new Map<string, { tile: Tile; d: number }>();
  for (let ty = minY; ty <= maxY; ty++) {
    for (let tx = minX; tx <= maxX; tx++) {
      const x = ((tx % n) + n) % n;
      const key = `${x}/${ty}`;
      const d = (tx - centreX) ** 2 + (ty - centreY) ** 2;
      const seen = found.get(key);
      if (!seen || d < seen.d) found.set(key, { tile: { source: layer.source, z: tz, x, y: ty }, d });
    }
  }
  return [...found.values()].sort((a, b) => a.d - b.d).map((e) => e.tile);
}

export function tileKey(t: Tile): string {
  return `${t.source}/${t.z}/${t.x}/${t.y}`;
}
