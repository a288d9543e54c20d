/**
 * Counts the requests a Martin instance served, from its Prometheus endpoint
 * (`/_/metrics`, `martin_http_requests_total` by route pattern). Reading the
 * counter before and after a phase gives the upstream calls that phase caused
 * without a counting proxy in the path, which would add latency of its own.
 */
export interface MartinCounts {
  /** Tile route requests (`/{source_ids}/{z}/{x}/{y}`). */
  tiles: number;
  /** Everything else except the metrics scrape and /health: catalog and TileJSON. */
  other: number;
  /** Martin's own tile cache (`martin_tile_cache_requests_total`): misses read the tileset file. */
  cacheMisses: number;
  cacheHits: number;
}

// Greedy: label values themselves contain braces (`/{source_ids}/{z}/{x}/{y}`).
const LINE = /^martin_http_requests_total\{(.*)\}\s+([0-9.eE+-]+)\s*$/;
const CACHE_LINE = /^martin_tile_cache_requests_total\{(.*)\}\s+([0-9.eE+-]+)\s*$/;

export function parseMartinCounts(text: string): MartinCounts {
  const counts: MartinCounts = { tiles: 0, other: 0, cacheMisses: 0, cacheHits: 0 };
  for (const line of text.split('\n')) {
    const c = CACHE_LINE.exec(line);
    if (c) {
      if (c[1]!.includes('result="hit"')) counts.cacheHits += Number(c[2]);
      else if (c[1]!.includes('result="miss"')) counts.cacheMisses += Number(c[2]);
      continue;
    }
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = m[1]!;
    const value = Number(m[2]);
    // The scrape itself and liveness probes (the BFF's breaker may poll /health) are not work.
    if (labels.includes('/_/metrics') || labels.includes('"/health"')) continue;
    if (labels.includes('{z}')) counts.tiles += value;
    else counts.other += value;
  }
  return counts;
}

export async function martinCounts(martinUrl: string): Promise<MartinCounts> {
  const res = await fetch(`${martinUrl}/_/metrics`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${martinUrl}/_/metrics answered ${res.status}`);
  return parseMartinCounts(await res.text());
}

/** Sum over several Martin instances (primary and backup behind one front end). */
export async function sumMartinCounts(urls: readonly string[]): Promise<MartinCounts> {
  const all = await Promise.all(urls.map(martinCounts));
  const sum: MartinCounts = { tiles: 0, other: 0, cacheMisses: 0, cacheHits: 0 };
  for (const c of all) {
    for (const k of Object.keys(sum) as Array<keyof MartinCounts>) sum[k] += c[k];
  }
  return sum;
}

export function diffCounts(after: MartinCounts, before: MartinCounts): MartinCounts {
  return {
    tiles: after.tiles - before.tiles,
    other: after.other - before.other,
    cacheMisses: after.cacheMisses - before.cacheMisses,
    cacheHits: after.cacheHits - before.cacheHits,
  };
}
