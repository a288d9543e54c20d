import { LRUCache } from 'lru-cache';
import type { ByteCache } from '../cache/types.js';
import type { MartinCatalog, MartinClient, TileJson } from '../upstream/types.js';
import { CATALOG_KEY, EPOCH_TTL_SECONDS, META_PREFIX, epochKey, sourcePrefix, tileJsonKey } from './metadata-keys.js';
import { UpstreamNotFoundError } from '../upstream/create-martin-client.js';
import { detectFormat, toSourceMeta } from './source-meta.js';
import { stableJson } from './stable-json.js';
import type { MetadataStore, SourceMeta } from './types.js';
import { abortable } from './abortable.js';

/** Structured logger; pino's `Logger` fits. */
export interface MetadataLogger {
  warn(fields: object, msg: string): void;
}

export interface MetadataStoreOptions {
  /** The failover Martin client (injected; made once at the entry point). */
  martin: MartinClient;
  /** Shared tier for catalog and TileJSON JSON. Absent → memory only. */
  cache?: ByteCache;
  /** How long catalog and TileJSON are trusted before Martin is asked again. Required, > 0. */
  ttlSeconds: number;
  /** How long past the TTL a stale value may answer while Martin fails. Default 600; 0 turns it off. */
  staleIfErrorSeconds?: number;
  /** Bound on remembered TileJSON documents (composites are caller-chosen). Default 1000. */
  maxEntries?: number;
  /**
   * Attribution by source id, for sources whose own metadata has none (the
   * Stamen PMTiles carries no metadata at all). Licences oblige us to show it,
   * so it reaches TileJSON and the map like any other attribution.
   */
  attribution?: Readonly<Record<string, string>>;
  log?: MetadataLogger;
  /** Clock in ms, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry<T> { at: number; value: T }

/**
 * The SourceMeta last computed for one id, with the inputs it came from: the
 * catalog and TileJSON objects, and the purge-epoch entries (identity, not
 * value, so `peek` can tell in O(parts) that none of them was replaced).
 */
interface Memo {
  tileJson: TileJson;
  tileJsonKey: string;
  catalog: MartinCatalog;
  purges: string;
  epochs: Array<Entry<number> | undefined>;
  names: string[];
  meta: SourceMeta | null;
}

/** Formats are told from catalog entries alone before any TileJSON is fetched. */
const EMPTY_TILEJSON: TileJson = { tilejson: '3.0.0', tiles: [] };

/**
 * The long-lived metadata view over Martin. Memory first, then the shared
 * ByteCache, then Martin; concurrent misses of one key share one upstream
 * call; failures are never stored (a stale value may answer instead, see
 * `staleIfErrorSeconds`). A refreshed catalog whose entry for a source
 * changed drops that source's TileJSON, so its version is recomputed at once.
 *
 * `source('a,b')` describes the composite Martin serves at `/a,b`: each part
 * must be in the catalog, and the order is kept (it is the layer order).
 */
export function createMetadataStore(opts: MetadataStoreOptions): MetadataStore {
  const { martin, cache, log } = opts;
  if (!(typeof opts.ttlSeconds === 'number' && opts.ttlSeconds > 0)) {
    throw new TypeError(`createMetadataStore: ttlSeconds must be a number > 0, got ${String(opts.ttlSeconds)}`);
  }
  const ttlMs = opts.ttlSeconds * 1000;
  const staleMs = (opts.staleIfErrorSeconds ?? 600) * 1000;
  const now = opts.now ?? Date.now;
  const memory = new LRUCache<string, Entry<unknown>>({ max: opts.maxEntries ?? 1000 });
  const metas = new LRUCache<string, Memo>({ max: opts.maxEntries ?? 1000 });
  // Purge epochs: read from the shared tier at most once per TTL per id ("never purged" too);
  // `own` keeps the ones this process recorded, so they survive Redis being down.
  const epochs = new LRUCache<string, Entry<number>>({ max: opts.maxEntries ?? 1000 });
  const own = new Map<string, number>();
  const inflight = new Map<string, Promise<Entry<unknown>>>();
  let lastCatalog: MartinCatalog | undefined;

  const fresh = (e: Entry<unknown> | undefined): boolean => !!e && now() - e.at < ttlMs;

  async function readShared(key: string): Promise<Entry<unknown> | undefined> {
    const bytes = await cache?.get(key).catch(() => undefined);
    if (!bytes) return undefined;
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Entry<unknown>;
      return typeof parsed?.at === 'number' && parsed.value && typeof parsed.value === 'object' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async function writeShared(key: string, entry: Entry<unknown>): Promise<void> {
    const remaining = Math.ceil((entry.at + ttlMs - now()) / 1000);
    if (cache && remaining > 0) await cache.set(key, new TextEncoder().encode(JSON.stringify(entry)), remaining).catch(() => {});
  }

  /** Memory → shared cache → Martin, one upstream call per key at a time. */
  function load<T>(key: string, fetcher: () => Promise<T>): Promise<Entry<T>> {
    const mem = memory.get(key);
    if (fresh(mem)) return Promise.resolve(mem as Entry<T>);
    let pending = inflight.get(key);
    if (!pending) {
      pending = (async () => {
        const shared = await readShared(key);
        if (shared && fresh(shared)) return remember(key, shared);
        try {
          const entry = { at: now(), value: await fetcher() };
          await remember(key, entry);
          await writeShared(key, entry);
          return entry;
        } catch (err) {
          const stale = [mem, shared].find((e) => e && now() - e.at < ttlMs + staleMs);
          if (!stale) throw err;
          log?.warn({ key, err: String(err) }, 'metadata: Martin failed, answering with a stale value');
          return stale;
        }
      })().finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending as Promise<Entry<T>>;
  }

  async function remember(key: string, entry: Entry<unknown>): Promise<Entry<unknown>> {
    memory.set(key, entry);
    if (key === CATALOG_KEY) await noticeCatalog(entry.value as MartinCatalog);
    return entry;
  }

  /** Drops TileJSON (both tiers) of every source whose catalog entry changed or vanished. */
  async function noticeCatalog(next: MartinCatalog): Promise<void> {
    const prev = lastCatalog;
    lastCatalog = next;
    if (!prev || prev === next) return;
    const changed = Object.keys(prev.tiles).filter((id) => stableJson(prev.tiles[id]) !== stableJson(next.tiles[id]));
    const keys = changed.flatMap((id) => [sourcePrefix(id), ...forget(id)]);
    await Promise.all(keys.map((k) => cache?.deletePrefix(k).catch(() => 0)));
  }

  /** Forgets one source and every composite holding it, in memory. */
  function forget(id: string): string[] {
    const keys = [...memory.keys()].filter((k) => k.startsWith(`${META_PREFIX}source:`) && k.slice(`${META_PREFIX}source:`.length).split(':')[0]!.split(',').includes(id));
    for (const k of keys) memory.delete(k);
    for (const k of [...metas.keys()]) if (k.split(',').includes(id)) metas.delete(k);
    return keys;
  }

  /** The purge epoch of one source id, 0 when it was never purged. */
  async function epochOf(id: string): Promise<number> {
    const mem = epochs.get(id);
    if (fresh(mem)) return mem!.value;
    // Past any L1 copy: another replica may have purged since this one last looked.
    const bytes = await (cache?.getShared ?? cache?.get)?.call(cache, epochKey(id)).catch(() => undefined);
    const shared = bytes ? Number(new TextDecoder().decode(bytes)) : 0;
    const value = Math.max(Number.isSafeInteger(shared) && shared > 0 ? shared : 0, own.get(id) ?? 0);
    epochs.set(id, { at: now(), value });
    return value;
  }

  /** Non-zero purge epochs of a source, or of a composite and each of its parts. */
  async function purgesOf(id: string, ids: readonly string[]): Promise<Record<string, number>> {
    const names = [...new Set([id, ...ids])];
    const values = await Promise.all(names.map(epochOf));
    return Object.fromEntries(names.map((n, i) => [n, values[i]!]).filter(([, v]) => v !== 0));
  }

  async function catalog(signal?: AbortSignal): Promise<MartinCatalog> {
    const entry = await abortable(load(CATALOG_KEY, () => martin.catalog()), signal);
    return entry.value;
  }

  return {
    async sourceIds(signal) {
      return Object.keys((await catalog(signal)).tiles).sort();
    },

    async source(id, signal) {
      const ids = id.split(',');
      if (ids.some((i) => i === '')) return null;
      const cat = await catalog(signal);
      const entries = ids.map((i) => cat.tiles[i]);
      if (!entries.every((e) => e !== undefined)) return null;
      // Martin cannot merge sources of different formats (it answers 404 "Cannot merge sources"): no such tileset.
      if (new Set(entries.map((e) => detectFormat(e, EMPTY_TILEJSON)).filter((f) => f !== null)).size > 1) return null;
      let tileJson: TileJson;
      try {
        tileJson = (await abortable(load(tileJsonKey(id), () => martin.tileJson(ids)), signal)).value;
      } catch (err) {
        // Listed in the catalog but unknown to Martin (gone since, or not servable): not found, not unavailable.
        if (err instanceof UpstreamNotFoundError) return null;
        throw err;
      }
      const purges = await purgesOf(id, ids);
      const purgeKey = stableJson(purges);
      const names = [...new Set([id, ...ids])];
      const epochRefs = names.map((n) => epochs.get(n));
      const memo = metas.get(id);
      if (memo && memo.tileJson === tileJson && memo.catalog === cat && memo.purges === purgeKey) {
        // Same inputs, possibly re-read: remember the current ones so `peek` keeps answering.
        memo.epochs = epochRefs;
        return memo.meta;
      }
      const meta = toSourceMeta(id, entries, withAttribution(ids, tileJson, opts.attribution), purges);
      if (!meta) log?.warn({ source: id, contentType: entries[0]?.content_type }, 'metadata: unsupported tile format, source hidden');
      metas.set(id, { tileJson, tileJsonKey: tileJsonKey(id), catalog: cat, purges: purgeKey, epochs: epochRefs, names, meta });
      return meta;
    },

    peek(id) {
      // Exactly what `source` would answer without I/O: the memo, if every input
      // it was made from is still the fresh one in memory.
      const memo = metas.get(id);
      if (!memo || !memo.meta) return undefined;
      const cat = memory.get(CATALOG_KEY);
      if (!cat || cat.value !== memo.catalog || !fresh(cat)) return undefined;
      const tj = memory.get(memo.tileJsonKey);
      if (!tj || tj.value !== memo.tileJson || !fresh(tj)) return undefined;
      for (let i = 0; i < memo.names.length; i++) {
        const e = epochs.get(memo.names[i]!);
        if (!e || e !== memo.epochs[i] || !fresh(e)) return undefined;
      }
      return memo.meta;
    },

    async invalidate(id) {
      if (id === undefined) {
        memory.clear();
        metas.clear();
        epochs.clear();
        lastCatalog = undefined;
        // Not the whole META_PREFIX: purge epochs must outlive invalidation (see metadata-keys.ts).
        await Promise.all([CATALOG_KEY, `${META_PREFIX}source:`].map((k) => cache?.deletePrefix(k)));
        return;
      }
      // A purge means the data may have changed: re-read the catalog too.
      memory.delete(CATALOG_KEY);
      const keys = forget(id);
      await Promise.all([CATALOG_KEY, sourcePrefix(id), ...keys].map((k) => cache?.deletePrefix(k)));
    },

    async markPurged(id) {
      // Strictly increasing per id, even for two purges in one millisecond or a clock that stepped back.
      const epoch = Math.max(now(), (own.get(id) ?? 0) + 1, (epochs.get(id)?.value ?? 0) + 1);
      own.set(id, epoch);
      epochs.set(id, { at: now(), value: epoch });
      await cache?.set(epochKey(id), new TextEncoder().encode(String(epoch)), EPOCH_TTL_SECONDS).catch(() => {});
      return epoch;
    },
  };
}

/** The TileJSON with configured attribution filled in where the source has none. */
function withAttribution(ids: readonly string[], tileJson: TileJson, configured?: Readonly<Record<string, string>>): TileJson {
  if (tileJson.attribution || !configured) return tileJson;
  const parts = ids.map((i) => configured[i]).filter((a): a is string => Boolean(a));
  return parts.length > 0 ? { ...tileJson, attribution: parts.join('; ') } : tileJson;
}
