import type { IncomingMessage } from 'node:http';

export interface Cors {
  /** Headers for an actual response (empty when the origin is not allowed). */
  headers(req: IncomingMessage): Record<string, string>;
  /** Headers for a preflight (`OPTIONS` with `Access-Control-Request-Method`); never needs auth. */
  preflight(req: IncomingMessage, methods: string): Record<string, string>;
  /** Whether responses vary by `Origin` (an explicit origin list echoes the origin). */
  readonly variesByOrigin: boolean;
}

// Request header names a preflight may ask for: RFC 9110 token characters only.
const HEADER_LIST = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$/;

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
    preflight(req, methods) {
      const origin = allowOrigin(req);
      if (!origin) return {};
      const asked = req.headers['access-control-request-headers'];
      return {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': methods,
        ...(asked && HEADER_LIST.test(asked) ? { 'access-control-allow-headers': asked } : {}),
        'access-control-max-age': '600',
      };
    },
  };
}
