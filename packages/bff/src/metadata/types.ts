import type { TileJson } from '../upstream/types.js';

/** Tile formats the platform serves, as GraphQL exposes them. */
export type TileFormat = 'mvt' | 'png' | 'jpeg' | 'webp' | 'mlt';

/** What the tile route and GraphQL need to know about one Martin source. */
export interface SourceMeta {
  id: string;
  format: TileFormat;
  /** The Content-Type Martin sends for this source's tiles. */
  contentType: string;
  minzoom: number;
  maxzoom: number;
  scheme: 'xyz' | 'tms';
  /**
   * Data version: a short stable hash of the source's TileJSON (its
   * `version` included) and catalog entry, and of its purge epochs. Part of
   * tile cache keys and of published tile URLs, so a changed or purged
   * tileset is seen at once instead of after TTLs.
   */
  version: string;
  /** Martin's TileJSON, unmodified (never published as is: it points at Martin). */
  tileJson: TileJson;
}

/**
 * The shared, cached view of Martin's catalog and TileJSON (memory, then
 * Redis). Long-lived; GraphQL's per-request DataLoaders sit on top of it.
 */
export interface MetadataStore {
  /** All source ids in the catalog. */
  sourceIds(signal?: AbortSignal): Promise<string[]>;
  /** One source, or null if Martin does not know it. */
  source(id: string, signal?: AbortSignal): Promise<SourceMeta | null>;
  /**
   * Synchronous, no I/O: the SourceMeta `source(id)` would answer right now
   * when everything it depends on (catalog, TileJSON, purge epochs) is fresh
   * in memory; undefined otherwise (call `source`). For the tile hot path.
   */
  peek?(id: string): SourceMeta | undefined;
  /** Forgets cached metadata (one source, or all), e.g. after a purge. Purge epochs stay. */
  invalidate(id?: string): Promise<void>;
  /**
   * Records a purge of one source: a new epoch (ms) in memory and in the
   * shared tier (`meta:v1:epoch:{id}`), folded into the data version of the
   * source and of composites holding it. Other replicas see it when their
   * metadata expires (`ttlSeconds`).
   */
  markPurged(id: string): Promise<number>;
}
