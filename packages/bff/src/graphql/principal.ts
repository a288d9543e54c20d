/**
 * Who is asking, decided once per request in the context factory and closed
 * over by that request's DataLoaders. Authenticators (the static operator
 * token and API keys today; a JWT/JWKS check later) all produce this shape,
 * so resolvers never look at headers.
 */
export interface Principal {
  /** How the caller proved who it is. */
  kind: 'anonymous' | 'api-key' | 'operator';
  /** Stable, non-secret name for logs and metrics (the key's name, never the key). */
  id: string;
  /** Tilesets it may read: `'*'` for all, else the allowed source ids. */
  tilesets: '*' | ReadonlySet<string>;
  /** May call operator mutations (purge). */
  operator: boolean;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', tilesets: '*', operator: false };

/** True when the principal may read the source, or every part of a composite `a,b`. */
export function canReadTileset(principal: Principal, id: string): boolean {
  const { tilesets } = principal;
  return tilesets === '*' || id.split(',').every((part) => tilesets.has(part));
}
