// Public API of @org/map-sdk. This file only re-exports.
export * from './client.js';
export { RasterTileLayer, rasterTileLayer } from './RasterTileLayer.js';
export type { RasterTileLayerOptions } from './RasterTileLayer.js';
export { VectorTileLayer, vectorTileLayer } from './VectorTileLayer.js';
export type { VectorTileLayerOptions, FeatureEvent } from './VectorTileLayer.js';
export { tilesetLayer, isBasemapTileset } from './tilesetLayer.js';
export type { TilesetLayer, TilesetLayerOptions } from './tilesetLayer.js';
export { createMap } from './createMap.js';
export type { CreateMapOptions, CreatedMap } from './createMap.js';
