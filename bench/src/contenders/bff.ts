import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../deploy/local/src/free-port.js';
import type { Service } from '../../../deploy/local/src/service.js';
import { startRedis } from '../../../deploy/local/src/start-redis.js';
import { bffEntry } from '../../../deploy/local/src/start-bff.js';
import { freshDir, pinRunning, startPinned } from '../launch.js';
import { startBenchMartin } from './martin.js';
import { STOP_GRACE_MS, type Contender } from './types.js';

/**
 * The BFF settings the bench relies on (packages/bff/src/config.ts), in one
 * place: per-request logs off as for nginx, the L1 budget in MiB, Redis, and
 * a short shutdown grace so a stop (and the profile write) is quick.
 */
const BFF_ENV = {
  logLevel: 'LOG_LEVEL',
  memoryMb: 'CACHE_MEMORY_MB',
  redisUrl: 'REDIS_URL',
  shutdownGraceMs: 'SHUTDOWN_GRACE_MS',
} as const;

/**
 * The smallest L1 the BFF accepts (CACHE_MEMORY_MB ≥ 1): it cannot be turned
 * off, so "Redis only" still answers the hottest tiles from 1 MiB of memory.
 */
const MINIMAL_MEMORY_MB = 1;

interface BffVariant {
  id: string;
  label: string;
  setup: string;
  /** Redis as the only cache tier (L1 off). */
  redis: boolean;
}

function createBffContender(v: BffVariant): Contender {
  return {
    id: v.id,
    label: v.label,
    setup: v.setup,
    unavailable: () =>
      existsSync(bffEntry) ? undefined : `the BFF is not built (${bffEntry}); pnpm --filter @org/map-bff build`,
    async start(env, opts) {
      const started: Service[] = [];
      const profiling = opts?.nodeArgs?.some((a) => a.startsWith('--cpu-prof')) ?? false;
      const grace = profiling ? 15_000 : STOP_GRACE_MS;
      // All at once: the figures are taken by then. When profiling, the BFF goes
      // first so its shutdown (and the profile) does not see Martin vanish.
      const stopAll = async () => {
        if (!profiling) await Promise.all(started.map((s) => s.stop(grace)));
        else for (const s of [...started].reverse()) await s.stop(grace);
      };
      try {
        const martin = await startBenchMartin(env, `martin-behind-${v.id}`);
        started.push(martin);
        const dir = freshDir(env.workDir, v.id);
        let redis: Service | undefined;
        if (v.redis) {
          redis = await startRedis({ workDir: dir, name: 'redis' });
          started.push(redis);
          pinRunning(redis.child.pid!, env.serverCpus);
        }
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const memoryMb = v.redis ? MINIMAL_MEMORY_MB : opts?.cacheMb;
        const bff = await startPinned(env.serverCpus, {
          name: v.id,
          command: process.execPath,
          args: [...(opts?.nodeArgs ?? []), bffEntry],
          cwd: dir,
          url,
          healthUrl: `${url}/readyz`,
          logFile: join(dir, 'bff.log'),
          env: {
            NODE_ENV: 'production',
            PORT: String(port),
            HOST: '127.0.0.1',
            PUBLIC_URL: url,
            MARTIN_PRIMARY_URL: martin.url,
            MARTIN_BACKUP_URL: '',
            [BFF_ENV.logLevel]: 'warn',
            [BFF_ENV.shutdownGraceMs]: '1000',
            ...(memoryMb === undefined ? {} : { [BFF_ENV.memoryMb]: String(memoryMb) }),
            ...(redis ? { [BFF_ENV.redisUrl]: redis.url } : {}),
            ...opts?.env,
          },
        });
        started.push(bff);
        return {
          baseUrl: url,
          tilePath: (t) => `/tiles/${t.source}/${t.z}/${t.x}/${t.y}`,
          martinUrls: [martin.url],
          graphqlUrl: `${url}/graphql`,
          processes: () => [
            { role: 'bff', pid: bff.child.pid! },
            ...(redis ? [{ role: 'redis', pid: redis.child.pid! }] : []),
            { role: 'martin', pid: martin.child.pid! },
          ],
          stop: stopAll,
        };
      } catch (err) {
        await stopAll();
        throw err;
      }
    },
  };
}

export const bffMemoryContender = createBffContender({
  id: 'bff-memory',
  label: 'BFF, memory cache',
  setup: 'our BFF (one Node process), L1 memory cache at its default budget (256 MiB), no Redis, one Martin behind',
  redis: false,
});

export const bffRedisContender = createBffContender({
  id: 'bff-redis',
  label: 'BFF, Redis only',
  setup: 'our BFF with the smallest L1 it allows (1 MiB) and a local Redis 7 as the shared tier, one Martin behind',
  redis: true,
});
