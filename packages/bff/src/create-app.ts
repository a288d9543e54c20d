import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { TieredByteCache } from './cache/create-byte-cache.js';
import { createFleetLease } from './cache/create-fleet-lease.js';
import type { RedisGuard } from './cache/create-redis-guard.js';
import type { Config } from './config.js';
import { createHealthHandler } from './health/create-health-handler.js';
import { createCors } from './http/create-cors.js';
import { sendError } from './http/send-json.js';
import type { MetadataStore } from './metadata/types.js';
import { createSingleFlight } from './tiles/create-single-flight.js';
import { createTileHandler } from './tiles/create-tile-handler.js';
import { createTileService } from './tiles/create-tile-service.js';
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
}

export interface App {
  handler: RequestHandler;
  /** Readiness fails from now on, so the load balancer stops sending traffic before shutdown. */
  drain(): void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The composition root of the HTTP side: one node:http handler that sends
 * `/tiles/…` to the tile route (raw node:http, the hot path), `/healthz` and
 * `/readyz` to the probes, and the rest to GraphQL. Per-process state (the
 * single-flight map, the lease) is made here; clients are injected.
 */
export function createApp(opts: AppOptions): App {
  const { config, log } = opts;
  let draining = false;
  const tiles = createTileService({
    martin: opts.martin,
    cache: opts.cache,
    flights: createSingleFlight(),
    lease: opts.redis ? createFleetLease(opts.redis) : undefined,
    ttlSeconds: config.cache.tileTtlSeconds,
    maxTileBytes: config.tiles.maxBytes,
    deadlineMs: config.upstream.timeoutMs,
  });
  const tileHandler = createTileHandler({ tiles, metadata: opts.metadata, cors: createCors(config.corsOrigins), cacheControl: config.tiles, log });
  const health = createHealthHandler({ martin: opts.martin, cache: opts.cache, draining: () => draining });

  async function route(req: IncomingMessage, res: ServerResponse, reqLog: Logger): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    // The raw path, not a WHATWG-normalised one: `/tiles/a/../b` must not turn into another tile.
    const path = q === -1 ? url : url.slice(0, q);
    if (path.startsWith('/tiles/')) {
      return tileHandler(req, res, path.slice('/tiles/'.length), new URLSearchParams(q === -1 ? '' : url.slice(q + 1)));
    }
    if (path === '/healthz') return health.liveness(req, res);
    if (path === '/readyz') return health.readiness(req, res);
    if (opts.graphql) return void (await opts.graphql(req, res));
    reqLog.debug({ path }, 'no route');
    sendError(res, 404, { code: 'NOT_FOUND', message: 'no such route' });
  }

  return {
    drain: () => void (draining = true),
    handler(req, res) {
      const incoming = req.headers['x-request-id'];
      const reqId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', reqId);
      const reqLog = log.child({ reqId });
      const started = performance.now();
      res.once('finish', () => {
        const fields = { method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) };
        // Tile requests are the bulk of traffic: only failures are worth an info line.
        if (res.statusCode >= 500) reqLog.warn(fields, 'request failed');
        else if (req.url?.startsWith('/tiles/')) reqLog.debug(fields, 'request');
        else reqLog.info(fields, 'request');
      });
      route(req, res, reqLog).catch((err: unknown) => {
        reqLog.error({ err }, 'unhandled error');
        if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: 'internal error' });
        else res.destroy();
      });
    },
  };
}
