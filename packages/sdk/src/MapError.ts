/**
 * How a request failed:
 * - `transport`: no usable HTTP answer (network failure) or a non-2xx status
 *   without a GraphQL body; `status` is set when there was an answer.
 * - `graphql`: the server answered with GraphQL `errors`; `code` is the first
 *   error's `extensions.code`.
 */
export type MapErrorKind = 'transport' | 'graphql';

/** Options of the {@link MapError} constructor. */
export interface MapErrorOptions {
  /** Transport failure or GraphQL error; see {@link MapErrorKind}. Required. */
  kind: MapErrorKind;
  /** HTTP status, when the server answered. */
  status?: number;
  /** `extensions.code` of a GraphQL error, or `NETWORK`/`HTTP_<status>` for transport errors. */
  code?: string;
  /** Every GraphQL error of the response. */
  errors?: ReadonlyArray<GraphQLErrorEntry>;
  /** The URL that was requested. */
  url?: string;
  /** The underlying error (e.g. fetch's `TypeError`), kept as the standard `Error.cause`. */
  cause?: unknown;
}

/** One entry of a GraphQL response's `errors` (GraphQL over HTTP). */
export interface GraphQLErrorEntry {
  /** The server's message; masked as "Unexpected error." for anything unexpected. */
  message: string;
  /** Machine-readable details; `code` tells what went wrong (e.g. `FORBIDDEN`). */
  extensions?: Record<string, unknown>;
}

/**
 * The one error type of the SDK. Cancellation is not a `MapError`: an aborted
 * request rejects with the signal's reason (an `AbortError` DOMException),
 * which {@link isAbortError} recognises.
 */
export class MapError extends Error {
  /** Always `'MapError'`. */
  override readonly name = 'MapError';
  /** Transport failure or GraphQL error; see {@link MapErrorKind}. */
  readonly kind: MapErrorKind;
  /** HTTP status of the answer; `undefined` when there was none (network failure). */
  readonly status: number | undefined;
  /** The first GraphQL error's `extensions.code`, else `HTTP_<status>`, else `NETWORK`. */
  readonly code: string;
  /** Every GraphQL error of the response; empty for transport errors. */
  readonly errors: ReadonlyArray<GraphQLErrorEntry>;
  /** The URL that was requested, when known. */
  readonly url: string | undefined;

  constructor(message: string, options: MapErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.status = options.status;
    this.code = options.code ?? (options.status ? `HTTP_${options.status}` : 'NETWORK');
    this.errors = options.errors ?? [];
    this.url = options.url;
  }

  /** True for failures caused by missing or rejected credentials (401, 403, `UNAUTHENTICATED`, `FORBIDDEN`). */
  get isAuthError(): boolean {
    return this.status === 401 || this.status === 403 || this.code === 'UNAUTHENTICATED' || this.code === 'FORBIDDEN';
  }

  /** True when trying again may help: a network failure or a 5xx answer. */
  get isRetryable(): boolean {
    return this.kind === 'transport' && (this.status === undefined || this.status >= 500);
  }
}

/** True when `error` is a cancellation (an aborted signal), not a failure. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
