import { Agent, request } from 'node:http';
import type { RunningContender } from './contenders/types.js';
import type { Tile } from './tile-math.js';

/**
 * Where a front end says its answers came from, by its cache-status header
 * (`x-cache` on the BFF: memory, redis, miss, coalesced…), over a slice of
 * the workload. Sent from Node after the timed runs: wrk would have to parse
 * every response's headers to count them, which would slow the timed runs.
 */
export async function cacheMix(
  running: RunningContender,
  tiles: readonly Tile[],
  headers: Record<string, string>,
  header = 'x-cache',
  concurrency = 8,
): Promise<Record<string, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const counts: Record<string, number> = {};
  let next = 0;
  const one = (tile: Tile) =>
    new Promise<void>((resolve, reject) => {
      const req = request(running.baseUrl + running.tilePath(tile), { agent, headers, timeout: 10_000 }, (res) => {
        const value = String(res.headers[header] ?? 'none').toLowerCase();
        counts[value] = (counts[value] ?? 0) + 1;
        res.resume();
        res.on('end', resolve);
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (next < tiles.length) await one(tiles[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const total = tiles.length;
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n / total]));
}
