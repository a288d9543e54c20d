// The metadata module's public surface.
export { createMetadataStore, type MetadataStoreOptions, type MetadataLogger } from './create-metadata-store.js';
export { CATALOG_KEY, EPOCH_TTL_SECONDS, META_PREFIX, epochKey, tileJsonKey, sourcePrefix } from './metadata-keys.js';
export { DEFAULT_MAXZOOM, DEFAULT_MINZOOM, dataVersion, detectFormat } from './source-meta.js';
export type { MetadataStore, SourceMeta, TileFormat } from './types.js';
