import type { BenchContext } from '../context.js';
import type { Contender } from '../contenders/types.js';
import { measure } from '../measure.js';
import { deadRoles } from '../memory.js';
import { summarise, type Summarised } from '../stats.js';

interface ScalingPoint {
  rps: number;
  p99Ms: number;
  genCpuShare: number;
  errors: number;
}

/** Per contender, per connection count: warm throughput and p99. */
export type ScalingResult = Record<string, Record<string, Summarised<ScalingPoint>>>;

/**
 * Warm throughput and p99 as concurrency grows, on one warmed instance per
 * contender. Each level runs `scalingReps` times, levels interleaved.
 */
export async function runScaling(
  ctx: BenchContext,
  contenders: readonly Contender[],
  failed: (id: string, why: string) => void,
): Promise<ScalingResult> {
  const out: ScalingResult = {};
  for (const contender of contenders) {
    ctx.env.log(`  scaling: ${contender.id}`);
    const running = await ctx.start(contender);
    try {
      await measure(ctx, contender, running, { which: 'requests', mode: 'once', connections: ctx.options.saturationConnections });
      const points = new Map<number, ScalingPoint[]>();
      for (let rep = 0; rep < ctx.options.scalingReps; rep++) {
        for (const connections of ctx.options.scalingConnections) {
          const m = await measure(ctx, contender, running, { which: 'requests', mode: 'loop', connections });
          const list = points.get(connections) ?? [];
          list.push({ rps: m.rps, p99Ms: m.latencyMs.p99, genCpuShare: m.genCpuShare, errors: m.errors });
          points.set(connections, list);
        }
      }
      out[contender.id] = Object.fromEntries([...points].map(([c, runs]) => [String(c), summarise(runs)]));
    } catch (err) {
      const dead = deadRoles(running.processes());
      failed(contender.id, `${err instanceof Error ? err.message.split('\n')[0] : String(err)}${dead.length ? ` (exited: ${dead.join(', ')})` : ''}`);
    } finally {
      await running.stop();
    }
  }
  return out;
}
