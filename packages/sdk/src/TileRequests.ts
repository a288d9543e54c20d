import { tileKey } from './tileGrid.js';
import type { TileCoords } from './types.js';

/**
 * Per-tile bookkeeping for a layer: one AbortController and at most one blob
 * URL per tile, keyed by coordinates. A layer cancels a tile from Leaflet's
 * public `tileunload`/`tileabort` events, so a tile that leaves the view stops
 * downloading without touching Leaflet's private loading code.
 */
export class TileRequests {
  private readonly controllers = new Map<string, AbortController>();
  private readonly objectUrls = new Map<string, string>();

  /** Starts a request for a tile (cancelling an older one for the same tile) and returns its signal. */
  start(coords: TileCoords): AbortSignal {
    this.cancel(coords);
    const controller = new AbortController();
    this.controllers.set(tileKey(coords), controller);
    return controller.signal;
  }

  /** Forgets a finished request; a newer request for the same tile is left alone. */
  finish(coords: TileCoords, signal: AbortSignal): void {
    const key = tileKey(coords);
    if (this.controllers.get(key)?.signal === signal) this.controllers.delete(key);
  }

  /** Remembers a blob URL so it is revoked when the tile goes, even if the image never loads. */
  holdObjectUrl(coords: TileCoords, url: string): void {
    this.releaseObjectUrl(coords);
    this.objectUrls.set(tileKey(coords), url);
  }

  /** Revokes the tile's blob URL, if any. */
  releaseObjectUrl(coords: TileCoords): void {
    const key = tileKey(coords);
    const url = this.objectUrls.get(key);
    if (url === undefined) return;
    this.objectUrls.delete(key);
    URL.revokeObjectURL(url);
  }

  /** Aborts the tile's request and revokes its blob URL. */
  cancel(coords: TileCoords): void {
    const key = tileKey(coords);
    this.controllers.get(key)?.abort();
    this.controllers.delete(key);
    this.releaseObjectUrl(coords);
  }

  /** Number of requests in flight. */
  get size(): number {
    return this.controllers.size;
  }
}
