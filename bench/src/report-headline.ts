import { med, num, pct, ratio, table } from './format.js';
import type { BenchResults } from './results.js';
import type { TileResult } from './scenarios/tiles.js';

/** The BFF variant the targets are judged on: the memory-cache one (the default deployment). */
const BFF = 'bff-memory';

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**';
}

/** The four targets of issue 6, judged on medians and stated with their numbers. */
function targets(t: Record<string, TileResult>): string {
  const bff = t[BFF];
  const nginx = t.nginx;
  const martin = t.martin;
  const lines: string[] = [];
  const w = bff && nginx ? bff.warm.rps.median >= nginx.warm.rps.median : undefined;
  lines.push(`- Warm throughput through the BFF at or above nginx proxy_cache: ${verdict(w)}` +
    (bff && nginx ? ` (${num(bff.warm.rps.median)} vs ${num(nginx.warm.rps.median)} req/s, ${ratio(bff.warm.rps, nginx.warm.rps)})` : ''));
  const p = bff && nginx ? bff.warmFixed.p99Ms.median <= nginx.warmFixed.p99Ms.median : undefined;
  lines.push(`- Warm p99 no worse than nginx at the fixed rate: ${verdict(p)}` +
    (bff && nginx ? ` (${num(bff.warmFixed.p99Ms.median)} vs ${num(nginx.warmFixed.p99Ms.median)} ms)` : ''));
  const tuned = t['nginx-nosendfile'];
  if (bff && tuned) {
    lines.push(`  - against nginx with sendfile/tcp_nopush off: ${num(bff.warmFixed.p99Ms.median)} vs ${num(tuned.warmFixed.p99Ms.median)} ms p99, ` +
      `${num(bff.warm.rps.median)} vs ${num(tuned.warm.rps.median)} req/s`);
  }
  const ref = t['node-ref'];
  if (bff && ref) {
    lines.push(`  - the minimal Node reference reaches ${num(ref.warm.rps.median)} req/s warm on the same core: the BFF runs at ${ratio(bff.warm.rps, ref.warm.rps)} of it`);
  }
  const delta = bff && martin ? bff.cold.p50Ms.median - martin.cold.p50Ms.median : undefined;
  lines.push(`- Cold tiles add < 1 ms at p50 over Martin alone: ${verdict(delta === undefined ? undefined : delta < 1)}` +
    (delta !== undefined ? ` (+${num(delta)} ms: ${num(bff!.cold.p50Ms.median)} vs ${num(martin!.cold.p50Ms.median)} ms)` : ''));
  const calls = bff?.cold.upstreamPerRequest.median;
  lines.push(`- One Martin call per cold tile: ${verdict(calls === undefined ? undefined : Math.abs(calls - 1) < 0.005)}` +
    (calls !== undefined ? ` (${num(calls, 3)} calls per cold tile)` : ''));
  return lines.join('\n');
}

/** `memory 99 %, redis 1 %` from the sampled cache-status shares. */
function mix(x: TileResult): string {
  const entries = Object.entries(x.warmCacheMix ?? {}).filter(([, s]) => s.median > 0).sort((a, b) => b[1].median - a[1].median);
  return entries.length ? entries.map(([k, s]) => `${k} ${pct(s.median)}`).join(', ') : '–';
}

/** Headline tables: warm, cold, memory, ratios and the targets. */
export function renderHeadline(r: BenchResults): string {
  const t = r.tiles;
  if (!t || Object.keys(t).length === 0) return '## Tiles\n\nNot measured in this run (see below).';
  const o = r.options;
  const ids = r.contenders.filter((c) => t[c.id]).map((c) => c.id);
  const label = (id: string) => r.contenders.find((c) => c.id === id)?.label ?? id;
  const idealCalls = r.workload.stats.distinctTiles / r.workload.stats.requests;
  const warm = table(
    ['contender', `req/s at saturation (${o.saturationConnections} conn.)`, `p50 ms at ${num(o.fixedRate)} req/s`, `p99 ms at ${num(o.fixedRate)} req/s`,
      'server CPU ms per 1k req', 'Martin calls per request', 'answered from (cache-status header)', 'generator CPU', 'errors'],
    ids.map((id) => {
      const x = t[id]!;
      return [label(id), med(x.warm.rps), med(x.warmFixed.p50Ms), med(x.warmFixed.p99Ms), med(x.warm.serverCpuMsPerKReq),
        id === 'martin' ? '–' : med(x.warm.upstreamPerRequest, 3), mix(x), pct(x.warm.genCpuShare.median),
        num(x.warm.errors.max + x.warmFixed.errors.max, 0)];
    }),
  );
  const cold = table(
    ['contender', `p50 ms at ${num(o.coldRate)} req/s`, 'p99 ms', 'Martin calls per cold tile', 'req/s, first pass at saturation',
      `Martin calls per request, first pass (ideal ${num(idealCalls, 3)})`, 'errors'],
    ids.map((id) => {
      const x = t[id]!;
      return [label(id), med(x.cold.p50Ms), med(x.cold.p99Ms), id === 'martin' ? '–' : med(x.cold.upstreamPerRequest, 3), med(x.coldPass.rps),
        id === 'martin' ? '–' : med(x.coldPass.upstreamPerRequest, 3), num(x.cold.errors.max + x.coldPass.errors.max, 0)];
    }),
  );
  const roles = [...new Set(ids.flatMap((id) => Object.keys(t[id]!.peakRssMiB)))].filter((k) => k !== 'total');
  const memory = table(
    ['contender', ...roles.map((k) => `${k} MiB`), 'total MiB'],
    ids.map((id) => [label(id), ...roles.map((k) => med(t[id]!.peakRssMiB[k])), med(t[id]!.peakRssMiB.total)]),
  );
  const ratios = ['bff-memory', 'bff-redis'].filter((id) => t[id]).map((id) => {
    const b = t[id]!;
    const vs = (other: string) => t[other]
      ? [ratio(b.warm.rps, t[other]!.warm.rps), ratio(b.warmFixed.p99Ms, t[other]!.warmFixed.p99Ms), ratio(b.cold.p50Ms, t[other]!.cold.p50Ms)]
      : ['–', '–', '–'];
    return [label(id), ...vs('nginx'), ...vs('martin')];
  });
  return `## Tiles

### Warm caches
${warm}

### Cold caches
Cold latency: ${o.coldTiles ? `the first ${num(o.coldTiles)} distinct tiles of the workload` : 'each distinct tile of the workload'} once, from freshly started processes (empty caches),
at a fixed rate. First pass: the whole sequence once from empty caches at saturation, so popular tiles
are asked for concurrently while still cold (what coalescing is for).

${cold}

### Peak memory (RSS, VmHWM, per repetition)
${memory}

### Ratios (medians)
${ratios.length ? table(['BFF', 'warm req/s ÷ nginx', 'warm p99 ÷ nginx', 'cold p50 ÷ nginx', 'warm req/s ÷ Martin', 'warm p99 ÷ Martin', 'cold p50 ÷ Martin'], ratios) : 'No BFF contender ran.'}

### Targets
${targets(t)}`;
}
