import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

/**
 * Expected errors: each has a stable `extensions.code` clients can switch on
 * and an `extensions.http.status` Yoga uses for the response (the highest one
 * wins when several errors occur). Anything else is masked by Yoga as
 * "Unexpected error." and logged.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UPSTREAM_UNAVAILABLE';

const STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UPSTREAM_UNAVAILABLE: 503,
};

export function expectedError(code: ErrorCode, message: string, extra?: Record<string, unknown>): GraphQLError {
  const headers = code === 'UNAUTHENTICATED' ? { 'WWW-Authenticate': 'Bearer' } : undefined;
  return createGraphQLError(message, { extensions: { ...extra, code, http: { status: STATUS[code], ...(headers && { headers }) } } });
}

export const badUserInput = (message: string, extra?: Record<string, unknown>) => expectedError('BAD_USER_INPUT', message, extra);
export const unauthenticated = (message: string) => expectedError('UNAUTHENTICATED', message);
export const forbidden = (message: string, extra?: Record<string, unknown>) => expectedError('FORBIDDEN', message, extra);

/** Martin failed after failover; the cause goes to the log, never to the client. */
export function upstreamUnavailable(): GraphQLError {
  return expectedError('UPSTREAM_UNAVAILABLE', 'Tileset metadata is temporarily unavailable; try again shortly.');
}
