/**
 * Result types of the BFF's GraphQL schema, as the SDK returns them.
 * They mirror `type Tileset`, `type Health` etc. one to one.
 */

/** Tile encoding of a tileset. MVT and MLT are vector formats; the rest are images. */
export type TileFormat = 'MVT' | 'PNG' | 'JPEG' | 'WEBP' | 'MLT';

/** Row order of the tile grid: XYZ counts rows from the north, TMS from the south. */
export type TileScheme = 'XYZ' | 'TMS';

/** One attribute of a vector layer. */
export interface VectorField {
  name: string;
  type: string | null;
}

/** One layer inside a vector tileset (TileJSON `vector_layers`). */
export interface VectorLayer {
  id: string;
  description: string | null;
  minzoom: number | null;
  maxzoom: number | null;
  fields: VectorField[];
}

/** A tileset from the catalog, with everything a layer needs to configure itself. */
export interface Tileset {
  id: string;
  name: string | null;
  description: string | null;
  attribution: string | null;
  format: TileFormat;
  minzoom: number;
  maxzoom: number;
  /** `[west, south, east, north]` in degrees, when the source knows it. */
  bounds: number[] | null;
  /** `[lon, lat, zoom]`, when the source knows it. */
  center: number[] | null;
  tileSize: number;
  scheme: TileScheme;
  vectorLayers: VectorLayer[];
  /** Tile URL template with `{z}`, `{x}`, `{y}`; carries the data version, never a key. */
  tileUrl: string;
  version: string;
  /** The raw TileJSON document; only filled by {@link MapClient.tileset}. */
  tilejson?: Record<string, unknown>;
}

/** State of one upstream (a Martin instance, Redis, ...). */
export interface UpstreamHealth {
  name: string;
  state: string;
  latencyMs: number | null;
}

/** The BFF's health report. */
export interface Health {
  status: string;
  version: string;
  upstreams: UpstreamHealth[];
}

/** Tile grid address. */
export interface TileCoords {
  z: number;
  x: number;
  y: number;
}

/** What {@link TileSource.fetchTile} resolves to: bytes, or `empty` for a 204. */
export type TileResponse =
  | { empty: true }
  | { empty: false; data: ArrayBuffer; contentType: string };
