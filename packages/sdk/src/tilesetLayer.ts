import type { GridLayerOptions } from 'leaflet';
import { RasterTileLayer } from './RasterTileLayer.js';
import { isVectorTileset } from './tilesetOptions.js';
import type { TileSource } from './TileSource.js';
import type { Tileset } from './types.js';
import { VectorTileLayer, type VectorTileLayerOptions } from './VectorTileLayer.js';

/** Either layer class. */
export type TilesetLayer = RasterTileLayer | VectorTileLayer;

/** Extra options for {@link tilesetLayer}; vector-only ones are ignored for raster tilesets. */
export type TilesetLayerOptions = GridLayerOptions & Pick<VectorTileLayerOptions, 'style' | 'interactive' | 'hitTolerance'>;

/** Creates the right layer for a tileset: {@link VectorTileLayer} for MVT, {@link RasterTileLayer} for images. */
export function tilesetLayer(tileset: Tileset, source: TileSource, options: TilesetLayerOptions = {}): TilesetLayer {
  if (isVectorTileset(tileset)) return new VectorTileLayer({ ...options, tileset, source });
  const { style: _style, interactive: _interactive, hitTolerance: _tolerance, ...rest } = options;
  return new RasterTileLayer({ ...rest, tileset, source });
}

/**
 * True for tilesets that make a whole map on their own (shown as base layers):
 * rasters and OpenMapTiles-schema vectors. Other vector tilesets, such as a
 * single `countries` polygon layer, suit overlays.
 */
export function isBasemapTileset(tileset: Tileset): boolean {
  if (!isVectorTileset(tileset)) return true;
  const ids = tileset.vectorLayers.map((l) => l.id);
  return ids.includes('transportation') || (ids.includes('water') && ids.includes('building'));
}
