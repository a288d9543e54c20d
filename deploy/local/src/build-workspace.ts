import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** Newest modification time under a folder (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) t = Math.max(t, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return t;
}

const PACKAGES = [
  { name: '@org/map-bff', dir: 'packages/bff', inputs: ['src'], output: 'dist' },
  { name: '@org/map-sdk', dir: 'packages/sdk', inputs: ['src'], output: 'dist' },
  { name: '@org/map-demo', dir: 'packages/demo', inputs: ['src', '../sdk/src'], output: 'dist' },
];

/**
 * Builds the BFF, SDK and demo when their sources are newer than their
 * output, so a second `npm start` skips the bundlers.
 */
export function buildWorkspace(log: (msg: string) => void, force = false): void {
  for (const pkg of PACKAGES) {
    const base = join(repoRoot, pkg.dir);
    const srcTime = Math.max(...pkg.inputs.map((i) => newest(join(base, i))), statSync(join(base, 'package.json')).mtimeMs);
    if (!force && newest(join(base, pkg.output)) > srcTime) continue;
    log(`› building ${pkg.name}`);
    const r = spawnSync('pnpm', ['--filter', pkg.name, 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`build of ${pkg.name} failed`);
  }
}
