import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Tracer } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { createByteCache, type CacheTierStats, type TieredByteCache } from './cache/create-byte-cache.js';
import { createRedisClient } from './cache/create-redis-client.js';
import { createRedisGuard } from './cache/create-redis-guard.js';
import type { Config } from './config.js';
import { createApp, type App, type RequestHandler } from './create-app.js';
import { createYogaServer } from './graphql/yoga.js';
import { createLogger, type Logger } from './logger.js';
import { createMetadataStore } from './metadata/create-metadata-store.js';
import type { MetadataStore } from './metadata/types.js';
import { createMetrics, type BffMetrics } from './metrics/create-metrics.js';
import { createPurgeTileset, type PurgeTileset } from './tiles/create-purge-tileset.js';
import { createMartinClient, type CheckedMartinClient } from './upstream/create-martin-client.js';

/** What the GraphQL server is built from (all long-lived, made here once). */
export interface GraphqlFactoryDeps {
  config: Config['graphql'];
  martin: CheckedMartinClient;
  metadata: MetadataStore;
  purgeTileset: PurgeTileset;
  cacheStats(): CacheTierStats[];
  logger: Logger;
}

export interface StartBffOptions {
  config: Config;
  log?: Logger;
  /** Builds the `/graphql` handler. Default: the GraphQL module's Yoga server; `false` → tiles and probes only. */
  graphql?: ((deps: GraphqlFactoryDeps) => RequestHandler) | false;
  /** Where the metrics go (served at `/metrics`). Default: a new registry, so two BFFs in one process never share counters. */
  registry?: Registry;
  /** From the entry point's tracing setup (`startTracing`); absent → no spans. */
  tracer?: Tracer;
}

export interface RunningBff {
  url: string;
  server: Server;
  app: App;
  martin: CheckedMartinClient;
  cache: TieredByteCache;
  metadata: MetadataStore;
  redis?: Redis;
  purgeTileset: PurgeTileset;
  metrics: BffMetrics;
  /** Graceful stop: fail readiness, finish in-flight requests (up to the grace period), close clients. */
  close(): Promise<void>;
}

/**
 * Makes the long-lived clients once (ioredis, the Martin client, the caches,
 * the metadata store, the metrics), composes the app and listens. Used by `main.ts`, the
 * local runner and the integration tests, so all three run the same wiring.
 */
export async function startBff(opts: StartBffOptions): Promise<RunningBff> {
  const { config } = opts;
  const log = opts.log ?? createLogger({ level: config.logLevel });
  const { tracer } = opts;
  const metrics = createMetrics({ registry: opts.registry ?? new Registry() });
  const redis = config.redis.url ? createRedisClient({ url: config.redis.url, commandTimeoutMs: config.redis.commandTimeoutMs }) : undefined;
  // ioredis reports every failed reconnect as an 'error' event; unhandled, it would crash the process.
  redis?.on('error', (err: Error) => log.debug({ err: err.message }, 'redis error'));
  const guard = redis ? createRedisGuard(redis, { metrics }) : undefined;
  const cache = createByteCache({ memoryBytes: config.cache.memoryBytes, maxEntryBytes: config.tiles.maxBytes, redis: guard, log });
  const martin = createMartinClient({
    primaryUrl: config.upstream.primaryUrl,
    backupUrl: config.upstream.backupUrl,
    timeoutMs: config.upstream.timeoutMs,
    retries: config.upstream.retries,
    maxTileBytes: config.tiles.maxBytes,
    metrics,
    tracer,
  });
  metrics.watchCircuits(() => martin.health());
  const metadata = createMetadataStore({ martin, cache, ttlSeconds: config.metadata.ttlSeconds, attribution: config.metadata.attribution, log });
  const purgeTileset = createPurgeTileset({ cache, metadata });
  const makeGraphql = opts.graphql === undefined ? createYogaServer : opts.graphql;
  const graphql = makeGraphql ? makeGraphql({ config: config.graphql, martin, metadata, purgeTileset, cacheStats: () => cache.stats(), logger: log }) : undefined;
  const app = createApp({ config, log, martin, cache, metadata, redis: guard, graphql, metrics, tracer });

  const server = createServer({ keepAliveTimeout: 65_000 }, app.handler);
  // Above typical load-balancer idle timeouts (60 s), so the BFF never closes a socket the LB is about to reuse.
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, primary: config.upstream.primaryUrl, backup: config.upstream.backupUrl ?? null, redis: !!redis }, 'bff listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      app.drain();
      // Kubernetes removes the pod from endpoints only after readiness fails;
      // until then new requests still arrive and must be served.
      if (config.shutdownDelayMs > 0) await new Promise((r) => setTimeout(r, config.shutdownDelayMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      await closed;
      clearTimeout(timer);
      await redis?.quit().catch(() => redis.disconnect());
    })());

  return { url, server, app, martin, cache, metadata, redis, purgeTileset, metrics, close };
}
