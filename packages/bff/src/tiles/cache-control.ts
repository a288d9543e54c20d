export interface CacheControlOptions {
  /** Browser/CDN lifetime of an unversioned tile URL, s. */
  maxAgeSeconds: number;
  /** How long a CDN/browser may serve an unversioned tile stale while revalidating, s. */
  staleWhileRevalidateSeconds: number;
  /** Lifetime of a tile URL carrying the current data version (`?v=`), s. */
  versionedMaxAgeSeconds: number;
}

/**
 * `Cache-Control` of a tile. A URL with `?v={current data version}` (as
 * published in TileJSON and GraphQL `tileUrl`) names content that will not
 * change — a new version gets a new URL — so it may be kept long. Any other
 * URL (no `v`, or an old one) could change with the data, so browsers and
 * CDNs keep it briefly and revalidate in the background (RFC 5861).
 */
export function tileCacheControl(opts: CacheControlOptions, versioned: boolean): string {
  if (versioned) return `public, max-age=${opts.versionedMaxAgeSeconds}, immutable`;
  const swr = opts.staleWhileRevalidateSeconds > 0 ? `, stale-while-revalidate=${opts.staleWhileRevalidateSeconds}` : '';
  return `public, max-age=${opts.maxAgeSeconds}${swr}`;
}

/** Whether an `If-None-Match` value matches `etag` (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
