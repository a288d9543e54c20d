import type { Tracer } from '@opentelemetry/api';
import { BrokenCircuitError } from 'cockatiel';
import type { BffMetrics } from '../metrics/create-metrics.js';
import { decode } from '../tiles/codec.js';
import { createUpstream, type Upstream } from './create-upstream.js';
import { createDeadline } from './deadline.js';
import { detectEncoding } from './detect-encoding.js';
import { BodyTooLargeError, type RawResponse } from './http-get.js';
import type { MartinCatalog, MartinClient, TileJson, UpstreamHealth, UpstreamTile } from './types.js';

/** No upstream answered within the deadline → 504. */
export class UpstreamTimeoutError extends Error {
  override name = 'UpstreamTimeoutError';
}
/** Every circuit is open: nothing was tried → 503. */
export class UpstreamUnavailableError extends Error {
  override name = 'UpstreamUnavailableError';
}
/** Martin has no such resource (source gone between catalog and call). */
export class UpstreamNotFoundError extends Error {
  override name = 'UpstreamNotFoundError';
}

export interface MartinClientOptions {
  primaryUrl: string;
  /** Absent → no failover target. */
  backupUrl?: string;
  /** One deadline for every attempt of one call, ms. Keep it below the clients' and the mesh's timeouts. */
  timeoutMs: number;
  /** false → one attempt per call (the mesh retries); true → primary, then backup. */
  retries: boolean;
  /** Upstream bodies above this are refused, unread. */
  maxTileBytes: number;
  failureThreshold?: number;
  halfOpenAfterMs?: number;
  /** Calls by upstream and outcome, failovers. */
  metrics?: Pick<BffMetrics, 'upstream' | 'failovers'>;
  /** Present when tracing is on. */
  tracer?: Tracer;
}

/** MartinClient plus an active check of each instance for `/readyz`. */
export interface CheckedMartinClient extends MartinClient {
  probe(timeoutMs?: number): Promise<Array<UpstreamHealth & { reachable: boolean }>>;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;

export function createMartinClient(opts: MartinClientOptions): CheckedMartinClient {
  const { metrics } = opts;
  const upstreams: Upstream[] = [createUpstream({ ...opts, name: 'primary', url: opts.primaryUrl, counters: metrics?.upstream('primary') })];
  if (opts.backupUrl) upstreams.push(createUpstream({ ...opts, name: 'backup', url: opts.backupUrl, counters: metrics?.upstream('backup') }));

  /**
   * Runs `call` against the usable upstreams in order, all within one
   * deadline. The first attempt gets at most half of it when another
   * upstream could follow, so a primary that hangs (C13) still leaves the
   * backup time to answer. With retries off, only the first usable upstream
   * is tried: routing around an open circuit is not a retry.
   */
  async function failover<T>(call: (u: Upstream, signal: AbortSignal) => Promise<T>, callerSignal?: AbortSignal): Promise<T> {
    // Cleared timers (createDeadline), not AbortSignal.timeout/any: those cannot be cleared and would fire after every answer.
    const deadline = createDeadline(opts.timeoutMs, callerSignal);
    const { signal } = deadline;
    const started = Date.now();
    let tries: Upstream[];
    if (upstreams.length === 1) tries = upstreams[0]!.usable() ? upstreams : [];
    else {
      const candidates = upstreams.filter((u) => u.usable());
      tries = opts.retries ? candidates : candidates.slice(0, 1);
    }
    let lastError: unknown;
    try {
      for (let i = 0; i < tries.length; i++) {
        const upstream = tries[i]!;
        // A call that reaches the backup: the primary just failed, or its circuit is open.
        if (metrics && upstream !== upstreams[0]) (i > 0 ? metrics.failovers.error : metrics.failovers.circuitOpen).value++;
        const remaining = opts.timeoutMs - (Date.now() - started);
        const attempt = i < tries.length - 1 ? createDeadline(Math.max(1, Math.floor(remaining / 2)), signal) : undefined;
        try {
          return await call(upstream, attempt ? attempt.signal : signal);
        } catch (err) {
          if (err instanceof BodyTooLargeError || err instanceof UpstreamNotFoundError) throw err;
          if (signal.aborted) break;
          // A circuit that opened since `usable()` was checked was not tried: keep the 503 unless something real failed.
          if (!(err instanceof BrokenCircuitError)) lastError = err;
        } finally {
          attempt?.dispose();
        }
      }
    } finally {
      deadline.dispose();
    }
    if (deadline.expired) throw new UpstreamTimeoutError(`no Martin answered within ${opts.timeoutMs} ms`);
    if (callerSignal?.aborted) throw callerSignal.reason;
    // Built only on this path: an error's stack trace is not free.
    throw lastError ?? new UpstreamUnavailableError('every Martin upstream circuit is open');
  }

  async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const res = await failover((u, s) => u.get(path, { maxBytes: MAX_JSON_BYTES, signal: s, headers: { 'accept-encoding': 'gzip' }, accept: (st) => st === 200 || st === 404 }), signal);
    if (res.status === 404) throw new UpstreamNotFoundError(`Martin has no ${path}`);
    const encoding = detectEncoding(res.headers['content-encoding'], res.body) ?? 'identity';
    return JSON.parse((await decode(res.body, encoding, MAX_JSON_BYTES)).toString('utf8')) as T;
  }

  return {
    catalog: (signal) => getJson<MartinCatalog>('/catalog', signal),
    tileJson: (ids, signal) => getJson<TileJson>(`/${ids.map(encodeURIComponent).join(',')}`, signal),

    async tile(ids, z, x, y, { acceptEncoding, signal }) {
      const path = `/${ids.map(encodeURIComponent).join(',')}/${z}/${x}/${y}`;
      let served: Upstream | undefined;
      const res: RawResponse = await failover((u, s) => {
        served = u;
        return u.get(path, { maxBytes: opts.maxTileBytes, signal: s, headers: { 'accept-encoding': acceptEncoding }, accept: (st) => st === 200 || st === 204 || st === 404 });
      }, signal);
      const status = res.status as 200 | 204 | 404;
      const ct = res.headers['content-type'];
      return {
        status,
        body: status === 200 ? res.body : new Uint8Array(0),
        contentType: typeof ct === 'string' ? ct : null,
        contentEncoding: status === 200 ? detectEncoding(res.headers['content-encoding'], res.body) : null,
        upstream: served!.name,
      } satisfies UpstreamTile;
    },

    health: () => upstreams.map((u) => u.health()),
    // health() after the probe, so the answer carries the latency the probe just measured.
    probe: (timeoutMs = 1000) => Promise.all(upstreams.map(async (u) => {
      const reachable = await u.probe(timeoutMs);
      return { ...u.health(), reachable };
    })),
  };
}
