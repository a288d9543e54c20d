import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../local/src/paths.js';
import { buildOnce, run } from './build-once.js';

/** The Go program in ./validate (see its main.go). */
export const validatorDir = join(dirname(fileURLToPath(import.meta.url)), 'validate');

export interface Validator {
  /** The validator binary. */
  bin: string;
  /** Istio's CRDs, as shipped in the istio.io/api module that go.mod pins. */
  istioCrds: string;
}

/** Hash of the validator's sources and module pins: a change rebuilds it. */
function sourceKey(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(validatorDir).filter((f) => /\.go$|^go\.(mod|sum)$/.test(f)).sort()) {
    hash.update(file).update(readFileSync(join(validatorDir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the validator once per source version into the cache
 * (`<cache>/chart-validator-<hash>/validate`) and finds Istio's CRD file in
 * the Go module cache. Needs the Go toolchain and the Go module proxy.
 */
export async function ensureValidator(log?: (msg: string) => void): Promise<Validator> {
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('The chart validator needs the Go toolchain (Go ≥ 1.26) on PATH.');
  }
  const key = sourceKey();
  const bin = await buildOnce({
    output: join(cacheDir(), `chart-validator-${key}`, 'validate'),
    key,
    what: 'the chart validator',
    log,
    build: async () => {
      await run('go', ['build', '-o', join(cacheDir(), `chart-validator-${key}`, 'validate'), '.'], { cwd: validatorDir });
    },
  });
  // `go list -m` downloads the module if this machine has not got it yet.
  const moduleDir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'istio.io/api'], { cwd: validatorDir, encoding: 'utf8' }).trim();
  const istioCrds = join(moduleDir, 'kubernetes', 'customresourcedefinitions.gen.yaml');
  if (!existsSync(istioCrds)) throw new Error(`istio.io/api has no CRD file at ${istioCrds}`);
  return { bin, istioCrds };
}
