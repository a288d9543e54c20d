import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRandom, randomExp } from './prng.js';
import { simulateSession } from './sessions.js';
import { tileKey, type Tile } from './tile-math.js';

export interface WorkloadOptions {
  seed: number;
  sessions: number;
  /** Mean gap between session starts; it only decides how visits interleave. */
  meanArrivalMs?: number;
}

export interface WorkloadStats {
  requests: number;
  distinctTiles: number;
  bySource: Record<string, number>;
  byZoom: Record<string, number>;
  /** Share of requests that go to the most popular 1% / 10% of tiles. */
  top1PercentShare: number;
  top10PercentShare: number;
  /** Least-squares slope of log(frequency) over log(rank), tiles seen twice or more. */
  zipfExponent: number;
  /** sha256 of the sequence, so runs can be checked to have replayed the same one. */
  sha256: string;
}

export interface Workload {
  options: WorkloadOptions;
  /** The request sequence every contender replays, in order. */
  requests: Tile[];
  /** Each tile once, in order of first request: the cold pass. */
  distinct: Tile[];
  stats: WorkloadStats;
}

/**
 * Map sessions over the real tilesets, interleaved in time as concurrent
 * visitors would be, flattened to one request sequence. Deterministic in the
 * seed, so every contender and every run replays the same requests.
 */
export function buildWorkload(options: WorkloadOptions): Workload {
  const random = createRandom(options.seed);
  const events = [];
  let start = 0;
  for (let s = 0; s < options.sessions; s++) {
    events.push(...simulateSession(random, s, start));
    start += randomExp(random, options.meanArrivalMs ?? 1000);
  }
  // Stable sort keeps each batch's Leaflet order and breaks time ties by session.
  events.sort((a, b) => a.atMs - b.atMs || a.session - b.session);
  const requests = events.flatMap((e) => e.tiles);
  const first = new Map<string, Tile>();
  for (const t of requests) if (!first.has(tileKey(t))) first.set(tileKey(t), t);
  return { options, requests, distinct: [...first.values()], stats: workloadStats(requests) };
}

function workloadStats(requests: Tile[]): WorkloadStats {
  const counts = new Map<string, number>();
  const bySource: Record<string, number> = {};
  const byZoom: Record<string, number> = {};
  for (const t of requests) {
    counts.set(tileKey(t), (counts.get(tileKey(t)) ?? 0) + 1);
    bySource[t.source] = (bySource[t.source] ?? 0) + 1;
    byZoom[t.z] = (byZoom[t.z] ?? 0) + 1;
  }
  const ranked = [...counts.values()].sort((a, b) => b - a);
  const share = (fraction: number) =>
    ranked.slice(0, Math.max(1, Math.round(ranked.length * fraction))).reduce((s, c) => s + c, 0) / requests.length;
  const pts = ranked.map((c, i) => [Math.log(i + 1), Math.log(c)] as const).filter((_, i) => ranked[i]! >= 2);
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const slope = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const sha256 = createHash('sha256').update(requests.map(tileKey).join('\n')).digest('hex');
  return {
    requests: requests.length,
    distinctTiles: ranked.length,
    bySource,
    byZoom,
    top1PercentShare: share(0.01),
    top10PercentShare: share(0.1),
    zipfExponent: -slope,
    sha256,
  };
}

/** Writes the sequence (one `source/z/x/y` per line after a JSON header line) for inspection and replays. */
export function writeWorkload(file: string, workload: Workload): void {
  mkdirSync(dirname(file), { recursive: true });
  const header = JSON.stringify({ options: workload.options, stats: workload.stats });
  writeFileSync(file, `${header}\n${workload.requests.map(tileKey).join('\n')}\n`);
}
