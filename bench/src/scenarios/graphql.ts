import { Agent, request } from 'node:http';
import type { BenchContext } from '../context.js';
import type { Contender } from '../contenders/types.js';
import { diffCounts, sumMartinCounts } from '../martin-metrics.js';
import { quantile, summarise, type Summarised } from '../stats.js';

/** The catalog over all tilesets, as the SDK's metadata client would ask for it. */
export const CATALOG_QUERY = `query Catalog {
  tilesets { id name description attribution format minzoom maxzoom bounds center tileSize
    vectorLayers { id } tileUrl version tilejson }
}`;

interface GraphqlRun {
  coldMs: number;
  /** Martin calls (catalog, TileJSON) the first query caused. */
  coldMartinCalls: number;
  warmP50Ms: number;
  warmP99Ms: number;
  /** Martin calls over all the warm queries together (ideally 0). */
  warmMartinCalls: number;
  tilesets: number;
}

export type GraphqlResult = Record<string, Summarised<GraphqlRun> | { skipped: string }>;

/** One POST over a kept-alive connection; node:http, so the client adds little of its own. */
function post(url: string, body: string, agent: Agent): Promise<{ ms: number; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function tilesetCount(text: string): number {
  const json = JSON.parse(text) as { data?: { tilesets?: unknown[] }; errors?: Array<{ message: string }> };
  if (json.errors?.length || !json.data?.tilesets) {
    throw new Error(`catalog query failed: ${json.errors?.map((e) => e.message).join('; ') ?? text.slice(0, 200)}`);
  }
  return json.data.tilesets.length;
}

/**
 * Latency of the catalog query on a fresh BFF (cold: metadata not cached)
 * and then repeated (warm), with the Martin calls each caused. Queries are
 * sequential: this is the latency one page load sees, not throughput.
 */
export async function runGraphql(ctx: BenchContext, contenders: readonly Contender[]): Promise<GraphqlResult> {
  const out: GraphqlResult = {};
  const body = JSON.stringify({ query: CATALOG_QUERY, operationName: 'Catalog' });
  for (const contender of contenders) {
    const runs: GraphqlRun[] = [];
    try {
      for (let rep = 0; rep < ctx.options.graphqlReps; rep++) {
        ctx.env.log(`  graphql: ${contender.id}, run ${rep + 1}/${ctx.options.graphqlReps}`);
        const running = await ctx.start(contender);
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          if (!running.graphqlUrl) throw new Error('no GraphQL endpoint');
          const before = await sumMartinCounts(running.martinUrls);
          const cold = await post(running.graphqlUrl, body, agent);
          const tilesets = tilesetCount(cold.text);
          const mid = await sumMartinCounts(running.martinUrls);
          const warm: number[] = [];
          for (let i = 0; i < ctx.options.graphqlRequests; i++) warm.push((await post(running.graphqlUrl, body, agent)).ms);
          const after = await sumMartinCounts(running.martinUrls);
          warm.sort((a, b) => a - b);
          const c = diffCounts(mid, before);
          const w = diffCounts(after, mid);
          runs.push({
            coldMs: cold.ms,
            coldMartinCalls: c.tiles + c.other,
            warmP50Ms: quantile(warm, 0.5),
            warmP99Ms: quantile(warm, 0.99),
            warmMartinCalls: w.tiles + w.other,
            tilesets,
          });
        } finally {
          agent.destroy();
          await running.stop();
        }
      }
      out[contender.id] = summarise(runs);
    } catch (err) {
      out[contender.id] = { skipped: err instanceof Error ? err.message : String(err) };
    }
  }
  return out;
}
