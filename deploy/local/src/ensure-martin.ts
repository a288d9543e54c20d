import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheDir } from './paths.js';

/** The Martin release we run, from crates.io. 1.14.0 needs Rust ≥ 1.94. */
export const MARTIN_VERSION = '1.14.0';
/**
 * Features that build offline. `rendering` downloads a native library at build
 * time and `webui` needs a JS toolchain, so both are left out; the BFF is the
 * only front end and needs no UI.
 */
export const MARTIN_FEATURES = ['mbtiles', 'pmtiles', 'metrics', 'postgres'] as const;

interface Stamp {
  version: string;
  features: string[];
}

function stampOk(file: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as Stamp;
    return stamp.version === MARTIN_VERSION && stamp.features.join(',') === MARTIN_FEATURES.join(',');
  } catch {
    return false;
  }
}

/**
 * Returns the path of a Martin binary, building it once with cargo into the
 * cache (keyed by version) when it is not there. `MARTIN_BIN` points at a
 * binary of your own instead. Concurrent callers wait for one build.
 */
export async function ensureMartin(log: (msg: string) => void = console.log): Promise<string> {
  if (process.env.MARTIN_BIN) {
    if (!existsSync(process.env.MARTIN_BIN)) throw new Error(`MARTIN_BIN: no file at ${process.env.MARTIN_BIN}`);
    return process.env.MARTIN_BIN;
  }
  const root = join(cacheDir(), `martin-${MARTIN_VERSION}`);
  const bin = join(root, 'bin', 'martin');
  const stamp = join(root, 'build.json');
  if (existsSync(bin) && stampOk(stamp)) return bin;

  if (spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      `Martin ${MARTIN_VERSION} is not built yet and cargo is missing. Install Rust ≥ 1.94 (rustup), ` +
        'or set MARTIN_BIN to an existing martin binary.',
    );
  }
  mkdirSync(cacheDir(), { recursive: true });
  const lock = join(cacheDir(), `martin-${MARTIN_VERSION}.lock`);
  while (true) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(bin) && stampOk(stamp)) return bin;
      log(`› waiting for another Martin build to finish (lock: ${lock})`);
      await sleep(5000);
    }
  }
  try {
    if (existsSync(bin) && stampOk(stamp)) return bin;
    log(`› building Martin ${MARTIN_VERSION} from crates.io (once per machine; takes 10–30 minutes on 2 cores)…`);
    const args = ['install', 'martin', '--version', MARTIN_VERSION, '--locked', '--no-default-features',
      '--features', MARTIN_FEATURES.join(','), '--root', root];
    const code = await new Promise<number>((resolve) => {
      const child = spawn('cargo', args, {
        stdio: ['ignore', 'inherit', 'inherit'],
        // A kept target dir turns an interrupted build into an incremental one.
        env: { ...process.env, CARGO_TARGET_DIR: join(cacheDir(), 'martin-target') },
      });
      child.on('exit', (c) => resolve(c ?? 1));
      child.on('error', () => resolve(1));
    });
    if (code !== 0 || !existsSync(bin)) throw new Error(`cargo install martin@${MARTIN_VERSION} failed (exit ${code}); see the cargo output above.`);
    writeFileSync(stamp, JSON.stringify({ version: MARTIN_VERSION, features: [...MARTIN_FEATURES] } satisfies Stamp));
    log(`› Martin ${MARTIN_VERSION} built: ${bin}`);
    return bin;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
