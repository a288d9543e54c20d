import { Redis } from 'ioredis';

export interface RedisClientOptions {
  url: string;
  /** A command without a reply after this long fails (the cache treats it as a miss), ms. */
  commandTimeoutMs: number;
}

/**
 * The one ioredis client of the process, tuned so that a Redis that is down,
 * slow or silently dropping packets (C17) costs a tile request a few hundred
 * milliseconds at most and never grows a queue:
 *
 * - `enableOfflineQueue: false`: while disconnected, commands fail at once
 *   instead of piling up until Redis returns.
 * - `commandTimeout`: a command on a live but unanswering socket fails fast.
 * - `socketTimeout`: a socket that receives nothing while commands wait is
 *   destroyed, which rejects what it held and starts a reconnect; without it
 *   a half-open TCP connection keeps its queue until the kernel gives up.
 * - `maxRetriesPerRequest: 1`, `connectTimeout`, a capped `retryStrategy`:
 *   reconnecting goes on forever in the background, so caching resumes by
 *   itself, but no single request waits for it.
 * - `reconnectOnError` on `READONLY`: after a failover the old primary
 *   answers writes with READONLY; reconnecting reaches the new primary.
 */
export function createRedisClient(opts: RedisClientOptions): Redis {
  return new Redis(opts.url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    commandTimeout: opts.commandTimeoutMs,
    socketTimeout: Math.max(1000, opts.commandTimeoutMs * 4),
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    reconnectOnError: (err) => err.message.startsWith('READONLY'),
  });
}
