import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { RedisGuard, RedisHealth } from './create-redis-guard.js';
import type { ByteCache } from './types.js';

export interface ByteCacheOptions {
  /** L1 bound in bytes (keys and values counted). */
  memoryBytes: number;
  /** Larger values are kept out of L1 (they would evict hundreds of tiles). Default memoryBytes / 16. */
  maxEntryBytes?: number;
  /** L2. Absent → memory only. */
  redis?: RedisGuard;
  /**
   * With Redis, the longest an L1 copy lives, s. Short, because L2 holds the
   * real TTL and another replica's purge only reaches this L1 when it expires. Default 60.
   */
  promoteTtlSeconds?: number;
  log?: { warn(fields: object, msg: string): void };
}

export type CacheTier = 'l1' | 'l2';

export interface TieredByteCache extends ByteCache {
  /** Like `getMany`, and says which tier answered each key. */
  lookup(keys: readonly string[]): Promise<Array<{ value: Uint8Array; tier: CacheTier } | undefined>>;
  getShared(key: string): Promise<Uint8Array | undefined>;
  /**
   * L1 only, synchronously, and not counted: for a fast path that answers only
   * when L1 holds all it needs, and then reports the lookup with `countL1`.
   */
  peekL1(key: string): Uint8Array | undefined;
  /** Counts a lookup answered from `peekL1` values exactly as `lookup` would have. */
  countL1(hits: number, misses: number): void;
  /** Whether an L2 (Redis) sits behind L1: then an L1 miss is not a miss yet. */
  readonly hasL2: boolean;
  health(): { l1: { entries: number; bytes: number; maxBytes: number }; l2: RedisHealth | null };
  /** Hit and miss counters per tier since start (`memory` = L1, `redis` = L2). */
  stats(): CacheTierStats[];
}

export interface CacheTierStats {
  tier: 'memory' | 'redis';
  hits: number;
  misses: number;
  /** hits / (hits + misses); null before the first lookup. */
  hitRatio: number | null;
}

/** Largest MGET sent to Redis (one command blocks Redis while it runs). */
const MGET_MAX_KEYS = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * L1 (in-process LRU bounded in bytes) in front of L2 (Redis). Redis errors
 * never reach callers: a failed read is a miss, a failed write is skipped.
 * L2 reads from concurrent callers in one tick are merged by a long-lived
 * DataLoader into one MGET of their distinct keys (its memo is off: Redis,
 * not the loader, is the shared cache, and a memo would outlive purges).
 */
export function createByteCache(opts: ByteCacheOptions): TieredByteCache {
  const { redis, log } = opts;
  const maxEntry = opts.maxEntryBytes ?? Math.floor(opts.memoryBytes / 16);
  const promoteMs = (opts.promoteTtlSeconds ?? 60) * 1000;
  const l1 = new LRUCache<string, Uint8Array>({
    maxSize: opts.memoryBytes,
    maxEntrySize: maxEntry + 1024,
    sizeCalculation: (value, key) => value.byteLength + key.length * 2 + 64,
  });

  const counts = { memory: { hits: 0, misses: 0 }, redis: { hits: 0, misses: 0 } };
  // Concurrent tile requests ask for the same few keys: each distinct key is
  // read once per batch (the loader's memo is off, so duplicates reach here),
  // in MGETs of at most MGET_MAX_KEYS keys.
  const l2 = new DataLoader<string, Buffer | null>(
    async (keys) => {
      const unique = [...new Set(keys)];
      const values = new Map<string, Buffer | null>();
      await Promise.all(
        chunks(unique, MGET_MAX_KEYS).map(async (chunk) => {
          const found = await redis!.run((r) => r.mgetBuffer(...chunk)).catch(() => chunk.map(() => null));
          chunk.forEach((key, i) => values.set(key, found[i] ?? null));
        }),
      );
      return keys.map((key) => values.get(key) ?? null);
    },
    { cache: false },
  );

  async function lookup(keys: readonly string[]) {
    const found: Array<{ value: Uint8Array; tier: CacheTier } | undefined> = keys.map((k) => {
      const value = l1.get(k);
      return value ? { value, tier: 'l1' } : undefined;
    });
    const missing = keys.filter((_, i) => !found[i]);
    counts.memory.hits += keys.length - missing.length;
    counts.memory.misses += missing.length;
    if (!redis || missing.length === 0) return found;
    const fromL2 = await l2.loadMany(missing);
    let j = 0;
    for (let i = 0; i < keys.length; i++) {
      if (found[i]) continue;
      const value = fromL2[j++];
      if (value instanceof Buffer) {
        if (value.byteLength <= maxEntry) l1.set(keys[i]!, value, { ttl: promoteMs });
        found[i] = { value, tier: 'l2' };
        counts.redis.hits++;
      } else {
        counts.redis.misses++;
      }
    }
    return found;
  }

  async function deleteL2(prefix: string): Promise<number> {
    // SCAN, not KEYS: KEYS blocks Redis for every client while it walks the keyspace.
    const pattern = prefix.replace(/[*?[\]\\]/g, '\\$&') + '*';
    let cursor = '0';
    let removed = 0;
    do {
      const [next, batch] = await redis!.run((r) => r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      cursor = next;
      if (batch.length > 0) removed += await redis!.run((r) => r.unlink(...batch));
    } while (cursor !== '0');
    return removed;
  }

  return {
    lookup,
    hasL2: !!redis,
    peekL1: (key) => l1.get(key),
    countL1(hits, misses) {
      counts.memory.hits += hits;
      counts.memory.misses += misses;
    },
    async get(key) {
      return (await lookup([key]))[0]?.value;
    },
    async getMany(keys) {
      return (await lookup(keys)).map((f) => f?.value);
    },
    async getShared(key) {
      // Not promoted to L1 either: the caller keeps its own copy for as long as it trusts it.
      if (!redis) return l1.get(key);
      const value = await l2.load(key);
      return value ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      // With Redis, L1 is a short-lived copy of L2 (at most the promote TTL), so
      // a purge run on another replica reaches this one within that time.
      const l1Ttl = redis ? Math.min(ttlSeconds * 1000, promoteMs) : ttlSeconds * 1000;
      if (value.byteLength <= maxEntry) l1.set(key, value, { ttl: l1Ttl });
      if (!redis) return;
      const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      await redis.run((r) => r.set(key, buf, 'EX', Math.max(1, Math.ceil(ttlSeconds)))).catch(() => undefined);
    },
    async deletePrefix(prefix) {
      for (const key of [...l1.keys()]) if (key.startsWith(prefix)) l1.delete(key);
      if (!redis) return 0;
      try {
        return await deleteL2(prefix);
      } catch (err) {
        log?.warn({ prefix, err: String(err) }, 'cache: could not delete from Redis; entries expire with their TTL');
        return 0;
      }
    },
    health: () => ({
      l1: { entries: l1.size, bytes: l1.calculatedSize, maxBytes: opts.memoryBytes },
      l2: redis ? redis.health() : null,
    }),
    stats: () =>
      (redis ? (['memory', 'redis'] as const) : (['memory'] as const)).map((tier) => {
        const { hits, misses } = counts[tier];
        return { tier, hits, misses, hitRatio: hits + misses === 0 ? null : hits / (hits + misses) };
      }),
  };
}
