import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

/** A server process whose memory and CPU count towards a contender. */
export interface ServerProcess {
  /** What it is for the report: `martin`, `nginx`, `bff`, `redis`. */
  role: string;
  pid: number;
}

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(Vm\w+|Rss\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * 1024;
  }
  return out;
}

/** Peak resident set (VmHWM) in bytes since start or the last `resetPeak`. */
export function peakRss(pid: number): number {
  try {
    return status(pid).VmHWM ?? NaN;
  } catch {
    return NaN;
  }
}

export function currentRss(pid: number): number {
  try {
    return status(pid).VmRSS ?? NaN;
  } catch {
    return NaN;
  }
}

/**
 * Resets VmHWM to the current RSS (Linux ≥ 4.0, `clear_refs` value 5), so a
 * phase's peak is its own and not the start-up's. Needs the same user or root;
 * when refused, the peak covers the process's whole life, which is still an
 * upper bound.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** A process and all its descendants (nginx's master and workers), from /proc. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    try {
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (children) out.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // The process ended while we looked: nothing more under it.
    }
  }
  return out;
}

/** Peak RSS per role in MiB (processes of one role summed) and their total. */
export function peakRssByRole(processes: readonly ServerProcess[]): Record<string, number> {
  const out: Record<string, number> = {};
  let total = 0;
  for (const p of processes) {
    const mib = peakRss(p.pid) / 2 ** 20;
    out[p.role] = (out[p.role] ?? 0) + mib;
    total += mib;
  }
  out.total = total;
  return out;
}

/** CPU seconds of all processes together, for per-request server cost. */
export function totalCpuSeconds(processes: readonly ServerProcess[]): number {
  return processes.reduce((s, p) => s + cpuSeconds(p.pid), 0);
}

/** Roles whose process is gone: after a failed run, says which server died. */
export function deadRoles(processes: readonly ServerProcess[]): string[] {
  return processes.filter((p) => {
    try {
      return readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
    } catch {
      return true;
    }
  }).map((p) => p.role);
}
