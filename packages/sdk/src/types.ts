/**
 * Public types of the SDK. The GraphQL result types are derived from
 * `generated/operations.ts`, which GraphQL Code Generator writes from the BFF's
 * schema and the SDK's queries, so nullability and enums cannot drift from
 * the SDL; a stale file fails `pnpm check`. They are aliases, documented as
 * interfaces for typedoc (`@interface`, one `@property` per field, with the
 * schema's descriptions). Types only: nothing here reaches the bundles.
 */
import type { HealthQuery, TilesetFieldsFragment, TilesetQuery } from './generated/operations.js';

// The schema's enums, with the schema's descriptions.
export type { TileFormat, TileScheme } from './generated/operations.js';

// `Omit<X, never>` (and the intersections below) give a nested result type a
// name of its own, so docs and editor hovers show `VectorField[]` rather than
// the generated object literal.
type GeneratedVectorLayer = TilesetFieldsFragment['vectorLayers'][number];

/**
 * One attribute of a vector layer's features.
 * @property name Attribute name.
 * @property type Type as the source declares it (`String`, `Number`, `Boolean`), or its description; `null` when unknown.
 * @interface
 */
export type VectorField = Omit<GeneratedVectorLayer['fields'][number], never>;

/**
 * One layer inside a vector tileset (TileJSON `vector_layers`).
 * @property id Layer name inside the tiles (what {@link StyleRule.layer} matches).
 * @property description What the layer holds, or `null`.
 * @property minzoom Lowest zoom with this layer, or `null` when the source does not say.
 * @property maxzoom Highest zoom with this layer, or `null` when the source does not say.
 * @property fields Attributes of the layer's features.
 * @interface
 */
export type VectorLayer = Omit<GeneratedVectorLayer, 'fields'> & { fields: VectorField[] };

/**
 * A tileset from the catalog, with everything a layer needs to configure itself.
 * @property id Source id (composites: ids joined with `,`).
 * @property name Human-readable name from the source's metadata, or `null`.
 * @property description Description from the source's metadata, or `null`.
 * @property attribution Attribution to show on the map (may contain HTML links), or `null`.
 * @property format Tile encoding; picks the layer class.
 * @property minzoom Lowest zoom with tiles (0 when the source does not say).
 * @property maxzoom Highest zoom with tiles; layers overzoom beyond it.
 * @property bounds `[west, south, east, north]` in degrees, when the source knows it.
 * @property center `[lon, lat, zoom]`, when the source knows it (zoom may be absent).
 * @property tileSize Tile size in pixels (256 or 512 in practice).
 * @property scheme Row numbering of the source; `tileUrl` takes `{y}` in it.
 * @property vectorLayers Layers of a vector tileset (empty for images).
 * @property tileUrl Tile URL template with `{z}`, `{x}`, `{y}`; carries the data version, never a key.
 * @property version Data version: a short hash that changes when the tileset's metadata changes.
 * @property tilejson The raw TileJSON document; only filled by {@link MapClient.tileset}.
 * @interface
 */
export type Tileset = Omit<TilesetFieldsFragment, 'vectorLayers'> & {
  vectorLayers: VectorLayer[];
  tilejson?: NonNullable<TilesetQuery['tileset']>['tilejson'];
};

/**
 * State of one upstream (a Martin instance) as the BFF's circuit breaker sees it.
 * @property name `primary` or `backup`.
 * @property state Circuit state: `closed` (healthy), `open` (not tried) or `half-open` (probing).
 * @property latencyMs Latency of the last successful call in milliseconds, or `null` before one.
 * @interface
 */
export type UpstreamHealth = Omit<HealthQuery['health']['upstreams'][number], never>;

/**
 * The BFF's health report.
 * @property status `ok` (every upstream healthy), `degraded` (some unhealthy) or `down` (none healthy).
 * @property version Build version of the BFF.
 * @property upstreams Each Martin upstream.
 * @interface
 */
export type Health = Omit<HealthQuery['health'], 'upstreams'> & { upstreams: UpstreamHealth[] };

/** Tile grid address. */
export interface TileCoords {
  /** Zoom level. */
  z: number;
  /** Column, from the west (0 to 2^z − 1). */
  x: number;
  /** Row, from the north in XYZ or from the south in TMS (0 to 2^z − 1). */
  y: number;
}

/** What {@link TileSource.fetchTile} resolves to: bytes, or `empty` for a 204. */
export type TileResponse =
  | {
      /** `true`: an empty tile (HTTP 204 or an empty body); draw nothing and report no error (C01). */
      empty: true;
    }
  | {
      /** `false`: `data` holds the tile. */
      empty: false;
      /** The response body: an image, or MVT protobuf. */
      data: ArrayBuffer;
      /** The response's `Content-Type` (`application/octet-stream` when it has none). */
      contentType: string;
    };
