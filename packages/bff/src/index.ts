// Builders of the BFF, for tests and the local runner. `main.ts` is the process entry.
export { loadConfig, ConfigError, type Config } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { startBff, type StartBffOptions, type RunningBff, type GraphqlFactoryDeps } from './start-bff.js';
export { createApp, type App, type AppOptions, type RequestHandler } from './create-app.js';
export { createMartinClient, UpstreamTimeoutError, UpstreamUnavailableError, UpstreamNotFoundError, type CheckedMartinClient, type MartinClientOptions } from './upstream/create-martin-client.js';
export { createByteCache, type TieredByteCache, type ByteCacheOptions, type CacheTierStats } from './cache/create-byte-cache.js';
export { createRedisClient } from './cache/create-redis-client.js';
export { createRedisGuard, type RedisGuard } from './cache/create-redis-guard.js';
export { tileKey, tilesetPrefix } from './cache/tile-key.js';
export { createTileService, type TileService } from './tiles/create-tile-service.js';
export { createPurgeTileset, type PurgeTileset } from './tiles/create-purge-tileset.js';
export { parseTilePath, TilePathError } from './tiles/parse-tile-path.js';
export { negotiateEncoding } from './tiles/negotiate-encoding.js';
export type { MartinClient, UpstreamTile, UpstreamHealth } from './upstream/types.js';
export type { ByteCache } from './cache/types.js';
export type { MetadataStore, SourceMeta } from './metadata/types.js';
export { createMetrics, type BffMetrics, type MetricsOptions } from './metrics/create-metrics.js';
