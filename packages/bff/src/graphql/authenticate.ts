import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from './api-keys.js';
import { forbidden, unauthenticated } from './errors.js';
import type { GraphqlConfig } from './graphql-config.js';
import { ANONYMOUS, type Principal } from './principal.js';

/** The part of a request an authenticator reads (a fetch `Request` fits; the tile route passes its own). */
export interface CredentialSource {
  headers: { get(name: string): string | null };
}

/** Turns a request into a Principal, or throws an expected error (401/403). */
export type Authenticator = (request: CredentialSource) => Principal;

/**
 * Compares secrets in constant time. Hashing first makes both sides the same
 * length, so neither the length nor a matching prefix leaks through timing.
 */
export function secretEquals(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The static authenticator: `Authorization: Bearer <OPERATOR_TOKEN>` makes an
 * operator, `X-Api-Key` a key holder, nothing an anonymous caller (refused
 * when `requireApiKey`). A JWT authenticator can replace it later by
 * returning the same Principal shape. A credential that is sent but wrong is
 * always refused: it never falls back to anonymous.
 */
export function createAuthenticator(config: Pick<GraphqlConfig, 'operatorToken' | 'apiKeys' | 'requireApiKey'>): Authenticator {
  const keys: readonly ApiKey[] = config.apiKeys;
  return (request) => {
    const authorization = request.headers.get('authorization');
    if (authorization !== null) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      if (!token || !config.operatorToken || !secretEquals(token, config.operatorToken)) {
        throw unauthenticated('Invalid bearer token.');
      }
      return { kind: 'operator', id: 'operator', tilesets: '*', operator: true };
    }
    const given = request.headers.get('x-api-key');
    if (given !== null) {
      // Check every key (no early exit) so timing does not tell which matched.
      let match: ApiKey | undefined;
      for (const k of keys) if (secretEquals(given, k.key) && !match) match = k;
      if (!match) throw unauthenticated('Unknown API key.');
      const origin = request.headers.get('origin');
      if (match.origins && origin !== null && !match.origins.includes(origin)) {
        throw forbidden('This API key is not allowed from this origin.');
      }
      return { kind: 'api-key', id: match.name, tilesets: match.tilesets === '*' ? '*' : new Set(match.tilesets), operator: false };
    }
    if (config.requireApiKey) throw unauthenticated('An API key (X-Api-Key) is required.');
    return ANONYMOUS;
  };
}
