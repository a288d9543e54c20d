import type { Tileset } from './types.js';

/** A property value a filter can match. */
export type FilterValue = string | number | boolean;

/**
 * One drawing rule for the features of one source layer, painted in array
 * order. Polygons use `fill` and `line` (outline), lines use `line`, points
 * use `circle`; points and lines may get a `label`.
 */
export interface StyleRule {
  /** Source layer the rule applies to, e.g. `transportation`. */
  layer: string;
  /** Every key must equal the feature's property; an array matches any of its values. Default: all features. */
  filter?: Record<string, FilterValue | FilterValue[]>;
  /** Lowest source zoom the rule draws at. Default: `0`. */
  minzoom?: number;
  /** Highest source zoom the rule draws at. Default: `Infinity`. */
  maxzoom?: number;
  /** Polygon fill colour (CSS). Default: none. */
  fill?: string;
  /** Line or polygon outline colour (CSS). Default: none. */
  line?: string;
  /** Line width in CSS pixels. Default: `1`. */
  lineWidth?: number;
  /** Point colour (CSS). Default: none. */
  circle?: string;
  /** Point radius in CSS pixels. Default: `3`. */
  radius?: number;
  /** Name of the property drawn as a label. Default: none. */
  label?: string;
  /** Label colour (CSS). Default: `#333`. */
  labelColor?: string;
  /** Label font (CSS shorthand). Default: `11px sans-serif`. */
  font?: string;
  /** Legend entry for this rule. Default: none (not in the legend). */
  title?: string;
}

/** An ordered list of rules. */
export type VectorStyle = StyleRule[];

const roads = (classes: string[], line: string, lineWidth: number, title?: string): StyleRule => ({
  layer: 'transportation', filter: { class: classes }, line, lineWidth, ...(title ? { title } : {}),
});

/** A light basemap look for the OpenMapTiles schema (water, landuse, park, building, transportation, place, poi, ...). */
export const openMapTilesStyle: VectorStyle = [
  { layer: 'landcover', fill: '#dfeccd' },
  { layer: 'landuse', fill: '#efebe3', title: 'Land use' },
  { layer: 'park', fill: '#c8e6b0', title: 'Park' },
  { layer: 'water', fill: '#9fcbee', title: 'Water' },
  { layer: 'waterway', line: '#9fcbee', lineWidth: 1.5 },
  { layer: 'building', fill: '#dcd3cb', line: '#c6b9ad', lineWidth: 0.5, title: 'Building' },
  roads(['path', 'track'], '#a58a6a', 0.8, 'Path'),
  roads(['rail', 'transit'], '#8c8c8c', 1, 'Railway'),
  roads(['minor', 'service', 'street', 'raceway'], '#ffffff', 2, 'Street'),
  roads(['secondary', 'tertiary'], '#f6d77e', 3, 'Secondary road'),
  roads(['motorway', 'trunk', 'primary'], '#f0a35e', 4, 'Main road'),
  { layer: 'aeroway', line: '#b9b2d9', lineWidth: 2 },
  { layer: 'boundary', line: '#9e7fa8', lineWidth: 1 },
  { layer: 'poi', circle: '#c46a58', radius: 2.5, title: 'Point of interest' },
  { layer: 'transportation_name', label: 'name', labelColor: '#555', font: '10px sans-serif' },
  { layer: 'water_name', label: 'name', labelColor: '#2f6d9e', font: 'italic 11px sans-serif' },
  { layer: 'place', label: 'name', labelColor: '#222', font: 'bold 12px sans-serif', title: 'Place name' },
];

const PALETTE = ['#3b7dd8', '#d8643b', '#3ba55c', '#a53bd8', '#d8b43b', '#3bc1d8'];

/**
 * The style a vector layer uses when none is given: {@link openMapTilesStyle}
 * for OpenMapTiles data, otherwise one outlined, lightly filled colour per
 * source layer (fits plain polygon layers such as `countries`), labelled by
 * `name` when the layer has that field.
 */
export function defaultStyleFor(tileset: Pick<Tileset, 'vectorLayers'>): VectorStyle {
  const ids = tileset.vectorLayers.map((l) => l.id);
  if (ids.includes('transportation') || (ids.includes('water') && ids.includes('building'))) return openMapTilesStyle;
  return tileset.vectorLayers.map((layer, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const named = layer.fields.some((f) => f.name === 'name');
    return {
      layer: layer.id, fill: `${colour}26`, line: colour, lineWidth: 1, circle: colour, title: layer.id,
      ...(named ? { label: 'name' } : {}),
    };
  });
}

/** True when `properties` pass the rule's filter. */
export function matchesFilter(rule: StyleRule, properties: Record<string, FilterValue>): boolean {
  if (!rule.filter) return true;
  return Object.entries(rule.filter).every(([key, expected]) => {
    const actual = properties[key];
    return Array.isArray(expected) ? expected.includes(actual as FilterValue) : actual === expected;
  });
}
