import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';
import type { Redis } from 'ioredis';
import type { BffMetrics } from '../metrics/create-metrics.js';

/** Redis is known to be unusable right now; nothing was sent. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export interface RedisHealth {
  /** `up`: commands go through; `down`: skipped until the breaker probes again. */
  state: 'up' | 'down';
  /** ioredis connection status (`ready`, `connecting`, `reconnecting`, …). */
  connection: string;
  lastError: string | null;
}

/** Every Redis call of the BFF goes through one guard. */
export interface RedisGuard {
  run<T>(command: (redis: Redis) => Promise<T>): Promise<T>;
  health(): RedisHealth;
}

/**
 * Wraps the injected ioredis client in a circuit breaker. ioredis already
 * fails fast while disconnected; the breaker covers the worse case of a
 * connected socket that stops answering (packets dropped, Redis paused):
 * after a few timeouts, tile requests stop sending commands at all, so no
 * request pays the command timeout and nothing accumulates, and one probe a
 * second finds out when Redis is back.
 */
export interface RedisGuardOptions {
  failureThreshold?: number;
  halfOpenAfterMs?: number;
  /**
   * Commands in flight at once (default 64). The breaker needs a few timeouts
   * before it opens, and a burst can arrive inside that window; past this
   * bound commands are skipped, as if Redis were down, so the ioredis queue
   * stays bounded however the timing falls.
   */
  maxInFlight?: number;
  /** Counts commands that failed, timed out or were not sent. */
  metrics?: Pick<BffMetrics, 'redisErrors'>;
}

export function createRedisGuard(redis: Redis, opts: RedisGuardOptions = {}): RedisGuard {
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: opts.halfOpenAfterMs ?? 1000,
    breaker: new ConsecutiveBreaker(opts.failureThreshold ?? 3),
  });
  let lastError: string | null = null;
  let inFlight = 0;
  const maxInFlight = opts.maxInFlight ?? 64;
  const errors = opts.metrics?.redisErrors;

  return {
    async run(command) {
      if (redis.status !== 'ready') {
        if (errors) errors.unavailable.value++;
        throw new RedisUnavailableError(`redis is ${redis.status}`);
      }
      if (inFlight >= maxInFlight) {
        if (errors) errors.unavailable.value++;
        throw new RedisUnavailableError(`${inFlight} redis commands already in flight`);
      }
      // An open breaker rejects inside execute() without calling Redis; it must
      // still be asked, because that is where it moves to half-open and probes.
      inFlight++;
      try {
        return await breaker.execute(() => command(redis));
      } catch (err) {
        if (err instanceof BrokenCircuitError) {
          if (errors) errors.unavailable.value++;
        } else {
          lastError = err instanceof Error ? err.message : String(err);
          // ioredis rejects with this message when `commandTimeout` passes (Command.js).
          if (errors) (lastError === 'Command timed out' ? errors.timeout : errors.error).value++;
        }
        throw err;
      } finally {
        inFlight--;
      }
    },
    health: () => ({
      state: redis.status === 'ready' && breaker.state !== CircuitState.Open ? 'up' : 'down',
      connection: redis.status,
      lastError,
    }),
  };
}
