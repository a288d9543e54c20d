import type { MetadataStore } from '../metadata/types.js';
import type { MartinClient } from '../upstream/types.js';
import type { GraphqlConfigInput } from './graphql-config.js';

/** Counters of one cache tier, as `health.cache` reports them. */
export interface CacheTierStats {
  /** Tier name: `memory`, `redis`. */
  tier: string;
  hits: number;
  misses: number;
  /** hits / (hits + misses); null before the first lookup. */
  hitRatio: number | null;
}

/** Structured logger; pino's `Logger` fits. */
export interface GraphqlLogger {
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
}

/** What `createYogaServer` needs; long-lived things, made once at the entry point. */
export interface GraphqlDeps {
  /** The GraphQL part of the configuration (validated here, defaults filled in). */
  config: GraphqlConfigInput;
  martin: MartinClient;
  metadata: MetadataStore;
  /** Drops a tileset's cached tiles in every tier; resolves to the entries removed. */
  purgeTileset(id: string): Promise<number>;
  /** Counters of each cache tier. */
  cacheStats(): CacheTierStats[];
  logger?: GraphqlLogger;
}
