import type { GraphqlContext } from '../context.js';
import type { Health } from '../generated/resolvers-types.js';

/**
 * `ok` when every upstream's circuit is closed, `down` when none is usable,
 * else `degraded`. Upstream URLs and error texts stay out: they would tell
 * strangers about the internal network.
 */
export function healthResolver(_parent: unknown, _args: unknown, ctx: GraphqlContext): Health {
  const upstreams = ctx.deps.martin.health();
  const usable = upstreams.filter((u) => u.state !== 'open').length;
  const healthy = upstreams.filter((u) => u.state === 'closed').length;
  const status = usable === 0 ? 'down' : healthy === upstreams.length ? 'ok' : 'degraded';
  return {
    status,
    version: ctx.config.buildVersion,
    upstreams: upstreams.map((u) => ({ name: u.name, state: u.state, latencyMs: u.latencyMs })),
    cache: ctx.deps.cacheStats().map((t) => ({ tier: t.tier, hits: t.hits, misses: t.misses, hitRatio: t.hitRatio })),
  };
}
