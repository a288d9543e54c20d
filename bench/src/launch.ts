import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startService, type Service, type ServiceOptions } from '../../deploy/local/src/service.js';

/**
 * Starts a server process bound to the server core. `taskset` execs the
 * command, so the pid is the server's own and programs that size thread pools
 * from the CPUs they may use (Martin's actix workers, nginx `auto`) see one.
 */
export function startPinned(cpus: string, opts: ServiceOptions): Promise<Service> {
  return startService({ ...opts, command: 'taskset', args: ['-c', cpus, opts.command, ...opts.args] });
}

/** Pins a process that is already running (all its threads) to a CPU list. */
export function pinRunning(pid: number, cpus: string): void {
  const r = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`taskset could not pin pid ${pid} to CPUs ${cpus}`);
}

/** Pins the harness itself (and what it spawns unpinned) to the generator's core. */
export function pinSelf(cpus: string): void {
  pinRunning(process.pid, cpus);
}

/** A fresh folder per start, so caches on disk (nginx) start empty. */
export function freshDir(parent: string, name: string): string {
  return mkdtempSync(join(parent, `${name}-`));
}

/** Lists of CPUs this process may run on, e.g. [0, 1]. */
export function allowedCpus(): number[] {
  const r = spawnSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8' });
  const list = /:\s*([\d,-]+)\s*$/.exec(r.stdout ?? '')?.[1] ?? '';
  return list.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || Number.isNaN(a)) return [];
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}
