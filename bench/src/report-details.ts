import { med, num, table } from './format.js';
import type { BenchResults } from './results.js';

function scaling(r: BenchResults): string {
  const s = r.scaling;
  if (!s || Object.keys(s).length === 0) return '';
  const ids = Object.keys(s);
  const label = (id: string) => r.contenders.find((c) => c.id === id)?.label ?? id;
  const levels = [...new Set(ids.flatMap((id) => Object.keys(s[id]!)))].sort((a, b) => Number(a) - Number(b));
  const rows = levels.map((c) => [c, ...ids.map((id) => {
    const p = s[id]![c];
    return p ? `${med(p.rps)} req/s, p99 ${num(p.p99Ms.median)} ms${p.genCpuShare.median > 0.9 ? ' ⚠ generator-bound' : ''}` : '–';
  })]);
  return `### Warm throughput and p99 as concurrency grows
${table(['connections', ...ids.map(label)], rows)}`;
}

function budget(r: BenchResults): string {
  const b = r.budget;
  if (!b || Object.keys(b).length === 0) return '';
  const ids = Object.keys(b);
  const label = (id: string) => r.contenders.find((c) => c.id === id)?.label ?? id;
  const budgets = [...new Set(ids.flatMap((id) => Object.keys(b[id]!)))].sort((x, y) => Number(x) - Number(y));
  const working = r.tiles?.martin?.cold.bytesMiB.median;
  const rows = budgets.map((mb) => [`${mb} MiB`, ...ids.map((id) => {
    const p = b[id]![mb];
    if (!p) return '–';
    const miss = Number.isFinite(p.warmMissesPerRequest.median)
      ? `, ${num(p.warmMissesPerRequest.median, 3)} ${id === 'martin' ? 'tileset reads' : 'Martin calls'}/req`
      : id === 'martin' ? ', no tile-cache metrics (cache off?)' : '';
    return `${med(p.cacheHolderPeakMiB)} MiB peak, ${num(p.warmRps.median)} req/s${miss}`;
  })]);
  return `### Memory as the cache budget grows
Budget = Martin's \`cache_size_mb\` or the BFF's \`CACHE_MEMORY_MB\`; peak RSS of the process holding the
cache after a first pass and a warm run.${working ? ` The workload's distinct tiles total about ${num(working)} MiB as sent (gzip).` : ''}
nginx is not listed: its cache is files on disk, held in the kernel's page cache rather than its RSS.

${table(['budget', ...ids.map(label)], rows)}`;
}

function graphql(r: BenchResults): string {
  const g = r.graphql;
  if (!g || Object.keys(g).length === 0) return '';
  const label = (id: string) => r.contenders.find((c) => c.id === id)?.label ?? id;
  const rows = Object.entries(g).map(([id, x]) =>
    'skipped' in x
      ? [label(id), `skipped: ${x.skipped}`, '', '', '', '']
      : [label(id), med(x.coldMs), med(x.coldMartinCalls, 0), med(x.warmP50Ms), med(x.warmP99Ms), med(x.warmMartinCalls, 0)]);
  return `## GraphQL catalog query
\`tilesets { … tilejson }\` over all tilesets, one client, sequential; cold = the first query on a fresh BFF.

${table(['BFF', 'cold ms', 'Martin calls (cold)', 'warm p50 ms', 'warm p99 ms', `Martin calls over ${num(r.options.graphqlRequests)} warm queries`], rows)}`;
}

function sdk(r: BenchResults): string {
  if (!r.sdk) return '';
  const b = r.sdk.bundle;
  const bundle = 'skipped' in b
    ? `Bundle: skipped: ${b.skipped}`
    : table(['file', 'bytes', 'gzip -9', 'brotli'], b.files.map((f) => [`\`${f.file}\``, num(f.bytes), num(f.gzipBytes), num(f.brotliBytes)]));
  const f = r.sdk.firstView;
  const view = !f
    ? ''
    : 'skipped' in f
      ? `First view: skipped: ${f.skipped}`
      : table(['viewport', 'cold ms', 'warm ms', 'tiles drawn', 'Martin tile calls cold / warm'],
        [[f.viewport, med(f.coldMs), med(f.warmMs), med(f.tilesDrawn, 0), `${num(f.coldMartinTileCalls.median, 0)} / ${num(f.warmMartinTileCalls.median, 0)}`]]);
  return `## SDK
${bundle}

Time from navigation start until every visible tile of the demo's opening view has Leaflet's
\`leaflet-tile-loaded\` class (image decoded, or canvas tile reported done), headless Chromium, a fresh
browser context each time (no browser cache); cold = fresh BFF and Martin, warm = the same servers again.

${view}`;
}

function method(r: BenchResults): string {
  return `## How it is measured
- Load: wrk ${r.machine.versions.wrk} (Debian), one thread, replaying the request list in order from a Lua
  script; ${r.machine.pinning}. wrk's CPU time is read from the kernel after each run and shown as
  "generator CPU" (share of its core): near 100 % would mean the generator, not the server, set the pace.
- Saturation: ${r.options.saturationConnections} keep-alive connections, no pacing, ${r.options.durationS} s per run.
  Fixed rate: ${r.options.fixedConnections} connections, each pacing with exponential gaps (Poisson-like arrivals);
  latency is timed from each request's write, so it is comparable only while the rate is well below saturation.
- Upstream calls: Martin's \`martin_http_requests_total\` for the tile route, read before and after each run.
- Memory: VmHWM of every server process (nginx master + worker, BFF, Redis, Martin).
- Every contender starts from fresh processes per repetition; the OS page cache keeps the tileset files warm
  after the first run, so "cold" means the servers' caches, not the disk.
- nginx runs the Martin docs' proxy_cache settings as generated in \`bench/src/contenders/nginx-config.ts\`
  (no upstream keepalive, as in the docs); the BFF keeps connections to Martin alive.`;
}

/** Scaling, cache budget, GraphQL, SDK and the method notes. */
export function renderDetails(r: BenchResults): string {
  const scale = [scaling(r), budget(r)].filter(Boolean);
  return [scale.length ? `## Scaling\n\n${scale.join('\n\n')}` : '', graphql(r), sdk(r), method(r)].filter(Boolean).join('\n\n');
}
