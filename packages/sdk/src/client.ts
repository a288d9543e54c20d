// The Leaflet-free part of @org/map-sdk (`@org/map-sdk/client`): the metadata
// and tile client, its error type and the pure tile-grid helpers. Safe to
// import in Node, workers and tests. This file only re-exports.
export { MapClient, createMapClient } from './MapClient.js';
export type { MapClientOptions, RequestOptions } from './MapClient.js';
export { MapError, isAbortError } from './MapError.js';
export type { GraphQLErrorEntry, MapErrorKind, MapErrorOptions } from './MapError.js';
export type { TokenProvider } from './Credentials.js';
export type { TileSource } from './TileSource.js';
export { RequestQueue } from './RequestQueue.js';
export { backoffDelay } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { expandTileUrl, flipY, isTileInWorld, tileKey, tileZoomFor, toSourceCoords, zoomOffsetFor } from './tileGrid.js';
export type { SourceGrid } from './tileGrid.js';
export { tilesetGridOptions, tilesetSourceGrid, isVectorTileset } from './tilesetOptions.js';
export type { TilesetGridOptions } from './tilesetOptions.js';
export { defaultStyleFor, openMapTilesStyle, matchesFilter } from './vectorStyle.js';
export type { StyleRule, VectorStyle, FilterValue } from './vectorStyle.js';
export { decodeTile, prepareTile } from './prepareTile.js';
export type { TileFeature, PaintItem, PixelPoint } from './prepareTile.js';
export { paintTile } from './paintTile.js';
export type { PaintContext } from './paintTile.js';
export { hitTest } from './hitTest.js';
export type { Health, TileCoords, TileFormat, TileResponse, TileScheme, Tileset, UpstreamHealth, VectorField, VectorLayer } from './types.js';
