import { join } from 'node:path';
import { writeMartinConfig } from '../../../deploy/local/src/martin-config.js';
import { freePort } from '../../../deploy/local/src/free-port.js';
import type { Service } from '../../../deploy/local/src/service.js';
import { freshDir, startPinned } from '../launch.js';
import { STOP_GRACE_MS, type BenchEnv, type Contender } from './types.js';

/** The tile cache size our local stack gives Martin (deploy/local martin-config default). */
export const MARTIN_DEFAULT_CACHE_MB = 64;

/**
 * Starts one Martin on the real tilesets, pinned to the server core, with the
 * same generated config as `npm start` (stable source ids, its own cache on).
 */
export async function startBenchMartin(env: BenchEnv, name: string, cacheMb = MARTIN_DEFAULT_CACHE_MB): Promise<Service> {
  const dir = freshDir(env.workDir, name);
  const port = await freePort();
  const config = writeMartinConfig(join(dir, 'martin.yaml'), {
    tilesets: env.tilesets,
    listen: `127.0.0.1:${port}`,
    cacheSizeMb: cacheMb,
  });
  const url = `http://127.0.0.1:${port}`;
  return startPinned(env.serverCpus, {
    name,
    command: env.martinBin,
    args: ['--config', config],
    url,
    healthUrl: `${url}/catalog`,
    logFile: join(dir, 'martin.log'),
    env: { RUST_LOG: 'warn' },
  });
}

/** Martin serving clients directly: the baseline every front end adds to. */
export const martinContender: Contender = {
  id: 'martin',
  label: 'Martin alone',
  setup: `Martin 1.14, its own tile cache ${MARTIN_DEFAULT_CACHE_MB} MB, clients hit /{id}/{z}/{x}/{y} directly`,
  unavailable: () => undefined,
  async start(env, opts) {
    const martin = await startBenchMartin(env, 'martin', opts?.cacheMb);
    return {
      baseUrl: martin.url,
      tilePath: (t) => `/${t.source}/${t.z}/${t.x}/${t.y}`,
      martinUrls: [martin.url],
      processes: () => [{ role: 'martin', pid: martin.child.pid! }],
      stop: () => martin.stop(STOP_GRACE_MS),
    };
  },
};
