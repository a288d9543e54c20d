import { request } from 'node:http';
import type { BenchContext } from './context.js';
import type { Contender } from './contenders/types.js';
import type { Tile } from './tile-math.js';

function get(url: string, headers: Record<string, string>): Promise<{ status: number; encoding?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        encoding: res.headers['content-encoding'],
        body: Buffer.concat(chunks).subarray(0, 200).toString('latin1'),
      }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts a contender once and asks for the most requested tile of each
 * tileset. Anything but 200/204 means the contender does not serve the
 * workload (a route that moved, a key now required), and timing it would
 * measure error pages; the reason goes into the report instead.
 */
export async function smokeTest(ctx: BenchContext, contender: Contender): Promise<string | undefined> {
  const bySource = new Map<string, Tile>();
  for (const t of ctx.workload.requests) if (!bySource.has(t.source)) bySource.set(t.source, t);
  let running;
  try {
    running = await ctx.start(contender);
  } catch (err) {
    return `did not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
  try {
    for (const tile of bySource.values()) {
      const url = running.baseUrl + running.tilePath(tile);
      const res = await get(url, ctx.headers);
      if (res.status !== 200 && res.status !== 204) return `GET ${running.tilePath(tile)} answered ${res.status}: ${res.body.replace(/\s+/g, ' ').slice(0, 120)}`;
    }
    return undefined;
  } catch (err) {
    return `tile request failed: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    await running.stop();
  }
}
