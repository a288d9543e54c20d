import { LRUCache } from 'lru-cache';
import type { ByteCache } from '../cache/types.js';
import type { MartinCatalog, MartinClient, TileJson } from '../upstream/types.js';
import { CATALOG_KEY, META_PREFIX, sourcePrefix, tileJsonKey } from './metadata-keys.js';
import { toSourceMeta } from './source-meta.js';
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
  const metas = new LRUCache<string, { tileJson: TileJson; catalog: MartinCatalog; meta: SourceMeta | null }>({ max: opts.maxEntries ?? 1000 });
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
      const { value: tileJson } = await abortable(load(tileJsonKey(id), () => martin.tileJson(ids)), signal);
      const memo = metas.get(id);
      if (memo && memo.tileJson === tileJson && memo.catalog === cat) return memo.meta;
      const meta = toSourceMeta(id, entries, withAttribution(ids, tileJson, opts.attribution));
      if (!meta) log?.warn({ source: id, contentType: entries[0]?.content_type }, 'metadata: unsupported tile format, source hidden');
      metas.set(id, { tileJson, catalog: cat, meta });
      return meta;
    },

    async invalidate(id) {
      if (id === undefined) {
        memory.clear();
        metas.clear();
        lastCatalog = undefined;
        await cache?.deletePrefix(META_PREFIX);
        return;
      }
      // A purge means the data may have changed: re-read the catalog too.
      memory.delete(CATALOG_KEY);
      const keys = forget(id);
      await Promise.all([CATALOG_KEY, sourcePrefix(id), ...keys].map((k) => cache?.deletePrefix(k)));
    },
  };
}

/** The TileJSON with configured attribution filled in where the source has none. */
function withAttribution(ids: readonly string[], tileJson: TileJson, configured?: Readonly<Record<string, string>>): TileJson {
  if (tileJson.attribution || !configured) return tileJson;
  const parts = ids.map((i) => configured[i]).filter((a): a is string => Boolean(a));
  return parts.length > 0 ? { ...tileJson, attribution: parts.join('; ') } : tileJson;
}
