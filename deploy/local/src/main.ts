import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertPortsFree } from './assert-ports-free.js';
import { ensureHelm } from '../../test/ensure-helm.js';
import { ensureValidator } from '../../test/ensure-validator.js';
import { buildWorkspace } from './build-workspace.js';
import { ensureMartin } from './ensure-martin.js';
import { repoRoot, cacheDir, dataDir } from './paths.js';
import { startStack } from './start-stack.js';
import { buildTilesets } from './tilesets/index.js';

const log = (msg: string) => console.log(msg);

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}: expected a TCP port (1–65535), got "${raw}"`);
  return n;
}

/** `npm start`: the whole stack on fixed ports until Ctrl-C. */
async function start(): Promise<void> {
  const ports = {
    primary: port('MARTIN_PRIMARY_PORT', 3000),
    backup: port('MARTIN_BACKUP_PORT', 3001),
    bff: port('BFF_PORT', 8080),
    demo: port('DEMO_PORT', 8081),
  };
  await assertPortsFree({ MARTIN_PRIMARY_PORT: ports.primary, MARTIN_BACKUP_PORT: ports.backup, BFF_PORT: ports.bff, DEMO_PORT: ports.demo });
  const martinBin = await ensureMartin(log);
  const tilesets = await buildTilesets({ dataDir: dataDir(), cacheDir: cacheDir(), log });
  buildWorkspace(log);
  const bffEnv: NodeJS.ProcessEnv = {};
  if (process.env.REDIS_URL) bffEnv.REDIS_URL = process.env.REDIS_URL;
  const stack = await startStack({ workDir: join(repoRoot, '.stack'), ports, martinBin, tilesets, bffEnv, log });
  console.log(`
  Demo:     ${stack.demoUrl}
  BFF:      ${stack.bff.url}  (GraphQL: ${stack.bff.url}/graphql, tiles: ${stack.bff.url}/tiles/{id}/{z}/{x}/{y})
  Martin:   ${stack.primary.url} (primary), ${stack.backup.url} (backup)
  Cache:    ${process.env.REDIS_URL ? `memory + Redis (${process.env.REDIS_URL})` : 'memory (set REDIS_URL for Redis)'}
  Logs:     ${join(repoRoot, '.stack', 'logs')}
  Press Ctrl-C to stop.
`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n› ${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(sig));
  // If a child dies on its own, say so instead of serving a half stack silently.
  for (const svc of [stack.primary, stack.backup, stack.bff]) {
    void svc.exited.then((code) => {
      if (!stopping) console.error(`! ${svc.name} exited (${code}); see .stack/logs/${svc.name}.log`);
    });
  }
}

function pnpm(args: string[]): void {
  const r = spawnSync('pnpm', args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** `npm test`: build, type-check, every vitest project, package checks. */
async function test(args: string[]): Promise<void> {
  // Warm the slow caches here, with visible progress, before vitest runs:
  // Martin (cargo), the tilesets, and helm + the chart validator (Go).
  await ensureMartin(log);
  await buildTilesets({ dataDir: dataDir(), cacheDir: cacheDir(), log });
  await ensureHelm(log);
  await ensureValidator(log);
  buildWorkspace(log, true);
  log('› type-checking every package');
  pnpm(['run', 'check']);
  log('› running the tests');
  pnpm(['exec', 'vitest', 'run', ...args]);
  log('› checking the SDK package (size budget, exports, types)');
  pnpm(['--filter', '@org/map-sdk', 'run', '--if-present', 'lint:package']);
  pnpm(['--filter', '@org/map-sdk', 'run', '--if-present', 'size']);
  log('› checking that the SDK API docs cover every public symbol');
  pnpm(['--filter', '@org/map-sdk', 'run', 'docs:check']);
}

async function bench(args: string[]): Promise<void> {
  buildWorkspace(log);
  const r = spawnSync('pnpm', ['exec', 'tsx', join(repoRoot, 'bench', 'src', 'main.ts'), ...args], { cwd: repoRoot, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, (a: string[]) => Promise<void>> = { start, test, bench };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(`usage: main.ts ${Object.keys(commands).join('|')} [args]`);
  process.exit(2);
}
run(args).catch((err: unknown) => {
  console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
