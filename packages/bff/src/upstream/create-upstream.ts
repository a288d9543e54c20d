import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { BodyTooLargeError, httpGet, type RawResponse } from './http-get.js';
import type { UpstreamHealth, UpstreamName } from './types.js';

/** Martin answered with a status that means "this instance is not well". */
export class UpstreamStatusError extends Error {
  constructor(readonly upstream: UpstreamName, readonly status: number) {
    super(`${upstream} answered HTTP ${status}`);
    this.name = 'UpstreamStatusError';
  }
}

export interface UpstreamOptions {
  name: UpstreamName;
  url: string;
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long an open circuit waits before letting one probe call through, ms. Default 5000. */
  halfOpenAfterMs?: number;
}

export interface GetOptions {
  headers?: Record<string, string>;
  maxBytes: number;
  signal: AbortSignal;
  /** Statuses that are answers (not failures); anything else counts against the circuit. */
  accept: (status: number) => boolean;
}

/** One Martin instance behind its own circuit breaker. */
export interface Upstream {
  readonly name: UpstreamName;
  readonly url: string;
  get(path: string, opts: GetOptions): Promise<RawResponse>;
  /** Whether the circuit lets calls through right now (closed or half-open). */
  usable(): boolean;
  health(): UpstreamHealth;
  /** Martin's `/health` (always 200 when the process answers), outside the breaker. */
  probe(timeoutMs: number): Promise<boolean>;
}

const STATE = { [CircuitState.Closed]: 'closed', [CircuitState.Open]: 'open', [CircuitState.HalfOpen]: 'half-open', [CircuitState.Isolated]: 'open' } as const;

export function createUpstream(opts: UpstreamOptions): Upstream {
  // An oversized body is the tile's fault, not the instance's: it must not open the circuit.
  const breaker = circuitBreaker(handleWhen((err) => !(err instanceof BodyTooLargeError)), {
    halfOpenAfter: opts.halfOpenAfterMs ?? 5000,
    breaker: new ConsecutiveBreaker(opts.failureThreshold ?? 5),
  });
  let latencyMs: number | null = null;
  let lastError: string | null = null;

  return {
    name: opts.name,
    url: opts.url,
    async get(path, { accept, ...rest }) {
      return breaker.execute(async () => {
        const started = performance.now();
        try {
          const res = await httpGet(opts.url + path, rest);
          if (!accept(res.status)) throw new UpstreamStatusError(opts.name, res.status);
          latencyMs = Math.round(performance.now() - started);
          return res;
        } catch (err) {
          lastError = err instanceof Error ? err.message : String(err);
          throw err;
        }
      });
    },
    usable: () => breaker.state !== CircuitState.Open && breaker.state !== CircuitState.Isolated,
    health: () => ({ name: opts.name, url: opts.url, state: STATE[breaker.state], latencyMs, lastError }),
    async probe(timeoutMs) {
      try {
        const res = await httpGet(`${opts.url}/health`, { maxBytes: 4096, signal: AbortSignal.timeout(timeoutMs) });
        return res.status === 200;
      } catch {
        return false;
      }
    },
  };
}
