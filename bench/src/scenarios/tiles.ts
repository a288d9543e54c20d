import { cacheMix } from '../cache-mix.js';
import type { BenchContext } from '../context.js';
import type { Contender, RunningContender } from '../contenders/types.js';
import { measure } from '../measure.js';
import { deadRoles, peakRssByRole } from '../memory.js';
import { summarise, type Summarised } from '../stats.js';

/** One repetition of the headline figures for one contender. */
export interface TileRun {
  /** Each distinct tile once, from empty caches, at a fixed rate: the price of a miss. */
  cold: {
    p50Ms: number; p99Ms: number; achievedRps: number; upstreamPerRequest: number; errors: number;
    /** Response bytes (headers included) of every distinct tile once: the working set. */
    bytesMiB: number;
  };
  /** The whole sequence once from empty caches at saturation: coalescing and hit ratio as traffic arrives. */
  coldPass: { rps: number; upstreamPerRequest: number; errors: number; genCpuShare: number };
  /** The sequence again and again with warm caches at saturation. */
  warm: {
    rps: number; p50Ms: number; p99Ms: number; upstreamPerRequest: number; errors: number;
    genCpuShare: number; serverCpuMsPerKReq: number;
  };
  /** Warm caches at the fixed rate: latency that is the server's, not queueing's. */
  warmFixed: { achievedRps: number; p50Ms: number; p99Ms: number; errors: number };
  /** Peak resident memory over the rep, MiB, by process role and in total. */
  peakRssMiB: Record<string, number>;
  /** Share of warm answers by the front end's cache-status header (BFF `x-cache`, nginx `x-cache-status`). */
  warmCacheMix: Record<string, number>;
}

/** The cache-status header each front end sets; Martin alone has none. */
const CACHE_HEADER: Record<string, string> = {
  nginx: 'x-cache-status', 'nginx-nosendfile': 'x-cache-status', 'bff-memory': 'x-cache', 'bff-redis': 'x-cache',
};


export type TileResult = Summarised<TileRun>;

/** Adds which server process had exited, the usual reason a run fails. */
function withDeadRoles(err: unknown, running: RunningContender): Error {
  const dead = deadRoles(running.processes());
  const message = err instanceof Error ? err.message : String(err);
  return new Error(dead.length ? `${message} (exited: ${dead.join(', ')})` : message);
}

async function tileRun(ctx: BenchContext, contender: Contender): Promise<TileRun> {
  const o = ctx.options;
  // Cold latency gets its own fresh processes: the saturation pass below
  // would otherwise find the tiles already cached.
  const fresh = await ctx.start(contender);
  let cold;
  try {
    cold = await measure(ctx, contender, fresh, { which: 'distinct', mode: 'once', connections: o.fixedConnections, rate: o.coldRate });
  } catch (err) {
    throw withDeadRoles(err, fresh);
  } finally {
    await fresh.stop();
  }
  const running = await ctx.start(contender);
  try {
    const coldPass = await measure(ctx, contender, running, { which: 'requests', mode: 'once', connections: o.saturationConnections });
    const warm = await measure(ctx, contender, running, { which: 'requests', mode: 'loop', connections: o.saturationConnections });
    const fixed = await measure(ctx, contender, running, { which: 'requests', mode: 'loop', connections: o.fixedConnections, rate: o.fixedRate });
    const peakRssMiB = peakRssByRole(running.processes());
    const header = CACHE_HEADER[contender.id];
    const warmCacheMix = header ? await cacheMix(running, ctx.workload.requests.slice(0, o.mixSample), ctx.headers, header) : {};
    return {
      cold: { p50Ms: cold.latencyMs.p50, p99Ms: cold.latencyMs.p99, achievedRps: cold.rps, upstreamPerRequest: cold.upstreamPerRequest, errors: cold.errors,
        bytesMiB: cold.bytes / 2 ** 20 },
      coldPass: { rps: coldPass.rps, upstreamPerRequest: coldPass.upstreamPerRequest, errors: coldPass.errors, genCpuShare: coldPass.genCpuShare },
      warm: {
        rps: warm.rps, p50Ms: warm.latencyMs.p50, p99Ms: warm.latencyMs.p99, upstreamPerRequest: warm.upstreamPerRequest,
        errors: warm.errors, genCpuShare: warm.genCpuShare, serverCpuMsPerKReq: warm.serverCpuMsPerKReq,
      },
      warmFixed: { achievedRps: fixed.rps, p50Ms: fixed.latencyMs.p50, p99Ms: fixed.latencyMs.p99, errors: fixed.errors },
      peakRssMiB,
      warmCacheMix,
    };
  } catch (err) {
    throw withDeadRoles(err, running);
  } finally {
    await running.stop();
  }
}

/**
 * The headline figures for every contender, `reps` times each. Contenders
 * take turns within a repetition (in a rotating order), so slow drift on a
 * shared machine spreads over all of them instead of favouring one.
 */
export async function runTiles(
  ctx: BenchContext,
  contenders: readonly Contender[],
  failed: (id: string, why: string) => void,
): Promise<Record<string, TileResult>> {
  const runs = new Map<string, TileRun[]>(contenders.map((c) => [c.id, []]));
  const broken = new Set<string>();
  for (let rep = 0; rep < ctx.options.reps; rep++) {
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(i + rep) % contenders.length]!;
      if (broken.has(contender.id)) continue;
      ctx.env.log(`  tiles: ${contender.id}, run ${rep + 1}/${ctx.options.reps}`);
      try {
        runs.get(contender.id)!.push(await tileRun(ctx, contender));
      } catch (err) {
        // One contender failing (a crash under load) must not cost the others their figures.
        broken.add(contender.id);
        failed(contender.id, err instanceof Error ? err.message.split('\n')[0]! : String(err));
      }
    }
  }
  return Object.fromEntries([...runs].filter(([id, r]) => r.length > 0 && !broken.has(id)).map(([id, r]) => [id, summarise(r)]));
}
