import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from '../context.js';
import type { Contender } from '../contenders/types.js';
import { summariseProfile, type ProfileSummary } from '../cpu-profile.js';
import { freshDir } from '../launch.js';
import { measure } from '../measure.js';

export type ProfileResult =
  | (ProfileSummary & { contender: string; warmRps: number; warmRpsNote: string; profileFile: string })
  | { skipped: string };

/**
 * Profiles the BFF's warm-tile hot path: `node --cpu-prof`, a cold pass to
 * fill the cache, then warm saturation load, then a clean stop (Node writes
 * the profile on exit). Only the warm window is summarised; the profiler
 * itself slows the BFF, so its throughput here is not a benchmark figure.
 */
export async function runProfile(ctx: BenchContext, bff: Contender | undefined): Promise<ProfileResult> {
  if (!bff) return { skipped: 'the BFF contender is not available' };
  const dir = freshDir(ctx.env.workDir, 'cpu-prof');
  mkdirSync(dir, { recursive: true });
  const running = await ctx.start(bff, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  let warmRps = NaN;
  let warmStart = 0;
  let warmEnd = 0;
  try {
    await measure(ctx, bff, running, { which: 'requests', mode: 'once', connections: ctx.options.saturationConnections });
    warmStart = performance.now();
    const warm = await measure(ctx, bff, running, {
      which: 'requests', mode: 'loop', connections: ctx.options.saturationConnections,
      durationS: Math.max(10, ctx.options.durationS * 2),
    });
    warmEnd = performance.now();
    warmRps = warm.rps;
  } finally {
    await running.stop();
  }
  const stopped = performance.now();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    return { skipped: 'the BFF wrote no .cpuprofile: Node writes it only on a normal exit, so the BFF must exit (process.exit) on SIGTERM' };
  }
  // The profile ends when the process exits (≈ `stopped`); trim 0.5 s off each
  // end of the warm run so start-up of the load and shutdown stay out.
  const summary = summariseProfile(join(dir, file), {
    fromEndMs: stopped - warmStart - 500,
    toEndMs: stopped - warmEnd + 500,
  });
  return {
    ...summary,
    contender: bff.id,
    warmRps,
    warmRpsNote: 'under the profiler; not comparable with the benchmark figures',
    profileFile: join(dir, file),
  };
}
