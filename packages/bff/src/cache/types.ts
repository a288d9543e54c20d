/**
 * A two-tier byte cache: L1 in-process LRU bounded in bytes, L2 Redis when
 * configured. Used for tiles and for metadata JSON. Redis failures never
 * surface here: they degrade to L1-only and are counted.
 */
export interface ByteCache {
  get(key: string): Promise<Uint8Array | undefined>;
  /** Concurrent gets in one tick are batched (one Redis MGET). */
  getMany(keys: readonly string[]): Promise<Array<Uint8Array | undefined>>;
  /**
   * Reads the shared tier only (L2 when configured, else L1), skipping any L1
   * copy: for small values another replica may have just changed, such as a
   * purge epoch. Optional; callers fall back to `get`.
   */
  getShared?(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array, ttlSeconds: number): Promise<void>;
  /** Deletes every key starting with `prefix` in both tiers; resolves to the count removed from L2 (best effort). */
  deletePrefix(prefix: string): Promise<number>;
}
