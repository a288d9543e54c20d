import type { IncomingMessage } from 'node:http';

export interface Cors {
  /** Headers for an actual response (empty when the origin is not allowed). */
  headers(req: IncomingMessage): Record<string, string>;
  /** Headers for a preflight (`OPTIONS` with `Access-Control-Request-Method`); never needs auth. */
  preflight(req: IncomingMessage, methods: string): Record<string, string>;
  /** Whether responses vary by `Origin` (an explicit origin list echoes the origin). */
  readonly variesByOrigin: boolean;
}

/**
 * Request headers a tile request may carry. A fixed list, not an echo of
 * `Access-Control-Request-Headers`: the answer then does not depend on that
 * header, so caches need no `Vary` on it, and nothing unexpected is allowed.
 */
export const TILE_REQUEST_HEADERS = 'Accept-Encoding, If-None-Match, X-Api-Key, Authorization, traceparent';

/**
 * CORS for the tile route. `*` answers `Access-Control-Allow-Origin: *`
 * (tiles carry no credentials, so a wildcard is safe and keeps CDN caches
 * shared); a list echoes an allowed origin exactly and adds `Vary: Origin`.
 */
export function createCors(origins: '*' | readonly string[]): Cors {
  const any = origins === '*';
  const allowed = new Set(any ? [] : origins);
  const allowOrigin = (req: IncomingMessage): string | undefined => {
    if (any) return '*';
    const origin = req.headers.origin;
    return origin && allowed.has(origin) ? origin : undefined;
  };
  return {
    variesByOrigin: !any,
    headers(req): Record<string, string> {
      const origin = allowOrigin(req);
      return origin ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag, X-Cache, X-Request-Id' } : {};
    },
    preflight(req, methods): Record<string, string> {
      const origin = allowOrigin(req);
      if (!origin) return {};
      return {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': methods,
        'access-control-allow-headers': TILE_REQUEST_HEADERS,
        'access-control-max-age': '600',
      };
    },
  };
}
