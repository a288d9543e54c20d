import { Gauge, collectDefaultMetrics, type Registry } from 'prom-client';
import type { UpstreamHealth, UpstreamName } from '../upstream/types.js';
import { createCounterFamily, type CounterFamily, type CounterSlot } from './counter-family.js';
import { createHistogramFamily, type HistogramSlot } from './histogram-family.js';

/** The `route` label: a route of the BFF, never a URL. */
export type RouteName = 'tiles' | 'graphql' | 'healthz' | 'readyz' | 'metrics' | 'other';
/** The `cache` label of the tile latency: the `X-Cache` value, `none` for answers without a tile (errors, 400/404). */
export type TileCacheLabel = 'l1' | 'l2' | 'miss' | 'coalesced' | 'fleet' | 'none';
/** How one call to one Martin ended. */
export type UpstreamOutcome = 'ok' | 'not_found' | 'error' | 'timeout' | 'aborted' | 'circuit_open';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
const TILE_CACHE_LABELS: readonly TileCacheLabel[] = ['l1', 'l2', 'miss', 'coalesced', 'fleet', 'none'];
const OUTCOMES: readonly UpstreamOutcome[] = ['ok', 'not_found', 'error', 'timeout', 'aborted', 'circuit_open'];
/** 0.5 ms (an L1 hit) to 10 s (the default upstream deadline). */
export const TILE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Counts requests of one route by method and status; each (method, status) series is bound once, then reused. */
export class RouteRequests {
  private readonly byMethod = new Map<string, Map<number, CounterSlot>>();

  constructor(
    private readonly family: CounterFamily<'route' | 'method' | 'status'>,
    readonly route: RouteName,
  ) {}

  record(method: string | undefined, status: number): void {
    const m = method && METHODS.has(method) ? method : 'other';
    let byStatus = this.byMethod.get(m);
    if (!byStatus) this.byMethod.set(m, (byStatus = new Map()));
    let slot = byStatus.get(status);
    if (!slot) byStatus.set(status, (slot = this.family.slot({ route: this.route, method: m, status: String(status) })));
    slot.value++;
  }
}

export interface UpstreamCounters extends Record<UpstreamOutcome, CounterSlot> {}

/**
 * The BFF's metrics, every series the hot paths touch bound once here. Parts
 * take only what they count (`Pick<BffMetrics, …>`); names and labels are the
 * contract with the Helm chart's alerts and dashboard (deploy/README.md).
 */
export interface BffMetrics {
  registry: Registry;
  requests: Record<RouteName, RouteRequests>;
  /** `bff_tile_duration_seconds`, by where the tile came from. */
  tileDuration: Record<TileCacheLabel, HistogramSlot>;
  /** Tile lookups: `l1` answered from memory, `l2` from Redis; a miss of both is a fetch. */
  cache: { l1Hit: CounterSlot; l1Miss: CounterSlot; l2Hit: CounterSlot; l2Miss: CounterSlot };
  /** A request that waited on another's fetch: in this process (`single_flight`) or another replica's lease (`lease`). */
  coalesced: { singleFlight: CounterSlot; lease: CounterSlot };
  /** Calls to one Martin by outcome; bind once per upstream. */
  upstream(name: UpstreamName): UpstreamCounters;
  /** A call that went to the backup because the primary failed (`error`) or its circuit was open (`circuit_open`). */
  failovers: { error: CounterSlot; circuitOpen: CounterSlot };
  /** Redis commands that failed (`error`), timed out (`timeout`), or were not sent because Redis is down (`unavailable`). */
  redisErrors: { error: CounterSlot; timeout: CounterSlot; unavailable: CounterSlot };
  /** Requests refused by a rate limit (none in the BFF yet: the series exists for the dashboard and stays 0). */
  rateLimitRejections: CounterSlot;
  /** Reports each upstream's circuit state at every scrape. */
  watchCircuits(read: () => UpstreamHealth[]): void;
}

export interface MetricsOptions {
  /** Made once at the entry point; tests pass their own. */
  registry: Registry;
  /** Process metrics (CPU, memory, event loop lag, GC, handles). Default true. */
  processMetrics?: boolean;
}

export function createMetrics(opts: MetricsOptions): BffMetrics {
  const { registry } = opts;
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const requests = createCounterFamily(registry, {
    name: 'bff_http_requests_total',
    help: 'HTTP requests answered, by route, method and status code.',
    labelNames: ['route', 'method', 'status'],
  });
  const tileDuration = createHistogramFamily(registry, {
    name: 'bff_tile_duration_seconds',
    help: 'Time from a tile request to its response, by where the tile came from (the X-Cache value; none = no tile).',
    labelNames: ['cache'],
    buckets: TILE_BUCKETS,
  });
  const hits = createCounterFamily(registry, { name: 'bff_cache_hits_total', help: 'Tile lookups answered by a cache tier.', labelNames: ['tier'] });
  const misses = createCounterFamily(registry, { name: 'bff_cache_misses_total', help: 'Tile lookups a cache tier could not answer.', labelNames: ['tier'] });
  const coalesced = createCounterFamily(registry, {
    name: 'bff_coalesced_waits_total',
    help: 'Cold tile requests that waited for a fetch started by another request (single_flight) or another replica (lease).',
    labelNames: ['kind'],
  });
  const upstream = createCounterFamily(registry, { name: 'bff_upstream_requests_total', help: 'Calls to a Martin upstream, by outcome.', labelNames: ['upstream', 'outcome'] });
  const failovers = createCounterFamily(registry, {
    name: 'bff_upstream_failovers_total',
    help: 'Calls sent to the backup Martin because the primary failed (error) or its circuit was open (circuit_open).',
    labelNames: ['reason'],
  });
  const redis = createCounterFamily(registry, {
    name: 'bff_redis_errors_total',
    help: 'Redis commands that failed, timed out, or were not sent because Redis was unavailable.',
    labelNames: ['kind'],
  });
  const rateLimit = createCounterFamily(registry, { name: 'bff_rate_limit_rejections_total', help: 'Requests refused by a rate limit.' });

  const circuitSources: Array<() => UpstreamHealth[]> = [];
  const circuit: Gauge<'upstream' | 'state'> = new Gauge({
    name: 'bff_upstream_circuit_state',
    help: "1 for each Martin upstream's current circuit state (closed, half-open, open), 0 for the others.",
    labelNames: ['upstream', 'state'],
    registers: [registry],
    collect() {
      for (const read of circuitSources) {
        for (const u of read()) {
          for (const state of ['closed', 'half-open', 'open'] as const) circuit.set({ upstream: u.name, state }, u.state === state ? 1 : 0);
        }
      }
    },
  });

  const upstreams = new Map<UpstreamName, UpstreamCounters>();
  return {
    registry,
    requests: Object.fromEntries(
      (['tiles', 'graphql', 'healthz', 'readyz', 'metrics', 'other'] as const).map((r) => [r, new RouteRequests(requests, r)]),
    ) as Record<RouteName, RouteRequests>,
    tileDuration: Object.fromEntries(TILE_CACHE_LABELS.map((c) => [c, tileDuration.slot({ cache: c })])) as Record<TileCacheLabel, HistogramSlot>,
    cache: {
      l1Hit: hits.slot({ tier: 'l1' }),
      l1Miss: misses.slot({ tier: 'l1' }),
      l2Hit: hits.slot({ tier: 'l2' }),
      l2Miss: misses.slot({ tier: 'l2' }),
    },
    coalesced: { singleFlight: coalesced.slot({ kind: 'single_flight' }), lease: coalesced.slot({ kind: 'lease' }) },
    upstream(name) {
      let counters = upstreams.get(name);
      if (!counters) {
        counters = Object.fromEntries(OUTCOMES.map((o) => [o, upstream.slot({ upstream: name, outcome: o })])) as UpstreamCounters;
        upstreams.set(name, counters);
      }
      return counters;
    },
    failovers: { error: failovers.slot({ reason: 'error' }), circuitOpen: failovers.slot({ reason: 'circuit_open' }) },
    redisErrors: { error: redis.slot({ kind: 'error' }), timeout: redis.slot({ kind: 'timeout' }), unavailable: redis.slot({ kind: 'unavailable' }) },
    rateLimitRejections: rateLimit.slot({}),
    watchCircuits: (read) => void circuitSources.push(read),
  };
}
