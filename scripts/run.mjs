#!/usr/bin/env node
// Entry point behind `npm start`, `npm test` and `npm run bench` on a fresh
// clone. It only uses Node's standard library, because nothing else is
// installed yet: it fetches the pinned pnpm into a cache outside the clone,
// installs the workspace, installs missing Debian tools, then hands over to
// the local runner in deploy/local (TypeScript, run with tsx).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...rest] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.split('@')[1];
const cacheRoot = process.env.ORG_MAP_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'org-map');

/** Debian packages each command needs, keyed by the binary that proves it is installed. */
const debianTools = {
  start: { tilemaker: 'tilemaker', ogr2ogr: 'gdal-bin', osmium: 'osmium-tool', sqlite3: 'sqlite3' },
  test: { tilemaker: 'tilemaker', ogr2ogr: 'gdal-bin', osmium: 'osmium-tool', sqlite3: 'sqlite3', 'redis-server': 'redis-server', chromium: 'chromium' },
  bench: { tilemaker: 'tilemaker', ogr2ogr: 'gdal-bin', osmium: 'osmium-tool', sqlite3: 'sqlite3', 'redis-server': 'redis-server', chromium: 'chromium', nginx: 'nginx', wrk: 'wrk' },
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

function ensureDebianTools() {
  const wanted = debianTools[command] ?? {};
  const missing = [...new Set(Object.entries(wanted).filter(([bin]) => !onPath(bin)).map(([, p]) => p))];
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    console.error(`Missing tools: ${missing.join(', ')}. Install them (Debian: apt-get install ${missing.join(' ')}) and run again.`);
    process.exit(1);
  }
  console.log(`› installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', ...missing], { env }) !== 0) {
    console.error('apt-get failed; install the packages above by hand.');
    process.exit(1);
  }
}

function ensurePnpm() {
  const prefix = join(cacheRoot, `pnpm-${pnpmVersion}`);
  const bin = join(prefix, 'node_modules', '.bin', 'pnpm');
  if (!existsSync(bin)) {
    console.log(`› fetching pnpm ${pnpmVersion} into ${prefix}`);
    mkdirSync(prefix, { recursive: true });
    if (run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `pnpm@${pnpmVersion}`]) !== 0) {
      console.error('Could not install pnpm from the npm registry.');
      process.exit(1);
    }
  }
  return bin;
}

function ensureWorkspace(pnpm) {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  const fresh = existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  console.log('› installing workspace packages (pnpm install)');
  const args = ['install', '--prefer-offline'];
  if (process.env.CI) args.push('--frozen-lockfile');
  if (run(pnpm, args) !== 0) process.exit(1);
}

/** Toolchains that are not Debian packages (Debian's are too old): checked up front, not after a long build. */
function ensureToolchains() {
  const needs = { test: { cargo: 'Rust ≥ 1.94 (rustup), to build Martin once', go: 'Go ≥ 1.26, to build helm and the chart validator once' },
    start: { cargo: 'Rust ≥ 1.94 (rustup), to build Martin once' } }[command] ?? {};
  const missing = Object.entries(needs).filter(([bin]) => !onPath(bin));
  // A cached build makes the toolchain unnecessary; the runner says so precisely if it is needed after all.
  if (missing.length > 0) console.warn(missing.map(([bin, why]) => `! ${bin} not found: ${why}. Needed only if not built yet.`).join('\n'));
}

ensureDebianTools();
ensureToolchains();
const pnpm = ensurePnpm();
ensureWorkspace(pnpm);
const env = { ...process.env, ORG_MAP_CACHE: cacheRoot, PATH: `${dirname(pnpm)}:${process.env.PATH}` };
// The runner owns its child processes: forward stop signals to it and wait,
// so Ctrl-C stops everything before the shell prompt comes back.
const child = spawn(pnpm, ['exec', 'tsx', 'deploy/local/src/main.ts', command, ...rest], { stdio: 'inherit', cwd: root, env });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 130 : 1); });
