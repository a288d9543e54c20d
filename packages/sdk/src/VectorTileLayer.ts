import * as L from 'leaflet';
import { hitTest } from './hitTest.js';
import { MapError, isAbortError } from './MapError.js';
import { paintTile } from './paintTile.js';
import { decodeTile, prepareTile, type PaintItem, type TileFeature } from './prepareTile.js';
import { expandTileUrl, tileKey, tileZoomFor, toSourceCoords, type SourceGrid } from './tileGrid.js';
import { TileRequests } from './TileRequests.js';
import { resolveLayerOptions } from './resolveLayerOptions.js';
import { tilesetSourceGrid } from './tilesetOptions.js';
import type { TileSource } from './TileSource.js';
import type { Tileset } from './types.js';
import { defaultStyleFor, type VectorStyle } from './vectorStyle.js';

/** Options of {@link VectorTileLayer}: Leaflet's `GridLayerOptions` plus these. */
export interface VectorTileLayerOptions extends L.GridLayerOptions {
  /** Tileset metadata (format MVT). Sets tileSize, zoom range, bounds, attribution. Required. */
  tileset: Tileset;
  /** Where tiles come from, usually the {@link MapClient}; it holds the credentials. Required. */
  source: TileSource;
  /** Drawing rules. Default: {@link defaultStyleFor}(tileset). */
  style?: VectorStyle;
  /** Fire `featureclick` and `featurehover` for features under the pointer. Default: `true`. */
  interactive?: boolean;
  /** Extra pick distance around lines and points, in screen pixels. Default: `3`. */
  hitTolerance?: number;
}

/** Payload of `featureclick` and `featurehover`: the features under the pointer, topmost first. */
export interface FeatureEvent extends L.LeafletEvent {
  /** Where the pointer is. */
  latlng: L.LatLng;
  /** Features drawn under the pointer, topmost first; may be empty. */
  features: TileFeature[];
}

/**
 * Draws an MVT tileset on canvas tiles (decoded with `@mapbox/vector-tile`).
 * Past the source's `maxzoom` the last zoom's tiles are scaled up, never
 * requested (C10, C11); an empty tile (204) is a blank tile, not an error (C01).
 *
 * Events beyond Leaflet's: `featureclick`, `featurehover` ({@link FeatureEvent}),
 * `autherror {error}`.
 */
export class VectorTileLayer extends L.GridLayer {
  /** The tileset this layer shows. */
  readonly tileset: Tileset;
  /** The drawing rules in use; change with {@link setStyle}. */
  style: VectorStyle;
  private readonly source: TileSource;
  private readonly grid: SourceGrid;
  private readonly requests = new TileRequests();
  private readonly painted = new Map<string, PaintItem[]>();
  private readonly resolved: ReturnType<typeof resolveLayerOptions<VectorTileLayerOptions>>;
  private hovered: TileFeature | undefined;
  private map: L.Map | undefined;

  constructor(options: VectorTileLayerOptions) {
    const resolved = resolveLayerOptions('VectorTileLayer', options, true);
    if (options.tileset.format === 'MLT') throw new TypeError('VectorTileLayer: option tileset has format MLT, which this layer cannot decode');
    if (options.style !== undefined && !Array.isArray(options.style)) throw new TypeError('VectorTileLayer: option style must be an array of rules');
    super(resolved);
    this.resolved = resolved;
    this.tileset = options.tileset;
    this.source = options.source;
    this.grid = tilesetSourceGrid(options.tileset);
    this.style = options.style ?? defaultStyleFor(options.tileset);
    this.on('tileunload', (e: L.TileEvent) => {
      this.requests.cancel(e.coords);
      this.painted.delete(tileKey(e.coords));
    });
  }

  /** Replaces the style and redraws every tile. */
  setStyle(style: VectorStyle): this {
    this.style = style;
    return this.redraw();
  }

  /** Leaflet's extension point: a canvas for one tile, drawn once the source delivers the bytes. */
  override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const size = this.getTileSize();
    const ratio = globalThis.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    const source = toSourceCoords(coords, this.grid);
    if (!source) {
      setTimeout(() => done(undefined, canvas), 0); // Leaflet ignores a synchronous done
      return canvas;
    }
    const url = expandTileUrl(this.tileset.tileUrl, source, this.tileset.version);
    const signal = this.requests.start(coords);
    this.source.fetchTile(url, signal).then(
      (response) => {
        if (response.empty) return done(undefined, canvas); // C01: nothing to draw, no tileerror
        let items: PaintItem[];
        try {
          items = prepareTile(decodeTile(response.data), this.style, source.z, size.x);
        } catch (cause) {
          return done(new MapError('Tile is not a valid vector tile', { kind: 'transport', status: 200, code: 'BAD_TILE', url, cause }), canvas);
        }
        this.painted.set(tileKey(coords), items);
        const ctx = canvas.getContext('2d');
        if (ctx) {
          ctx.scale(ratio, ratio);
          paintTile(ctx, items, size.x);
        }
        done(undefined, canvas);
      },
      (error: unknown) => {
        if (isAbortError(error)) return; // cancellation: the tile left the view
        if (error instanceof MapError && error.isAuthError) this.fire('autherror', { error });
        done(error instanceof Error ? error : new Error(String(error)), canvas);
      },
    ).finally(() => this.requests.finish(coords, signal));
    return canvas;
  }

  /** Features drawn under `latlng` at the current zoom, topmost first (hit-tested in tile pixels). */
  queryFeatures(latlng: L.LatLngExpression): TileFeature[] {
    const map = this.map;
    if (!map) return [];
    const { minNativeZoom, maxNativeZoom } = this.resolved;
    const zoom = tileZoomFor(map.getZoom(), minNativeZoom, maxNativeZoom);
    const size = this.getTileSize();
    const p = map.project(latlng, zoom);
    const coords = { x: Math.floor(p.x / size.x), y: Math.floor(p.y / size.y), z: zoom };
    const items = this.painted.get(tileKey(coords));
    if (!items) return [];
    const scale = map.getZoomScale(map.getZoom(), zoom);
    const tolerance = (this.resolved.hitTolerance ?? 3) / scale;
    return hitTest(items, p.x - coords.x * size.x, p.y - coords.y * size.y, tolerance);
  }

  /** Adds the layer and, when `interactive`, listens to the map's clicks and pointer moves. */
  override onAdd(map: L.Map): this {
    super.onAdd(map);
    this.map = map;
    if (this.resolved.interactive !== false) map.on('click', this.onClick, this).on('mousemove', this.onMove, this);
    return this;
  }

  /** Removes the layer, its map listeners and its painted features. */
  override onRemove(map: L.Map): this {
    map.off('click', this.onClick, this).off('mousemove', this.onMove, this);
    this.map = undefined;
    this.hovered = undefined;
    this.painted.clear();
    return super.onRemove(map);
  }

  private onClick(e: L.LeafletMouseEvent): void {
    this.fire('featureclick', { latlng: e.latlng, features: this.queryFeatures(e.latlng), originalEvent: e.originalEvent });
  }

  private onMove(e: L.LeafletMouseEvent): void {
    const features = this.queryFeatures(e.latlng);
    if (features[0] === this.hovered) return;
    this.hovered = features[0];
    this.map?.getContainer().classList.toggle('org-map-feature-hover', features.length > 0);
    this.fire('featurehover', { latlng: e.latlng, features });
  }
}

/** Creates a {@link VectorTileLayer}. */
export function vectorTileLayer(options: VectorTileLayerOptions): VectorTileLayer {
  return new VectorTileLayer(options);
}
