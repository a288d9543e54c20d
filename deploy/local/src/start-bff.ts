import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { repoRoot } from './paths.js';
import { startService, type Service } from './service.js';

export interface StartBffOptions {
  primaryUrl: string;
  backupUrl?: string;
  workDir: string;
  port?: number;
  name?: string;
  /** Extra environment (REDIS_URL, CORS_ORIGINS, PUBLIC_URL, …); see the BFF README. */
  env?: NodeJS.ProcessEnv;
}

/** The built BFF entry point; `pnpm --filter @org/map-bff build` makes it. */
export const bffEntry = join(repoRoot, 'packages', 'bff', 'dist', 'main.js');

/** Starts the built BFF as a process and waits for `/readyz`. */
export async function startBff(opts: StartBffOptions): Promise<Service> {
  if (!existsSync(bffEntry)) throw new Error(`The BFF is not built (${bffEntry}); run: pnpm --filter @org/map-bff build`);
  const name = opts.name ?? 'bff';
  const port = opts.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  return startService({
    name,
    command: process.execPath,
    args: ['--enable-source-maps', bffEntry],
    url,
    healthUrl: `${url}/readyz`,
    logFile: join(opts.workDir, 'logs', `${name}.log`),
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      MARTIN_PRIMARY_URL: opts.primaryUrl,
      MARTIN_BACKUP_URL: opts.backupUrl ?? '',
      ...opts.env,
    },
  });
}
