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
  kind: MapErrorKind;
  /** HTTP status, when the server answered. */
  status?: number;
  /** `extensions.code` of a GraphQL error, or `NETWORK`/`HTTP_<status>` for transport errors. */
  code?: string;
  /** Every GraphQL error of the response. */
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  /** The URL that was requested. */
  url?: string;
  cause?: unknown;
}

/**
 * The one error type of the SDK. Cancellation is not a `MapError`: an aborted
 * request rejects with the signal's reason (an `AbortError` DOMException),
 * which {@link isAbortError} recognises.
 */
export class MapError extends Error {
  override readonly name = 'MapError';
  readonly kind: MapErrorKind;
  readonly status: number | undefined;
  readonly code: string;
  readonly errors: NonNullable<MapErrorOptions['errors']>;
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
