import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BuildOnceOptions {
  /** The file the build must produce. */
  output: string;
  /** Identifies the inputs; a cached output with another key is rebuilt. */
  key: string;
  /** What is built, for log lines. */
  what: string;
  /** Runs the build; resolves when `output` exists. */
  build: () => Promise<void>;
  log?: (msg: string) => void;
}

/**
 * Builds `output` once per machine, as deploy/local's ensureMartin does: a
 * stamp next to it records the key, and a lock directory makes concurrent
 * callers (parallel test files, two clones) wait for one build.
 */
export async function buildOnce(opts: BuildOnceOptions): Promise<string> {
  const log = opts.log ?? console.log;
  const stamp = `${opts.output}.stamp`;
  const ready = () => existsSync(opts.output) && existsSync(stamp) && readFileSync(stamp, 'utf8') === opts.key;
  if (ready()) return opts.output;
  mkdirSync(dirname(opts.output), { recursive: true });
  const lock = `${dirname(opts.output)}.lock`;
  while (true) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (ready()) return opts.output;
      log(`› waiting for another build of ${opts.what} (lock: ${lock})`);
      await sleep(5000);
    }
  }
  try {
    if (ready()) return opts.output;
    const started = Date.now();
    log(`› building ${opts.what} (once per machine)…`);
    await opts.build();
    if (!existsSync(opts.output)) throw new Error(`building ${opts.what} produced no ${opts.output}`);
    writeFileSync(stamp, opts.key);
    log(`› ${opts.what} built in ${Math.round((Date.now() - started) / 1000)} s: ${opts.output}`);
    return opts.output;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs a command, inheriting stderr (build progress), and fails with its exit code. */
export function run(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (err) => reject(new Error(`${command}: ${err.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

