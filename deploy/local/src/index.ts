export { cacheDir, dataDir, repoRoot } from './paths.js';
export { freePort } from './free-port.js';
export { startService, type Service, type ServiceOptions } from './service.js';
export { ensureMartin, MARTIN_VERSION, MARTIN_FEATURES } from './ensure-martin.js';
export { martinConfig, writeMartinConfig } from './martin-config.js';
export { startMartin, type StartMartinOptions } from './start-martin.js';
export { startRedis } from './start-redis.js';
export { buildTilesets, type TilesetFiles } from './tilesets/index.js';
