/**
 * Keys of metadata in the shared ByteCache (L1 memory + L2 Redis):
 *
 *   meta:v1:catalog                     Martin's /catalog
 *   meta:v1:source:{ids}:tilejson       TileJSON of a source or composite (`a,b`)
 *
 * Values are UTF-8 JSON `{ "at": <fetch time, ms since epoch>, "value": … }`,
 * so every process ages an entry from when Martin was asked, not from when
 * it read Redis. Bump `v1` when the value shape changes.
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
