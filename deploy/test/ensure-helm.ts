import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../local/src/paths.js';
import { buildOnce, run } from './build-once.js';

/**
 * The Helm release the chart is linted and rendered with. Helm 4 renders
 * charts of apiVersion v2 like Helm 3 does; it is built from source with the
 * Go toolchain, as no binary can be downloaded here.
 */
export const HELM_VERSION = 'v4.3.2';
const MODULE = 'helm.sh/helm/v4/cmd/helm';

/**
 * Returns the path of a helm binary: `HELM_BIN` if set, else a build cached
 * outside the clone in `<cache>/helm-<version>/bin/helm` (`go install`, about
 * 5–12 minutes on 2 cores the first time).
 */
export async function ensureHelm(log?: (msg: string) => void): Promise<string> {
  if (process.env.HELM_BIN) {
    if (!existsSync(process.env.HELM_BIN)) throw new Error(`HELM_BIN: no file at ${process.env.HELM_BIN}`);
    return process.env.HELM_BIN;
  }
  const binDir = join(cacheDir(), `helm-${HELM_VERSION}`, 'bin');
  return buildOnce({
    output: join(binDir, 'helm'),
    key: `${MODULE}@${HELM_VERSION}`,
    what: `helm ${HELM_VERSION}`,
    log,
    build: async () => {
      if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) {
        throw new Error(`helm ${HELM_VERSION} is not built yet and the Go toolchain is missing: install Go ≥ 1.26, or set HELM_BIN.`);
      }
      await run('go', ['install', `${MODULE}@${HELM_VERSION}`], { env: { ...process.env, GOBIN: binDir } });
    },
  });
}
