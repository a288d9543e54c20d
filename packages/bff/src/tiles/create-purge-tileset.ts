import type { ByteCache } from '../cache/types.js';
import { tilesetPrefix } from '../cache/tile-key.js';
import type { MetadataStore } from '../metadata/types.js';

/** Removes every cached tile of one tileset; resolves to the number of Redis keys removed. */
export type PurgeTileset = (id: string) => Promise<number>;

/**
 * The purge behind the operator mutation: every version and every encoding
 * variant of the tileset's tiles, in this process's L1 and in Redis (C12),
 * and its metadata, so a changed data version is picked up on the next
 * request. Other replicas' L1 copies of L2 entries age out within the
 * cache's promote TTL (60 s by default).
 *
 * A composite (`a,b`) is cached under its own id: purge it by that id too.
 */
export function createPurgeTileset(deps: { cache: ByteCache; metadata: MetadataStore }): PurgeTileset {
  return async (id) => {
    const [removed] = await Promise.all([deps.cache.deletePrefix(tilesetPrefix(id)), deps.metadata.invalidate(id)]);
    return removed;
  };
}
