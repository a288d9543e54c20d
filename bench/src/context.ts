import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv, Contender, RunningContender } from './contenders/types.js';
import type { BenchOptions } from './options.js';
import type { Workload } from './workload.js';

/** What every scenario gets from the composition root. */
export interface BenchContext {
  env: BenchEnv;
  options: BenchOptions;
  workload: Workload;
  /** `taskset` CPU list of the load generator. */
  genCpus: string;
  /** Headers every tile request carries, as a browser's would. */
  headers: Record<string, string>;
  /** Starts a contender and registers it, so an interrupted run still stops it. */
  start(contender: Contender, opts?: Parameters<Contender['start']>[1]): Promise<RunningContender>;
}

export type Sequence = 'requests' | 'distinct';

const written = new Map<string, string>();

/**
 * The workload as a wrk paths file in one contender's URL scheme. The order
 * is the workload's, so every contender replays the identical sequence.
 */
export function pathsFile(ctx: BenchContext, contender: Contender, running: RunningContender, which: Sequence): string {
  const key = `${contender.id}:${which}`;
  const known = written.get(key);
  if (known) return known;
  const dir = join(ctx.env.workDir, 'paths');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${contender.id}-${which}.txt`);
  writeFileSync(file, ctx.workload[which].map((t) => running.tilePath(t)).join('\n') + '\n');
  written.set(key, file);
  return file;
}
