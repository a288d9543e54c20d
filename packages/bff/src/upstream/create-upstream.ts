import { context, propagation, type Tracer } from '@opentelemetry/api';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import type { UpstreamCounters, UpstreamOutcome } from '../metrics/create-metrics.js';
import { inSpan } from '../tracing/in-span.js';
import { createDeadline } from './deadline.js';
import { BodyTooLargeError, httpGet, targetOf, type RawResponse } from './http-get.js';
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
  /** `bff_upstream_requests_total` series of this upstream, bound once. */
  counters?: UpstreamCounters;
  /** Present when tracing is on: a span per call, and its `traceparent` sent to Martin. */
  tracer?: Tracer;
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

/** How a call ended, for `bff_upstream_requests_total{outcome}`. */
function outcomeOf(err: unknown, signal: AbortSignal): UpstreamOutcome {
  if (err instanceof BrokenCircuitError) return 'circuit_open';
  if (signal.aborted) return (signal.reason as Error | undefined)?.name === 'TimeoutError' ? 'timeout' : 'aborted';
  return 'error';
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
  const { counters, tracer } = opts;
  const host = new URL(opts.url).host;
  const target = targetOf(opts.url);

  async function send(path: string, { accept, ...rest }: GetOptions): Promise<RawResponse> {
    const started = performance.now();
    try {
      const res = await httpGet(target(path), rest);
      if (!accept(res.status)) throw new UpstreamStatusError(opts.name, res.status);
      latencyMs = Math.round(performance.now() - started);
      return res;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /**
   * A span per call sent, and W3C trace context on the request. The http
   * instrumentation, when it patched node:http, adds its client span below this
   * one and overwrites `traceparent` with it; injecting here keeps the trace
   * joined to Martin's when it could not.
   */
  const tracedSend = (path: string, get: GetOptions) =>
    inSpan(tracer!, 'martin fetch', { 'bff.upstream': opts.name, 'server.address': host, 'url.path': path }, async (span) => {
      const headers = { ...get.headers };
      propagation.inject(context.active(), headers);
      const res = await send(path, { ...get, headers });
      span.setAttribute('http.response.status_code', res.status);
      return res;
    });

  return {
    name: opts.name,
    url: opts.url,
    async get(path, get) {
      try {
        const res = await breaker.execute(() => (tracer ? tracedSend(path, get) : send(path, get)));
        if (counters) counters[res.status === 404 ? 'not_found' : 'ok'].value++;
        return res;
      } catch (err) {
        if (counters) counters[outcomeOf(err, get.signal)].value++;
        throw err;
      }
    },
    usable: () => breaker.state !== CircuitState.Open && breaker.state !== CircuitState.Isolated,
    health: () => ({ name: opts.name, url: opts.url, state: STATE[breaker.state], latencyMs, lastError }),
    async probe(timeoutMs) {
      const deadline = createDeadline(timeoutMs);
      try {
        const started = performance.now();
        const res = await httpGet(target('/health'), { maxBytes: 4096, signal: deadline.signal });
        // Recorded, so a backup that has served nothing yet still shows a latency (readiness, GraphQL health).
        if (res.status === 200) latencyMs = Math.round(performance.now() - started);
        return res.status === 200;
      } catch {
        return false;
      } finally {
        deadline.dispose();
      }
    },
  };
}
