import { readFileSync } from 'node:fs';
import { num, table } from './format.js';

/** A median with its range, as the other tables show them. */
interface Spread { median: number; min: number; max: number }

/** One side of a hot-path comparison: figures of one quick tiles run, plus one profile when taken. */
export interface HotPathSide {
  label: string;
  git: string;
  date: string;
  warmRps: Spread;
  serverCpuMsPerKReq: Spread;
  coldP50Ms: Spread;
  coldP99Ms?: Spread;
  /** Warm p50 at the fixed rate (1 000 req/s). */
  warmP50Ms?: Spread;
  /** Same-run references, so noise between the two runs can be judged. */
  nginxWarmRps?: Spread;
  nginxColdP50Ms?: Spread;
  martinColdP50Ms?: Spread;
  /** Under the profiler: not comparable with the figures above. */
  profileRps?: number;
  topSelf?: Array<{ frame: string; share: number }>;
  topTotal?: Array<{ frame: string; share: number }>;
}

/** One before/after measurement of one piece of work. */
export interface HotPathEntry {
  /** Subsection title; absent for the first (historical) entry. */
  title?: string;
  command: string;
  profileCommand?: string;
  changes: string[];
  before: HotPathSide;
  after: HotPathSide;
}

/**
 * `bench/results/hot-path.json`: committed by hand after each before/after
 * measurement; the generator keeps it. Either one entry (the first shape) or
 * `{ entries: [...] }`, oldest first.
 */
export type HotPathFile = HotPathEntry | { entries: HotPathEntry[] };

const spread = (s: Spread | undefined, digits?: number) =>
  s ? `${num(s.median, digits)} <sub>(${num(s.min, digits)}–${num(s.max, digits)})</sub>` : '–';

const frame = (f: { frame: string; share: number } | undefined) =>
  f ? `\`${f.frame.replace(/\|/g, '\\|').replace(/-[A-Z0-9]{8}\.js/, '.js')}\` ${(f.share * 100).toFixed(1)} %` : '';

/** BFF cold p50 minus Martin's of the same run: what issue 6 targets (< 1 ms). */
const coldOverMartin = (s: HotPathSide) =>
  s.martinColdP50Ms ? `${s.coldP50Ms.median - s.martinColdP50Ms.median >= 0 ? '+' : ''}${num(s.coldP50Ms.median - s.martinColdP50Ms.median, 2)}` : '–';

function renderEntry(h: HotPathEntry, heading: string): string {
  const { before: b, after: a } = h;
  const rows: string[][] = [
    ['BFF warm req/s at saturation', spread(b.warmRps), spread(a.warmRps)],
    ['BFF server CPU ms per 1k warm req', spread(b.serverCpuMsPerKReq), spread(a.serverCpuMsPerKReq)],
  ];
  if (b.warmP50Ms || a.warmP50Ms) rows.push(['BFF warm p50 ms at 1 000 req/s', spread(b.warmP50Ms), spread(a.warmP50Ms)]);
  rows.push(['BFF cold p50 ms', spread(b.coldP50Ms), spread(a.coldP50Ms)]);
  if (b.coldP99Ms || a.coldP99Ms) rows.push(['BFF cold p99 ms', spread(b.coldP99Ms), spread(a.coldP99Ms)]);
  rows.push(['nginx warm req/s, same run', spread(b.nginxWarmRps), spread(a.nginxWarmRps)]);
  if (b.nginxColdP50Ms || a.nginxColdP50Ms) rows.push(['nginx cold p50 ms, same run', spread(b.nginxColdP50Ms), spread(a.nginxColdP50Ms)]);
  rows.push(['Martin alone cold p50 ms, same run', spread(b.martinColdP50Ms), spread(a.martinColdP50Ms)]);
  rows.push(['BFF cold p50 over Martin, ms (target < 1)', coldOverMartin(b), coldOverMartin(a)]);
  if (b.profileRps || a.profileRps) rows.push(['req/s under the profiler', b.profileRps ? num(b.profileRps) : '–', a.profileRps ? num(a.profileRps) : '–']);
  const figures = table(['', `${b.label} (git ${b.git}, ${b.date.slice(0, 10)})`, `${a.label} (git ${a.git}, ${a.date.slice(0, 10)})`], rows);
  const frames = (pick: (s: HotPathSide) => HotPathSide['topSelf']) => {
    const bf = pick(b) ?? [];
    const af = pick(a) ?? [];
    const n = Math.max(bf.length, af.length);
    return n === 0 ? undefined : table(['#', b.label, a.label], Array.from({ length: n }, (_, i) => [String(i + 1), frame(bf[i]), frame(af[i])]));
  };
  const self = frames((s) => s.topSelf);
  const total = frames((s) => s.topTotal);
  const runs = h.profileCommand ? `two runs of \`${h.command}\` and of \`${h.profileCommand}\`` : `runs of \`${h.command}\``;
  return [
    `${heading}

Written by hand from ${runs}
(quick mode on a shared 2-core machine: indicative, compare with the same-run nginx/Martin rows).

${h.changes.map((c) => `- ${c}`).join('\n')}

${figures}`,
    self ? `Top frames by self time:\n\n${self}` : '',
    total ? `Top frames by total time:\n\n${total}` : '',
  ].filter(Boolean).join('\n\n');
}

/** The "BFF hot path: before / after" section, or nothing when the file is absent or unreadable. */
export function renderHotPath(file: string): string {
  let h: HotPathFile;
  try {
    h = JSON.parse(readFileSync(file, 'utf8')) as HotPathFile;
  } catch {
    return '';
  }
  const entries = 'entries' in h ? h.entries : [h];
  if (entries.length === 0) return '';
  const body = entries.map((e, i) => renderEntry(e, `### ${i + 1}. ${e.title ?? 'Warm path'}`)).join('\n\n');
  return `## BFF hot path: before / after

Kept across regenerations: the figures come from [bench/results/hot-path.json](bench/results/hot-path.json),
one entry per piece of work, oldest first.

${body}`;
}
