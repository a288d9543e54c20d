import * as L from 'leaflet';
import { MapError, isAbortError } from './MapError.js';
import { expandTileUrl, toSourceCoords, type SourceGrid } from './tileGrid.js';
import { TileRequests } from './TileRequests.js';
import { resolveLayerOptions } from './resolveLayerOptions.js';
import { tilesetSourceGrid } from './tilesetOptions.js';
import type { TileSource } from './TileSource.js';
import type { Tileset } from './types.js';

/** Options of {@link RasterTileLayer}: Leaflet's `TileLayerOptions` plus these. */
export interface RasterTileLayerOptions extends L.TileLayerOptions {
  /** Tileset metadata (format PNG, JPEG or WEBP). Sets tileSize, zoom range, bounds, attribution. Required. */
  tileset: Tileset;
  /** Where tiles come from, usually the {@link MapClient}; it holds the credentials. Required. */
  source: TileSource;
}

/**
 * An image tile layer for a raster tileset. Tiles are fetched by the source
 * (so credentials stay with the source, never in the DOM) and shown through blob URLs that
 * are revoked once the image is decoded or the tile goes away. There is no
 * plain-`<img>` mode: an `<img>` cannot tell an empty 204 tile from a broken
 * one, so every tile goes through the source (a `keyInUrl` client puts the key
 * in the fetched URL instead of a header).
 *
 * Events beyond Leaflet's: `autherror {error}` when the server rejects the
 * credentials. Tiles leaving the view are cancelled, which fires nothing.
 */
export class RasterTileLayer extends L.TileLayer {
  /** The tileset this layer shows. */
  readonly tileset: Tileset;
  private readonly source: TileSource;
  private readonly grid: SourceGrid;
  private readonly requests = new TileRequests();

  constructor(options: RasterTileLayerOptions) {
    const resolved = resolveLayerOptions('RasterTileLayer', options, false);
    super('', resolved);
    this.tileset = options.tileset;
    this.source = options.source;
    this.grid = tilesetSourceGrid(options.tileset);
    const cancel = (e: L.TileEvent): void => this.requests.cancel(e.coords);
    this.on({ tileunload: cancel, tileabort: cancel } as L.LeafletEventHandlerFnMap);
  }

  /** The URL of a tile, or `''` when the layer must not request it (outside the world or the source's zooms). */
  override getTileUrl(coords: L.Coords): string {
    const source = toSourceCoords(coords, this.grid);
    if (!source) return '';
    return expandTileUrl(this.tileset.tileUrl, source, this.tileset.version);
  }

  /** Leaflet's extension point: an `<img>` for one tile, filled once the source delivers the bytes. */
  override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    const url = this.getTileUrl(coords);
    const tile = document.createElement('img');
    tile.alt = '';
    tile.setAttribute('role', 'presentation');
    // Leaflet ignores a `done` called before createTile returns, so settle on a later turn.
    if (!url) return settleLater(done, tile);
    const signal = this.requests.start(coords);
    this.source.fetchTile(url, signal).then(
      (response) => {
        if (response.empty) return done(undefined, tile); // C01: draw nothing, no tileerror
        const objectUrl = URL.createObjectURL(new Blob([response.data], { type: response.contentType }));
        this.requests.holdObjectUrl(coords, objectUrl);
        tile.onload = () => {
          this.requests.releaseObjectUrl(coords);
          done(undefined, tile);
        };
        tile.onerror = () => {
          this.requests.releaseObjectUrl(coords);
          done(new MapError('Tile image could not be decoded', { kind: 'transport', status: 200, code: 'BAD_TILE', url }), tile);
        };
        tile.src = objectUrl;
      },
      (error: unknown) => {
        if (isAbortError(error)) return; // cancellation: the tile is gone, nothing to report
        if (error instanceof MapError && error.isAuthError) this.fire('autherror', { error });
        done(error instanceof Error ? error : new Error(String(error)), tile);
      },
    ).finally(() => this.requests.finish(coords, signal));
    return tile;
  }
}

function settleLater(done: L.DoneCallback, tile: HTMLElement): HTMLElement {
  setTimeout(() => done(undefined, tile), 0);
  return tile;
}

/** Creates a {@link RasterTileLayer}. */
export function rasterTileLayer(options: RasterTileLayerOptions): RasterTileLayer {
  return new RasterTileLayer(options);
}
