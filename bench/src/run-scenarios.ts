import type { Contender } from './contenders/types.js';
import type { BenchContext } from './context.js';
import type { BenchResults } from './results.js';
import { runBudget } from './scenarios/budget.js';
import { runFirstView } from './scenarios/first-view.js';
import { runGraphql } from './scenarios/graphql.js';
import { runScaling } from './scenarios/scaling.js';
import { measureSdkBundle } from './scenarios/sdk-bundle.js';
import { runTiles } from './scenarios/tiles.js';

/**
 * Runs the chosen scenarios in order, each on its own: a scenario that fails
 * is recorded with its reason and the rest still run, so one broken part
 * (a demo that does not build yet) never costs the other figures.
 */
export async function runScenarios(ctx: BenchContext, ready: readonly Contender[], results: BenchResults): Promise<void> {
  const want = ctx.options.scenarios;
  const bffs = ready.filter((c) => c.id.startsWith('bff-'));
  const attempt = async (name: string, run: () => Promise<void>) => {
    if (!want.has(name)) return;
    ctx.env.log(`› ${name}`);
    try {
      await run();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      ctx.env.log(`  ${name} failed: ${why}`);
      results.skipped[name] = `failed: ${why.split('\n')[0]}`;
    }
  };
  await attempt('tiles', async () => {
    results.tiles = await runTiles(ctx, ready, (id, why) => {
      ctx.env.log(`  tiles: ${id} failed: ${why}`);
      results.skipped[`tiles: ${id}`] = `failed: ${why}`;
    });
  });
  await attempt('scaling', async () => {
    results.scaling = await runScaling(ctx, ready, (id, why) => {
      ctx.env.log(`  scaling: ${id} failed: ${why}`);
      results.skipped[`scaling: ${id}`] = `failed: ${why}`;
    });
  });
  await attempt('budget', async () => {
    results.budget = await runBudget(ctx, ready);
  });
  await attempt('graphql', async () => {
    if (bffs.length === 0) throw new Error('no BFF contender is available');
    results.graphql = await runGraphql(ctx, bffs);
  });
  await attempt('sdk', async () => {
    results.sdk = { bundle: measureSdkBundle() };
    results.sdk.firstView = await runFirstView(ctx, bffs.find((c) => c.id === 'bff-memory'));
  });
}
