import type { Encoding } from '../tiles/codec.js';

/**
 * Tile cache keys (L1 and L2 share them):
 *
 *   tile:{source}:{version}:{z}/{x}/{y}:{encoding}
 *
 * - `source`: the tileset id as in the URL (`countries`, or a composite `a,b`).
 * - `version`: the data version from the metadata store (SourceMeta.version).
 *   A changed tileset gets new keys, so stale tiles are never read again and
 *   simply expire.
 * - `encoding`: the normalised coding of the stored bytes, one of `identity`,
 *   `gzip`, `br` — never the client's raw Accept-Encoding (C05). One tile has
 *   up to three variants; an empty tile (204) is stored once, as `identity`.
 *
 * Lease keys for the fleet-wide single flight are the tile key without the
 * encoding, under `lease:`. Purging a tileset deletes the prefix
 * `tile:{source}:`, i.e. every version and every encoding.
 */
export function tileKey(source: string, version: string, z: number, x: number, y: number, encoding: Encoding): string {
  return `${tilePrefix(source, version, z, x, y)}:${encoding}`;
}

/** The key of a tile without its encoding: identifies one coalesced fetch. */
export function tilePrefix(source: string, version: string, z: number, x: number, y: number): string {
  return `tile:${source}:${version}:${z}/${x}/${y}`;
}

/** Prefix of every cached tile of one tileset, every version and encoding. */
export function tilesetPrefix(source: string): string {
  return `tile:${source}:`;
}

export function leaseKey(source: string, version: string, z: number, x: number, y: number): string {
  return `lease:${tilePrefix(source, version, z, x, y)}`;
}
