import type { ByteCache } from '../cache/types.js';
import { tilesetPrefix } from '../cache/tile-key.js';
import type { MetadataStore } from '../metadata/types.js';

/** Removes every cached tile of one tileset; resolves to the number of Redis keys removed. */
export type PurgeTileset = (id: string) => Promise<number>;

/**
 * The purge behind the operator mutation: every version and every encoding
 * variant of the tileset's tiles, in this process's L1 and in Redis (C12),
 * and its metadata, so a changed data version is picked up on the next
 * request. It also records a purge epoch, which gives the tileset (and every
 * composite holding it) a new data version here at once and on other
 * replicas when their metadata expires (`METADATA_TTL_SECONDS`). Other
 * replicas' L1 copies of L2 entries age out within the cache's promote TTL
 * (60 s by default), and are not read anyway under the new version.
 *
 * A composite (`a,b`) is cached under its own id: purging a part gives the
 * composite a new version (so new keys), and purging the composite's own id
 * also deletes its old entries at once.
 */
export function createPurgeTileset(deps: { cache: ByteCache; metadata: MetadataStore }): PurgeTileset {
  return async (id) => {
    // First a new purge epoch: it changes the data version (and so tile keys and
    // published `?v=` URLs, which browsers keep as immutable) even when Martin's
    // metadata is unchanged.
    await deps.metadata.markPurged(id);
    const [removed] = await Promise.all([deps.cache.deletePrefix(tilesetPrefix(id)), deps.metadata.invalidate(id)]);
    return removed;
  };
}
