import type { BenchContext } from '../context.js';
import type { Contender } from '../contenders/types.js';
import { measure } from '../measure.js';
import { peakRssByRole } from '../memory.js';
import { summarise, type Summarised } from '../stats.js';

interface BudgetPoint {
  /** Peak RSS of the process that holds the cache (Martin or the BFF), MiB. */
  cacheHolderPeakMiB: number;
  totalPeakMiB: number;
  warmRps: number;
  /**
   * Misses per client request in the warm run: Martin calls for the BFF,
   * tileset reads (its own cache misses) for Martin alone.
   */
  warmMissesPerRequest: number;
}

/** Per contender, per budget in MiB. */
export type BudgetResult = Record<string, Record<string, Summarised<BudgetPoint>>>;

/**
 * Memory against the cache budget, for the contenders whose budget is a
 * memory size: Martin's own tile cache (`cache_size_mb`) and the BFF's L1.
 * (nginx keeps its cache on disk, in the kernel's page cache, not in its RSS.)
 */
export async function runBudget(ctx: BenchContext, contenders: readonly Contender[]): Promise<BudgetResult> {
  const holders: Record<string, string> = { martin: 'martin', 'bff-memory': 'bff' };
  const out: BudgetResult = {};
  for (const contender of contenders.filter((c) => holders[c.id])) {
    const role = holders[contender.id]!;
    const points: Record<string, BudgetPoint[]> = {};
    for (let rep = 0; rep < ctx.options.scalingReps; rep++) {
      for (const mb of ctx.options.budgetsMb) {
        ctx.env.log(`  budget: ${contender.id} at ${mb} MiB`);
        const running = await ctx.start(contender, { cacheMb: mb });
        try {
          await measure(ctx, contender, running, { which: 'requests', mode: 'once', connections: ctx.options.saturationConnections });
          const warm = await measure(ctx, contender, running, { which: 'requests', mode: 'loop', connections: ctx.options.saturationConnections });
          const rss = peakRssByRole(running.processes());
          (points[String(mb)] ??= []).push({
            cacheHolderPeakMiB: rss[role] ?? NaN,
            totalPeakMiB: rss.total ?? NaN,
            warmRps: warm.rps,
            warmMissesPerRequest: contender.id === 'martin' ? warm.martinCacheMissesPerRequest : warm.upstreamPerRequest,
          });
        } finally {
          await running.stop();
        }
      }
    }
    out[contender.id] = Object.fromEntries(Object.entries(points).map(([mb, runs]) => [mb, summarise(runs)]));
  }
  return out;
}
