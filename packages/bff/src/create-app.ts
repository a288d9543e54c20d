import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, type Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { TieredByteCache } from './cache/create-byte-cache.js';
import { createFleetLease } from './cache/create-fleet-lease.js';
import type { RedisGuard } from './cache/create-redis-guard.js';
import type { Config } from './config.js';
import { createHealthHandler } from './health/create-health-handler.js';
import { createCors } from './http/create-cors.js';
import { guardHandler } from './http/guard-handler.js';
import { normalizeRequestTarget } from './http/normalize-request-target.js';
import { sendError } from './http/send-json.js';
import type { MetadataStore } from './metadata/types.js';
import { createMetricsHandler } from './metrics/create-metrics-handler.js';
import type { BffMetrics, RouteName, TileCacheLabel } from './metrics/create-metrics.js';
import { createSingleFlight } from './tiles/create-single-flight.js';
import { createTileAuth } from './tiles/create-tile-auth.js';
import { createTileHandler } from './tiles/create-tile-handler.js';
import { createTileService } from './tiles/create-tile-service.js';
import { startRequestSpan } from './tracing/request-span.js';
import type { CheckedMartinClient } from './upstream/create-martin-client.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface AppOptions {
  config: Config;
  log: Logger;
  /** Long-lived clients, made once at the entry point. */
  martin: CheckedMartinClient;
  cache: TieredByteCache;
  metadata: MetadataStore;
  /** Redis behind its guard; enables the fleet-wide lease. */
  redis?: RedisGuard;
  /** Everything that is not a tile or a probe (`/graphql`). Absent → 404. */
  graphql?: RequestHandler;
  /** Prometheus metrics; also served at `/metrics`. Absent → no `/metrics` route. */
  metrics?: BffMetrics;
  /** Present when tracing is on (the entry point registered the SDK). */
  tracer?: Tracer;
}

export interface App {
  handler: RequestHandler;
  /** Readiness fails from now on, so the load balancer stops sending traffic before shutdown. */
  drain(): void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// W3C Trace Context §3.2: version-traceid-parentid-flags; an all-zero trace id is invalid.
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The request id: `X-Request-Id` when it is a sane token (Envoy sets one on
 * every request), else the trace id of a valid `traceparent` (so logs and
 * traces share a key), else a new UUID.
 */
function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming;
  const traceId = TRACEPARENT.exec(String(req.headers.traceparent ?? ''))?.[1];
  if (traceId && traceId !== '0'.repeat(32)) return traceId;
  return randomUUID();
}

/** The `route` label and the span's `http.route`: patterns, never URLs. */
const ROUTES: Record<RouteName, string | undefined> = {
  tiles: '/tiles/{source}/{z}/{x}/{y}',
  graphql: '/graphql',
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
  other: undefined,
};

const UNTRACED = new Set<RouteName>(['healthz', 'readyz', 'metrics']);

function routeOf(path: string): RouteName {
  if (path.startsWith('/tiles/')) return 'tiles';
  if (path === '/healthz') return 'healthz';
  if (path === '/readyz') return 'readyz';
  if (path === '/metrics') return 'metrics';
  if (path === '/graphql' || path.startsWith('/graphql/')) return 'graphql';
  return 'other';
}

function cacheLabel(xCache: unknown): TileCacheLabel {
  return xCache === 'l1' || xCache === 'l2' || xCache === 'miss' || xCache === 'coalesced' || xCache === 'fleet' ? xCache : 'none';
}

/**
 * The composition root of the HTTP side: one node:http handler that sends
 * `/tiles/…` to the tile route (raw node:http, the hot path), `/healthz` and
 * `/readyz` to the probes, and the rest to GraphQL. Per-process state (the
 * single-flight map, the lease) is made here; clients are injected.
 */
export function createApp(opts: AppOptions): App {
  const { config, log, metrics, tracer } = opts;
  let draining = false;
  const tiles = createTileService({
    martin: opts.martin,
    cache: opts.cache,
    flights: createSingleFlight(),
    lease: opts.redis ? createFleetLease(opts.redis) : undefined,
    ttlSeconds: config.cache.tileTtlSeconds,
    maxTileBytes: config.tiles.maxBytes,
    deadlineMs: config.upstream.timeoutMs,
    metrics,
    tracer,
  });
  const tileHandler = createTileHandler({
    tiles, metadata: opts.metadata, cors: createCors(config.corsOrigins), cacheControl: config.tiles, log, tracing: !!tracer,
    auth: createTileAuth(config.graphql),
  });
  const health = createHealthHandler({ martin: opts.martin, cache: opts.cache, draining: () => draining });
  const metricsHandler = metrics ? createMetricsHandler(metrics.registry) : undefined;

  /** Not async: a warm tile is answered synchronously, and only I/O earns a promise. */
  function route(req: IncomingMessage, res: ServerResponse, path: string, query: string, name: RouteName, logOf: () => Logger): unknown {
    if (name === 'tiles') return tileHandler(req, res, path.slice('/tiles/'.length), new URLSearchParams(query), logOf);
    const reqLog = logOf();
    if (name === 'healthz') return health.liveness(req, res);
    if (name === 'readyz') return health.readiness(req, res);
    if (name === 'metrics' && metricsHandler) return metricsHandler(req, res);
    // Yoga's adapter answers some failures with a stack trace: the guard masks them.
    if (opts.graphql) return guardHandler(opts.graphql, (err) => reqLog.error({ err }, 'graphql handler failed'))(req, res);
    reqLog.debug({ path }, 'no route');
    sendError(res, 404, { code: 'NOT_FOUND', message: 'no such route' });
  }

  return {
    drain: () => void (draining = true),
    handler(req, res) {
      const reqId = requestIdOf(req);
      res.setHeader('x-request-id', reqId);
      // The request's logger is made on first use: most tile requests log nothing.
      let child: Logger | undefined;
      const reqLog = () => (child ??= log.child({ reqId }));
      const started = performance.now();
      // Before anything reads req.url: absolute-form becomes a path; a bad target or Host is refused below.
      const badRequest = normalizeRequestTarget(req);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      // The raw path, not a WHATWG-normalised one: `/tiles/a/../b` must not turn into another tile.
      const path = q === -1 ? url : url.slice(0, q);
      const name = routeOf(path);
      // Probes and scrapes are not traced (the http instrumentation ignores them too).
      const span = tracer && !UNTRACED.has(name) ? startRequestSpan(tracer, req, ROUTES[name]) : undefined;
      res.once('finish', () => {
        const status = res.statusCode;
        const elapsed = performance.now() - started;
        if (metrics) {
          metrics.requests[name].record(req.method, status);
          if (name === 'tiles') metrics.tileDuration[cacheLabel(res.getHeader('x-cache'))].observe(elapsed / 1000);
        }
        // Tile requests are the bulk of traffic: only failures are worth an info line.
        const level = status >= 500 ? 'warn' : name === 'tiles' ? 'debug' : 'info';
        if (!log.isLevelEnabled(level)) return;
        // The path only: a query string may carry an API key (`?key=` for plain <img> URLs).
        const fields: Record<string, unknown> = { method: req.method, url: path, status, ms: Math.round(elapsed) };
        if (span) fields.traceId = span.span.spanContext().traceId;
        reqLog()[level](fields, status >= 500 ? 'request failed' : 'request');
      });
      if (span) res.once('close', () => span.end(res.statusCode));
      const failed = (err: unknown) => {
        reqLog().error({ err }, 'unhandled error');
        if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: 'internal error' });
        else res.destroy();
      };
      // A handler may answer synchronously (a warm tile), throw, or return a promise.
      const run = () => {
        try {
          if (badRequest) return sendError(res, 400, { code: 'BAD_REQUEST', message: badRequest });
          const pending = route(req, res, path, q === -1 ? '' : url.slice(q + 1), name, reqLog);
          if (pending && typeof (pending as PromiseLike<unknown>).then === 'function') Promise.resolve(pending).catch(failed);
        } catch (err) {
          failed(err);
        }
      };
      if (span) context.with(span.context, run);
      else run();
    },
  };
}
