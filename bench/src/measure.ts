import { pathsFile, type BenchContext, type Sequence } from './context.js';
import type { Contender, RunningContender } from './contenders/types.js';
import { runLoad, type LoadResult } from './load.js';
import { diffCounts, sumMartinCounts } from './martin-metrics.js';
import { totalCpuSeconds } from './memory.js';

export interface LoadSpec {
  which: Sequence;
  mode: 'loop' | 'once';
  connections: number;
  /** Omit for saturation. */
  rate?: number;
  /** Defaults to the options' duration; `once` runs get a generous bound instead. */
  durationS?: number;
}

export interface Measured extends LoadResult {
  /** Martin tile requests this run caused (all Martins behind the contender). */
  upstreamTiles: number;
  /** Martin tile requests per client request. */
  upstreamPerRequest: number;
  /** Server CPU milliseconds per 1000 requests (all the contender's processes). */
  serverCpuMsPerKReq: number;
  /** Misses of Martin's own tile cache per client request (tileset file reads). */
  martinCacheMissesPerRequest: number;
}

/**
 * One load run with its side effects measured: Martin's tile counter and the
 * servers' CPU time are read before and after, so every figure comes with
 * the upstream calls and CPU it cost.
 */
export async function measure(ctx: BenchContext, contender: Contender, running: RunningContender, spec: LoadSpec): Promise<Measured> {
  const file = pathsFile(ctx, contender, running, spec.which);
  const listLength = ctx.workload[spec.which].length;
  const processes = running.processes();
  const before = await sumMartinCounts(running.martinUrls);
  const cpuBefore = totalCpuSeconds(processes);
  // A bound for a `once` pass: generous (100 req/s at the least), but finite if
  // wrk were ever not told to stop at the end of the list.
  const onceBound = Math.max(30, listLength / 100);
  const result = await runLoad({
    baseUrl: running.baseUrl,
    pathsFile: file,
    mode: spec.mode,
    connections: spec.connections,
    rate: spec.rate,
    durationS: spec.mode === 'once' ? onceBound : (spec.durationS ?? ctx.options.durationS),
    headers: ctx.headers,
    seed: ctx.options.seed,
    cpus: ctx.genCpus,
  });
  const cpu = totalCpuSeconds(processes) - cpuBefore;
  if (spec.mode === 'once' && result.durationS >= onceBound - 1) {
    throw new Error(`${contender.id}: the ${spec.which} pass ran into its ${onceBound} s bound instead of ending with the list`);
  }
  if (process.env.BENCH_DEBUG) {
    ctx.env.log(`    ${contender.id} ${spec.which}/${spec.mode} c=${spec.connections}${spec.rate ? ` @${spec.rate}/s` : ''}: ` +
      `${result.requests} req in ${result.durationS.toFixed(2)} s, p99 ${result.latencyMs.p99} ms, errors ${result.errors}`);
  }
  const upstream = diffCounts(await sumMartinCounts(running.martinUrls), before);
  // A `once` pass sends the whole list; wrk drops the last in-flight answers
  // from its count when it stops, so the list length is the true denominator.
  const sent = spec.mode === 'once' ? listLength : result.requests;
  return {
    ...result,
    upstreamTiles: upstream.tiles,
    upstreamPerRequest: upstream.tiles / sent,
    serverCpuMsPerKReq: (cpu * 1000 * 1000) / sent,
    // No cache lookups at all means Martin kept no cache (seen at cache_size_mb 1): unknown, not 0.
    martinCacheMissesPerRequest: upstream.cacheHits + upstream.cacheMisses > 0 ? upstream.cacheMisses / sent : NaN,
  };
}
