import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout, one object per line, for the cluster's log shipper.
 * Field names follow pino's defaults (`level`, `time`, `msg`); every request
 * log carries `reqId`, the same value as the `X-Request-Id` response header.
 */
export function createLogger(opts: { level: string; name?: string }): Logger {
  return pino({
    name: opts.name ?? 'map-bff',
    level: opts.level,
    base: { pid: process.pid },
    // Never log credentials that clients send.
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
  });
}
