import { readFileSync } from 'node:fs';

/** The parts of V8's `.cpuprofile` (written by `node --cpu-prof`) we read. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FrameShare {
  frame: string;
  /** Share of the window's samples with this frame on top (self) or anywhere on the stack (total). */
  share: number;
}

export interface ProfileSummary {
  windowMs: number;
  samples: number;
  topSelf: FrameShare[];
  topTotal: FrameShare[];
  /** Self time grouped by where the code lives: a package, Node internals, the BFF, GC. */
  byModule: FrameShare[];
}

/** `node_modules/.pnpm/x@1/node_modules/x/lib/a.js` → `x/lib/a.js`; the BFF's dist → `bff/…`. */
function shortUrl(url: string): string {
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + '/node_modules/'.length);
  const bff = u.indexOf('/packages/bff/');
  return bff >= 0 ? `bff/${u.slice(bff + '/packages/bff/'.length)}` : u;
}

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/V8)';
  if (url.startsWith('node:')) return 'node internals';
  const short = shortUrl(url);
  if (short.startsWith('bff/')) return 'BFF code';
  if (short !== url.replace(/^file:\/\//, '')) {
    const parts = short.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return 'other';
}

function top(map: Map<string, number>, total: number, n: number): FrameShare[] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([frame, count]) => ({ frame, share: count / total }));
}

/**
 * Summarises a CPU profile over a time window given in ms before the
 * profile's end (so the warm-load phase can be cut out of a whole-life
 * profile): top frames by self and total samples, and self time by module.
 */
export function summariseProfile(file: string, window: { fromEndMs: number; toEndMs: number }, n = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const key = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return f.url ? `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}` : f.functionName;
  };
  const from = p.endTime - window.fromEndMs * 1000;
  const to = p.endTime - window.toEndMs * 1000;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const modules = new Map<string, number>();
  let t = p.startTime;
  let count = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    const id = p.samples[i]!;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    count++;
    self.set(key(id), (self.get(key(id)) ?? 0) + 1);
    const mod = moduleOf(frame.url, frame.functionName);
    modules.set(mod, (modules.get(mod) ?? 0) + 1);
    const onStack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) onStack.add(key(cur));
    for (const k of onStack) total.set(k, (total.get(k) ?? 0) + 1);
  }
  total.delete('(root)');
  return {
    windowMs: (to - from) / 1000,
    samples: count,
    topSelf: top(self, count, n),
    topTotal: top(total, count, n),
    byModule: top(modules, count, 12),
  };
}
