import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import { createAuthenticator } from '../graphql/authenticate.js';
import type { GraphqlConfig } from '../graphql/graphql-config.js';
import { canReadTileset } from '../graphql/principal.js';
import type { ErrorBody } from '../http/send-json.js';

/** Why a tile request is refused: 401 (no or a wrong credential) or 403 (not allowed). */
export interface TileAuthRefusal {
  status: 401 | 403;
  body: ErrorBody;
}

/** Checks one tile request against the API keys; undefined = allowed. */
export type TileAuth = (req: IncomingMessage, query: URLSearchParams, source: string) => TileAuthRefusal | undefined;

export type TileAuthConfig = Partial<Pick<GraphqlConfig, 'operatorToken' | 'apiKeys' | 'requireApiKey'>>;

/**
 * API keys on the tile route, with GraphQL's authenticator and permissions
 * (`src/graphql/authenticate.ts`, `canReadTileset`): the same principal for
 * the same credentials on both routes. The key comes from `X-Api-Key` or,
 * for plain `<img>` tile URLs, the `key` query parameter (the header wins).
 * An operator bearer token reads everything.
 *
 * Undefined (no checks at all) unless keys are configured or required:
 * without them every caller may read every tileset, so there is nothing to
 * check and a stray `?key=` is ignored rather than refused.
 *
 * The key never reaches a cache key (tile keys are source, version, z/x/y
 * and encoding), and the tile handler adds `Vary: Origin, X-Api-Key,
 * Authorization` while this is on, so a shared cache hands a stored tile
 * only to a request with the same credentials; `?key=` URLs are distinct
 * cache entries by URL already.
 */
export function createTileAuth(config: TileAuthConfig): TileAuth | undefined {
  const apiKeys = config.apiKeys ?? [];
  if (apiKeys.length === 0 && !config.requireApiKey) return undefined;
  const authenticate = createAuthenticator({ apiKeys, requireApiKey: config.requireApiKey ?? false, operatorToken: config.operatorToken });

  return (req, query, source) => {
    const header = (name: string): string | null => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    };
    const headers = { get: (name: string) => header(name.toLowerCase()) ?? (name.toLowerCase() === 'x-api-key' ? query.get('key') : null) };
    let principal;
    try {
      principal = authenticate({ headers });
    } catch (err) {
      const code = (err as GraphQLError).extensions?.code;
      if (code === 'UNAUTHENTICATED') return { status: 401, body: { code, message: (err as Error).message } };
      if (code === 'FORBIDDEN') return { status: 403, body: { code, message: (err as Error).message } };
      throw err;
    }
    if (!canReadTileset(principal, source)) return { status: 403, body: { code: 'FORBIDDEN', message: `Not allowed to read tileset "${source}".`, part: 'source' } };
    return undefined;
  };
}
