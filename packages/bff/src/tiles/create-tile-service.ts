import { setTimeout as sleep } from 'node:timers/promises';
import type { Tracer } from '@opentelemetry/api';
import type { TieredByteCache } from '../cache/create-byte-cache.js';
import type { FleetLease } from '../cache/create-fleet-lease.js';
import { decodeTileEntry, encodeTileEntry, type TileEntry } from '../cache/tile-entry.js';
import { leaseKey, tileKey, tilePrefix } from '../cache/tile-key.js';
import { abortable } from '../metadata/abortable.js';
import type { BffMetrics } from '../metrics/create-metrics.js';
import { inSpan } from '../tracing/in-span.js';
import { UpstreamNotFoundError, UpstreamTimeoutError } from '../upstream/create-martin-client.js';
import { createDeadline } from '../upstream/deadline.js';
import type { MartinClient } from '../upstream/types.js';
import { ENCODINGS, decode, encode, isCompressible, type Encoding } from './codec.js';
import type { SingleFlight } from './create-single-flight.js';
import { negotiateEncoding } from './negotiate-encoding.js';
import { normalizeTile } from './normalize-tile.js';

export interface TileServiceOptions {
  martin: MartinClient;
  cache: TieredByteCache;
  flights: SingleFlight;
  /** Fleet-wide lease; absent without Redis. */
  lease?: FleetLease;
  ttlSeconds: number;
  maxTileBytes: number;
  /** How long a replica that lost the lease polls L2 before fetching itself, ms. Default 2000. */
  leaseWaitMs?: number;
  /** One deadline for a cold fetch, lease wait included (the upstream timeout), ms. Also the lease lifetime. */
  deadlineMs: number;
  /** Cache hits and misses per tier, coalesced waits. */
  metrics?: Pick<BffMetrics, 'cache' | 'coalesced'>;
  /** Present when tracing is on: a span per cache lookup. */
  tracer?: Tracer;
}

export interface TileQuery {
  source: string;
  version: string;
  z: number;
  x: number;
  y: number;
  /** The source's content type (from metadata): decides whether to compress. */
  contentType: string;
}

/** Where the answer came from (the `X-Cache` header). */
export type TileOrigin = 'l1' | 'l2' | 'miss' | 'coalesced' | 'fleet';

export interface TileResult extends TileEntry {
  origin: TileOrigin;
  /** The representation's ETag, when already known (decoded L1 entries carry it). */
  etag?: string;
}

/** A cache entry decoded once per stored value, with what every response of it needs. */
interface DecodedEntry extends TileEntry {
  etag: string;
}

/** One ETag per representation: the encoding is part of it, unlike Martin's. */
export function tileEtag(entry: Pick<TileEntry, 'hash' | 'encoding'>): string {
  return `"${entry.hash}${entry.encoding === 'identity' ? '' : `-${entry.encoding}`}"`;
}

/** Bound on remembered Accept-Encoding negotiations (clients send few distinct headers). */
const NEGOTIATION_MEMO_MAX = 256;

/** Decoded content of one tile fetch, shared by every waiter of the flight. */
interface Fetched {
  variants: TileEntry[];
  identity?: Buffer;
}

/**
 * Tile lookup: cache (L1, then L2 batched) → process single flight →
 * fleet lease → Martin → `normalizeTile` → cache. Variants in other
 * encodings are made on demand, once per key, and cached too.
 */
export function createTileService(opts: TileServiceOptions) {
  const { cache, flights, martin, metrics, tracer } = opts;
  const leaseWaitMs = opts.leaseWaitMs ?? 2000;
  const hasL2 = cache.health().l2 !== null;
  const keysOf = (q: TileQuery) => {
    const prefix = tilePrefix(q.source, q.version, q.z, q.x, q.y);
    return ENCODINGS.map((e) => `${prefix}:${e}`);
  };

  // Stored values are immutable, and L1 hands back the same object on every
  // hit: each one is decoded once (its header parsed, its ETag built), and the
  // decoded form lives exactly as long as the value does.
  const decoded = new WeakMap<Uint8Array, DecodedEntry | null>();
  function decodedOf(value: Uint8Array): DecodedEntry | undefined {
    let d = decoded.get(value);
    if (d === undefined) {
      const entry = decodeTileEntry(value);
      d = entry ? { ...entry, etag: tileEtag(entry) } : null;
      decoded.set(value, d);
    }
    return d ?? undefined;
  }

  // negotiateEncoding is pure: memoised by (header, compressible, available set).
  const negotiated = new Map<string, Encoding>();
  function negotiate(header: string | undefined, compressible: boolean, available: readonly Encoding[]): Encoding {
    if (header === undefined || !compressible) return 'identity';
    let mask = 0;
    for (const e of available) mask |= 1 << ENCODINGS.indexOf(e);
    const key = `${mask}|${header}`;
    let want = negotiated.get(key);
    if (want === undefined) {
      want = negotiateEncoding(header, { compressible, available });
      if (negotiated.size >= NEGOTIATION_MEMO_MAX) negotiated.clear();
      negotiated.set(key, want);
    }
    return want;
  }

  /** The first lookup of a request, counted per tier (the lease wait polls L2 again, uncounted). */
  function countLookup(tier: 'l1' | 'l2' | undefined): void {
    const c = metrics!.cache;
    if (tier === 'l1') c.l1Hit.value++;
    else {
      c.l1Miss.value++;
      if (tier) c.l2Hit.value++;
      else if (hasL2) c.l2Miss.value++;
    }
  }

  const tracedLookup = (q: TileQuery) =>
    inSpan(tracer!, 'tile cache lookup', {}, async (span) => {
      const found = await readCached(q);
      span.setAttribute('bff.cache.hit', found?.tier ?? 'none');
      return found;
    });

  async function readCached(q: TileQuery): Promise<{ entries: TileEntry[]; tier: 'l1' | 'l2' } | undefined> {
    const found = await cache.lookup(keysOf(q));
    const entries: TileEntry[] = [];
    let tier: 'l1' | 'l2' = 'l1';
    for (const f of found) {
      if (!f) continue;
      const entry = decodedOf(f.value);
      if (entry) entries.push(entry);
      if (f.tier === 'l2') tier = 'l2';
    }
    if (entries.length === 0) return undefined;
    return { entries, tier };
  }

  async function store(q: TileQuery, entry: TileEntry): Promise<void> {
    await cache.set(tileKey(q.source, q.version, q.z, q.x, q.y, entry.encoding), encodeTileEntry(entry), opts.ttlSeconds);
  }

  async function fetchFromMartin(q: TileQuery, signal: AbortSignal | undefined): Promise<Fetched> {
    const tile = await martin.tile([q.source], q.z, q.x, q.y, { acceptEncoding: 'gzip', signal });
    if (tile.status === 404) throw new UpstreamNotFoundError(`Martin has no tile ${q.source}/${q.z}/${q.x}/${q.y}`);
    const { entry, identity } = await normalizeTile(tile, q.contentType, opts.maxTileBytes);
    await store(q, entry);
    return { variants: [entry], identity };
  }

  /**
   * A cold tile, within one deadline for everything (lease wait included),
   * so the answer is a 504 before the client's own timeout (C13). Without a
   * lease there is nothing to wait for but Martin, and the Martin client's
   * own deadline (the same length) is the whole of it: no second timer.
   */
  async function fetchCold(q: TileQuery): Promise<Fetched & { fleet?: boolean }> {
    if (!opts.lease) return fetchFromMartin(q, undefined);
    const deadline = createDeadline(opts.deadlineMs);
    try {
      return await leasedFetch(q, deadline.signal);
    } catch (err) {
      if (deadline.expired) throw new UpstreamTimeoutError(`no Martin answered within ${opts.deadlineMs} ms`);
      throw err;
    } finally {
      deadline.dispose();
    }
  }

  /** With Redis, one replica of the fleet asks Martin; the others poll L2 briefly, then fetch themselves. */
  async function leasedFetch(q: TileQuery, deadline: AbortSignal): Promise<Fetched & { fleet?: boolean }> {
    const release = await opts.lease!.acquire(leaseKey(q.source, q.version, q.z, q.x, q.y), opts.deadlineMs);
    if (release) {
      try {
        return await fetchFromMartin(q, deadline);
      } finally {
        await release();
      }
    }
    if (metrics) metrics.coalesced.lease.value++;
    for (const until = Date.now() + Math.min(leaseWaitMs, opts.deadlineMs / 2); Date.now() < until; ) {
      await sleep(25);
      const hit = await readCached(q);
      if (hit) return { variants: hit.entries, fleet: true };
    }
    return fetchFromMartin(q, deadline);
  }

  /** One stored variant in the wanted encoding, transcoded (once per key, then cached) when missing. */
  async function variant(q: TileQuery, have: Fetched, want: Encoding): Promise<TileEntry> {
    const exact = have.variants.find((v) => v.encoding === want);
    if (exact) return exact;
    const key = tileKey(q.source, q.version, q.z, q.x, q.y, want);
    return flights.run(key, async () => {
      const source = have.variants.find((v) => v.encoding === 'identity') ?? have.variants[0]!;
      const identity = have.identity ?? (await decode(source.body, source.encoding, opts.maxTileBytes));
      // Field by field: a decoded source also carries its own ETag, which must not carry over.
      const entry: TileEntry = { status: source.status, contentType: source.contentType, hash: source.hash, encoding: want, body: await encode(identity, want) };
      await store(q, entry);
      return entry;
    }).promise;
  }

  return {
    /**
     * Synchronous L1-only answer for the hot path: the result `get` would give,
     * when L1 alone decides it (memory-only cache, or every variant in L1), the
     * negotiated variant is stored, and tracing is off (`get` makes a lookup
     * span). Otherwise undefined, with nothing counted: call `get`.
     */
    peek(q: TileQuery, acceptEncoding: string | undefined): TileResult | undefined {
      if (tracer) return undefined;
      const keys = keysOf(q);
      let hits = 0;
      let first: DecodedEntry | undefined;
      let empty: DecodedEntry | undefined;
      const have: DecodedEntry[] = [];
      for (const key of keys) {
        const value = cache.peekL1(key);
        if (!value) continue;
        hits++;
        const entry = decodedOf(value);
        if (!entry) continue;
        first ??= entry;
        if (entry.status === 204) empty ??= entry;
        have.push(entry);
      }
      // With L2, a variant missing from L1 may be in Redis: only `get` can tell.
      if (!first || (cache.hasL2 && hits < keys.length)) return undefined;
      let chosen = empty;
      if (!chosen) {
        const available = have.map((v) => v.encoding);
        const want = negotiate(acceptEncoding, isCompressible(first.contentType ?? q.contentType), available);
        chosen = have.find((v) => v.encoding === want);
        // Needs transcoding (async): leave it to `get`.
        if (!chosen) return undefined;
      }
      cache.countL1(hits, keys.length - hits);
      if (metrics) countLookup('l1');
      return { ...chosen, origin: 'l1' };
    },

    /**
     * The tile in the encoding negotiated from `acceptEncoding`. `signal`
     * only stops this caller waiting: shared fetches go on for the others,
     * and the Martin client's own deadline bounds them.
     */
    async get(q: TileQuery, acceptEncoding: string | undefined, signal?: AbortSignal): Promise<TileResult> {
      let have: Fetched;
      let origin: TileOrigin;
      // No extra async frame on the hot path when tracing is off.
      const cached = tracer ? await tracedLookup(q) : await readCached(q);
      if (metrics) countLookup(cached?.tier);
      if (cached) {
        have = { variants: cached.entries };
        origin = cached.tier;
      } else {
        const flight = flights.run(tilePrefix(q.source, q.version, q.z, q.x, q.y), () => fetchCold(q));
        if (flight.joined && metrics) metrics.coalesced.singleFlight.value++;
        const fetched = await abortable(flight.promise, signal);
        have = fetched;
        origin = fetched.fleet ? 'fleet' : flight.joined ? 'coalesced' : 'miss';
      }
      const empty = have.variants.find((v) => v.status === 204);
      if (empty) return { ...empty, origin };
      const compressible = isCompressible(have.variants[0]!.contentType ?? q.contentType);
      const want = negotiate(acceptEncoding, compressible, have.variants.map((v) => v.encoding));
      return { ...(await abortable(variant(q, have, want), signal)), origin };
    },
  };
}

export type TileService = ReturnType<typeof createTileService>;
