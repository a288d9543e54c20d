import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./replay.lua', import.meta.url));
/** Linux reports process CPU times in clock ticks; 100 on every mainstream kernel config. */
const CLOCK_TICKS = 100;

/** Fails early, with the fix, when wrk or taskset is missing. */
export function checkLoadTools(): void {
  for (const [bin, pkg] of [['wrk', 'wrk'], ['taskset', 'util-linux']] as const) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status !== 0) {
      throw new Error(`${bin} is not installed (Debian: apt-get install ${pkg})`);
    }
  }
}

export interface LoadOptions {
  /** `http://127.0.0.1:port`; the paths file holds the rest of each URL. */
  baseUrl: string;
  pathsFile: string;
  /** `loop` cycles until the duration ends; `once` stops after the last path. */
  mode: 'loop' | 'once';
  connections: number;
  /** Run length for `loop`; an upper bound for `once`. */
  durationS: number;
  /** Target total request rate; absent means as fast as the server answers (saturation). */
  rate?: number;
  headers: Record<string, string>;
  seed: number;
  /** CPU list for `taskset`: the generator gets its own core. */
  cpus: string;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  bytes: number;
  latencyMs: { p50: number; p90: number; p99: number; p999: number; mean: number; max: number };
  /** Socket errors, timeouts and HTTP statuses ≥ 400, as wrk counts them. */
  errors: number;
  errorDetail: Record<string, number>;
  /** CPU seconds the generator used, and that as a share of one core over the run. */
  genCpuS: number;
  genCpuShare: number;
}

interface WrkJson {
  requests: number;
  durationUs: number;
  bytes: number;
  errors: Record<string, number>;
  latencyUs: Record<'min' | 'mean' | 'p50' | 'p90' | 'p99' | 'p999' | 'max', number>;
}

/**
 * Runs wrk (one thread, pinned) over a request list. wrk is a C event loop,
 * several times cheaper per request than a Node client, so on two cores the
 * servers run out of CPU before it does; its CPU time is measured anyway
 * (the shell's cutime after wrk exits) and reported with every figure.
 */
export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const delayMs = opts.rate ? (opts.connections * 1000) / opts.rate : 0;
  const headerArgs = Object.entries(opts.headers).map(([k, v]) => `${k}:${v}`);
  const wrkArgs = [
    '-t1', `-c${opts.connections}`, `-d${Math.ceil(opts.durationS)}s`, '--timeout', '10s',
    '-s', SCRIPT, opts.baseUrl, '--', opts.pathsFile, String(delayMs), String(opts.seed), ...headerArgs,
  ];
  // The shell waits for wrk, then prints its own /proc stat, whose cutime and
  // cstime fields hold the CPU time of the children it reaped: wrk's.
  const script = 'taskset -c "$0" wrk "$@"; rc=$?; echo; echo "STAT $(cat /proc/$$/stat)"; exit $rc';
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, opts.cpus, ...wrkArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REPLAY_MODE: opts.mode },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), (opts.durationS + 60) * 1000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      const json = /^BENCH_JSON (.*)$/m.exec(out)?.[1];
      const stat = /^STAT .*\) (.*)$/m.exec(out)?.[1]?.split(' ');
      if (code !== 0 || !json || !stat) {
        reject(new Error(`wrk failed (exit ${code}): ${(err || out).trim().slice(-800)}`));
        return;
      }
      const w = JSON.parse(json) as WrkJson;
      // After the `)` of comm: field 3 (state) is index 0, so cutime (16) is 13 and cstime (17) is 14.
      const genCpuS = (Number(stat[13]) + Number(stat[14])) / CLOCK_TICKS;
      const durationS = w.durationUs / 1e6;
      const ms = (us: number) => us / 1000;
      resolve({
        requests: w.requests,
        durationS,
        rps: w.requests / durationS,
        bytes: w.bytes,
        latencyMs: {
          p50: ms(w.latencyUs.p50), p90: ms(w.latencyUs.p90), p99: ms(w.latencyUs.p99),
          p999: ms(w.latencyUs.p999), mean: ms(w.latencyUs.mean), max: ms(w.latencyUs.max),
        },
        errors: Object.values(w.errors).reduce((s, n) => s + n, 0),
        errorDetail: w.errors,
        genCpuS,
        genCpuShare: genCpuS / durationS,
      });
    });
  });
}
