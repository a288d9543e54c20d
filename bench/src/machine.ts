import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { repoRoot } from '../../deploy/local/src/paths.js';
import { nginxVersion } from './contenders/nginx.js';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  /** 1-minute load average before the run: above ~0.5 on 2 cores, other work was competing. */
  loadBefore: number;
  loadAfter?: number;
  pinning: string;
  git: string;
  versions: Record<string, string>;
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  // Some tools (wrk) print their version and exit non-zero; only a missing binary is "not found".
  if (r.error) return 'not found';
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0]!.trim();
}

function cpuModel(): string {
  const fromProc = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  return (fromProc ?? cpus()[0]?.model ?? 'unknown').trim();
}

/** The machine and software versions the figures were taken on, for the report header. */
export function machineInfo(martinBin: string, pinning: string): MachineInfo {
  const git = firstLine('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
  const dirty = spawnSync('git', ['-C', repoRoot, 'status', '--porcelain'], { encoding: 'utf8' }).stdout?.trim() ? ' (uncommitted changes)' : '';
  return {
    date: new Date().toISOString(),
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    loadBefore: loadavg()[0]!,
    pinning,
    git: `${git}${dirty}`,
    versions: {
      node: process.version,
      martin: firstLine(martinBin, ['--version']).replace(/^martin\s*/i, ''),
      nginx: nginxVersion() ?? 'not found',
      redis: /v=(\S+)/.exec(firstLine('redis-server', ['--version']))?.[1] ?? 'not found',
      wrk: /wrk (\S+)/.exec(firstLine('wrk', ['--version']))?.[1] ?? 'not found',
      chromium: firstLine('/usr/lib/chromium/chromium', ['--version']).replace(/^Chromium\s*/, ''),
    },
  };
}
