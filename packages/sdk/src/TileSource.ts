import type { TileResponse } from './types.js';

/**
 * What a layer needs to get tiles, and nothing more: the renderer never sees
 * keys, tokens or headers (protomaps-leaflet's tile-source lesson).
 * {@link MapClient} implements it; tests and custom transports can too.
 */
export interface TileSource {
  /**
   * Fetches a tile. Resolves `{ empty: true }` for an empty tile, rejects with
   * an `AbortError` when `signal` aborts (cancellation, not a failure) and with
   * a `MapError` otherwise.
   */
  fetchTile(url: string, signal?: AbortSignal): Promise<TileResponse>;
}
