import { randomUUID } from 'node:crypto';
import type { RedisGuard } from './create-redis-guard.js';

/**
 * A short Redis lease (`SET key token NX PX ttl`) that lets several BFF
 * replicas agree on which one fetches a cold tile from Martin; the others
 * poll L2 briefly for the result. A lease is only an optimisation: when Redis
 * is unavailable every replica simply fetches, so the lease can never block
 * a tile.
 */
export interface FleetLease {
  /** A release function when this process holds the lease (or Redis is unusable), null when another replica does. */
  acquire(key: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
}

// Deletes the lease only if it is still ours: after a slow fetch it may have
// expired and been taken by another replica.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const noop = async () => {};

export function createFleetLease(redis: RedisGuard): FleetLease {
  return {
    async acquire(key, ttlMs) {
      const token = randomUUID();
      let reply: string | null;
      try {
        reply = await redis.run((r) => r.set(key, token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX'));
      } catch {
        return noop;
      }
      if (reply !== 'OK') return null;
      return async () => {
        await redis.run((r) => r.eval(RELEASE, 1, key, token)).catch(() => undefined);
      };
    },
  };
}
