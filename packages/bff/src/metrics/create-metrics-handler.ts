import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { sendError } from '../http/send-json.js';

/**
 * `GET /metrics`: the registry in Prometheus text format. No auth and no
 * CORS: in the cluster only the scraper reaches it (the mesh refuses it from
 * outside, see deploy/README.md).
 */
export function createMetricsHandler(registry: Registry) {
  return async function handleMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed` }, { allow: 'GET, HEAD' });
    }
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
