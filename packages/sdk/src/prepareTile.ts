import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { matchesFilter, type FilterValue, type StyleRule, type VectorStyle } from './vectorStyle.js';

/** A point in tile pixel space (0..tileSize). */
export interface PixelPoint {
  /** Pixels from the tile's left edge. */
  x: number;
  /** Pixels from the tile's top edge. */
  y: number;
}

/** A decoded feature, shared by every rule that draws it. */
export interface TileFeature {
  /** Source layer name. */
  layer: string;
  /** Feature id, when the tile has one. */
  id: number | undefined;
  /** Geometry kind. */
  type: 'Point' | 'LineString' | 'Polygon';
  /** The feature's attributes. */
  properties: Record<string, FilterValue>;
  /** Rings (polygons), parts (lines) or points, in tile pixels. */
  geometry: PixelPoint[][];
}

/** One feature drawn by one rule. */
export interface PaintItem {
  /** The style rule that draws the feature. */
  rule: StyleRule;
  /** The feature, in tile pixels. */
  feature: TileFeature;
}

const TYPES = [undefined, 'Point', 'LineString', 'Polygon'] as const;

/** Decodes MVT bytes. */
export function decodeTile(data: ArrayBuffer | Uint8Array): VectorTile {
  return new VectorTile(new PbfReader(data));
}

/**
 * Turns a decoded tile into paint items in style order, with geometry scaled
 * from tile extent to `size` pixels. Rules outside `zoom` or whose filter
 * fails are skipped; each feature is decoded once however many rules use it.
 */
export function prepareTile(tile: VectorTile, style: VectorStyle, zoom: number, size: number): PaintItem[] {
  const cache = new Map<string, TileFeature[]>();
  const items: PaintItem[] = [];
  for (const rule of style) {
    if (zoom < (rule.minzoom ?? 0) || zoom > (rule.maxzoom ?? Infinity)) continue;
    const features = featuresOf(tile, rule.layer, size, cache);
    for (const feature of features) {
      if (matchesFilter(rule, feature.properties)) items.push({ rule, feature });
    }
  }
  return items;
}

function featuresOf(tile: VectorTile, name: string, size: number, cache: Map<string, TileFeature[]>): TileFeature[] {
  let features = cache.get(name);
  if (features) return features;
  features = [];
  const layer = tile.layers[name];
  for (let i = 0; layer && i < layer.length; i++) {
    const f = layer.feature(i);
    const type = TYPES[f.type];
    if (!type) continue;
    const scale = size / f.extent;
    const geometry = f.loadGeometry().map((ring) => ring.map((p) => ({ x: p.x * scale, y: p.y * scale })));
    features.push({ layer: name, id: f.id, type, properties: f.properties, geometry });
  }
  cache.set(name, features);
  return features;
}
