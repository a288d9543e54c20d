import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TieredByteCache } from '../cache/create-byte-cache.js';
import { sendJson } from '../http/send-json.js';
import type { CheckedMartinClient } from '../upstream/create-martin-client.js';

export interface HealthHandlerOptions {
  martin: CheckedMartinClient;
  cache: TieredByteCache;
  /** True once shutdown began: readiness fails so the load balancer drains this pod. */
  draining: () => boolean;
  /** Per-upstream probe timeout, ms. Default 1000. */
  probeTimeoutMs?: number;
}

/**
 * `/healthz` (liveness) answers 200 whenever the event loop runs: restarting
 * the pod cannot fix Martin or Redis, so it checks neither.
 * `/readyz` is 200 while at least one Martin is reachable and its circuit is
 * not open. Redis is reported but never fails readiness: without it the BFF
 * still serves from L1 and Martin.
 */
export function createHealthHandler(opts: HealthHandlerOptions) {
  return {
    liveness(_req: IncomingMessage, res: ServerResponse): void {
      sendJson(res, 200, { status: 'ok' });
    },
    async readiness(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const upstreams = await opts.martin.probe(opts.probeTimeoutMs ?? 1000);
      const usable = upstreams.some((u) => u.reachable && u.state !== 'open');
      const ready = usable && !opts.draining();
      const { l1, l2 } = opts.cache.health();
      sendJson(res, ready ? 200 : 503, {
        status: ready ? 'ready' : opts.draining() ? 'draining' : 'unready',
        upstreams,
        cache: { l1: { state: 'up', ...l1 }, l2: l2 ?? { state: 'disabled' } },
      }, {}, req.method === 'HEAD');
    },
  };
}
