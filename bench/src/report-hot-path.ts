import { readFileSync } from 'node:fs';
import { num, table } from './format.js';

/** A median with its range, as the other tables show them. */
interface Spread { median: number; min: number; max: number }

/** One side of the hot-path comparison: figures of one quick tiles run plus one profile. */
export interface HotPathSide {
  label: string;
  git: string;
  date: string;
  warmRps: Spread;
  serverCpuMsPerKReq: Spread;
  coldP50Ms: Spread;
  /** Same-run references, so noise between the two runs can be judged. */
  nginxWarmRps?: Spread;
  martinColdP50Ms?: Spread;
  /** Under the profiler: not comparable with the figures above. */
  profileRps?: number;
  topSelf: Array<{ frame: string; share: number }>;
  topTotal: Array<{ frame: string; share: number }>;
}

/** `bench/results/hot-path.json`: committed by hand after a before/after measurement; the generator keeps it. */
export interface HotPathFile {
  command: string;
  profileCommand: string;
  changes: string[];
  before: HotPathSide;
  after: HotPathSide;
}

const spread = (s: Spread | undefined, digits?: number) =>
  s ? `${num(s.median, digits)} <sub>(${num(s.min, digits)}–${num(s.max, digits)})</sub>` : '–';

const frame = (f: { frame: string; share: number } | undefined) =>
  f ? `\`${f.frame.replace(/\|/g, '\\|').replace(/-[A-Z0-9]{8}\.js/, '.js')}\` ${(f.share * 100).toFixed(1)} %` : '';

/** The "BFF hot path: before / after" section, or nothing when the file is absent or unreadable. */
export function renderHotPath(file: string): string {
  let h: HotPathFile;
  try {
    h = JSON.parse(readFileSync(file, 'utf8')) as HotPathFile;
  } catch {
    return '';
  }
  const { before: b, after: a } = h;
  const figures = table(
    ['', `${b.label} (git ${b.git}, ${b.date.slice(0, 10)})`, `${a.label} (git ${a.git}, ${a.date.slice(0, 10)})`],
    [
      ['BFF warm req/s at saturation', spread(b.warmRps), spread(a.warmRps)],
      ['BFF server CPU ms per 1k warm req', spread(b.serverCpuMsPerKReq), spread(a.serverCpuMsPerKReq)],
      ['BFF cold p50 ms', spread(b.coldP50Ms), spread(a.coldP50Ms)],
      ['nginx warm req/s, same run', spread(b.nginxWarmRps), spread(a.nginxWarmRps)],
      ['Martin alone cold p50 ms, same run', spread(b.martinColdP50Ms), spread(a.martinColdP50Ms)],
      ['req/s under the profiler', b.profileRps ? num(b.profileRps) : '–', a.profileRps ? num(a.profileRps) : '–'],
    ],
  );
  const n = Math.max(b.topSelf.length, a.topSelf.length);
  const self = table(['#', b.label, a.label], Array.from({ length: n }, (_, i) => [String(i + 1), frame(b.topSelf[i]), frame(a.topSelf[i])]));
  const m = Math.max(b.topTotal.length, a.topTotal.length);
  const total = table(['#', b.label, a.label], Array.from({ length: m }, (_, i) => [String(i + 1), frame(b.topTotal[i]), frame(a.topTotal[i])]));
  return `## BFF hot path: before / after

Kept across regenerations: the figures come from [bench/results/hot-path.json](bench/results/hot-path.json),
written by hand from two runs of \`${h.command}\` and of \`${h.profileCommand}\`
(quick mode on a shared 2-core machine: indicative, compare with the same-run nginx/Martin rows).

${h.changes.map((c) => `- ${c}`).join('\n')}

${figures}

Top frames by self time:

${self}

Top frames by total time:

${total}`;
}
