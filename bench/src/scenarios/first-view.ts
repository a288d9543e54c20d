import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../../../deploy/local/src/free-port.js';
import { repoRoot } from '../../../deploy/local/src/paths.js';
import { serveStatic } from '../../../deploy/local/src/serve-static.js';
import type { BenchContext } from '../context.js';
import type { Contender } from '../contenders/types.js';
import { diffCounts, sumMartinCounts } from '../martin-metrics.js';
import { summarise, type Summarised } from '../stats.js';
import { openBrowser, timeFirstView } from './browser.js';

interface FirstViewRun {
  /** Navigation start → last visible tile drawn, fresh BFF and Martin. */
  coldMs: number;
  /** The same with the server caches warm (a new browser context, so no browser cache). */
  warmMs: number;
  tilesDrawn: number;
  coldMartinTileCalls: number;
  warmMartinTileCalls: number;
}

export type FirstViewResult = (Summarised<FirstViewRun> & { viewport: string }) | { skipped: string };

const VIEWPORT = { width: 1280, height: 800 };

/**
 * Time until every visible tile of the demo's opening view is drawn, in
 * headless Chromium, served by the local static server in front of a BFF.
 * Tolerant by design: without a built demo, or a browser, it records why.
 */
export async function runFirstView(ctx: BenchContext, bff: Contender | undefined): Promise<FirstViewResult> {
  const root = join(repoRoot, 'packages', 'demo', 'dist');
  if (!existsSync(join(root, 'index.html'))) return { skipped: 'the demo is not built (packages/demo/dist/index.html missing)' };
  if (!bff) return { skipped: 'the BFF contender is not available' };
  const browser = await openBrowser();
  if ('skipped' in browser) return browser;
  const runs: FirstViewRun[] = [];
  try {
    for (let rep = 0; rep < ctx.options.browserRuns; rep++) {
      ctx.env.log(`  first view: run ${rep + 1}/${ctx.options.browserRuns}`);
      const demoPort = await freePort();
      const demoUrl = `http://127.0.0.1:${demoPort}`;
      const running = await ctx.start(bff, { env: { CORS_ORIGINS: `${demoUrl},http://localhost:${demoPort}` } });
      let server: Server | undefined;
      try {
        server = await serveStatic({ root, config: { bffUrl: running.baseUrl }, port: demoPort, host: '127.0.0.1' });
        const c0 = await sumMartinCounts(running.martinUrls);
        const cold = await timeFirstView(browser.browser, demoUrl, VIEWPORT);
        const c1 = await sumMartinCounts(running.martinUrls);
        const warm = await timeFirstView(browser.browser, demoUrl, VIEWPORT);
        const c2 = await sumMartinCounts(running.martinUrls);
        runs.push({
          coldMs: cold.drawnMs,
          warmMs: warm.drawnMs,
          tilesDrawn: cold.tiles,
          coldMartinTileCalls: diffCounts(c1, c0).tiles,
          warmMartinTileCalls: diffCounts(c2, c1).tiles,
        });
      } finally {
        await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
        await running.stop();
      }
    }
  } catch (err) {
    return { skipped: `first view failed: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    await browser.browser.close();
  }
  return { ...summarise(runs), viewport: `${VIEWPORT.width}×${VIEWPORT.height}` };
}
