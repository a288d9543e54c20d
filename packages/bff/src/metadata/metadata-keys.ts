/**
 * Keys of metadata in the shared ByteCache (L1 memory + L2 Redis):
 *
 *   meta:v1:catalog                     Martin's /catalog
 *   meta:v1:source:{ids}:tilejson       TileJSON of a source or composite (`a,b`)
 *   meta:v1:epoch:{id}                  purge epoch of one source (ms since epoch, decimal text)
 *
 * Catalog and TileJSON values are UTF-8 JSON `{ "at": <fetch time, ms since
 * epoch>, "value": … }`, so every process ages an entry from when Martin was
 * asked, not from when it read Redis. Bump `v1` when the value shape changes.
 *
 * A purge epoch is folded into the data version of the source and of every
 * composite holding it, so a purge changes published tile URLs even when the
 * metadata did not change. It lives `EPOCH_TTL_SECONDS` (longer than any
 * browser keeps a versioned tile), and is never removed by invalidation:
 * losing it would bring back a version browsers may still hold as immutable.
 */
export const META_PREFIX = 'meta:v1:';
export const CATALOG_KEY = `${META_PREFIX}catalog`;

export function tileJsonKey(ids: string): string {
  return `${sourcePrefix(ids)}tilejson`;
}

/** Prefix of every key of one source (or composite); the trailing `:` keeps `a` from matching `ab`. */
export function sourcePrefix(ids: string): string {
  return `${META_PREFIX}source:${ids}:`;
}

/** Purge epoch of one source id (never a composite: composites fold their parts' epochs). */
export function epochKey(id: string): string {
  return `${META_PREFIX}epoch:${id}`;
}

/** Above the longest allowed `TILE_VERSIONED_MAX_AGE_SECONDS` (365 days). */
export const EPOCH_TTL_SECONDS = 400 * 86_400;
