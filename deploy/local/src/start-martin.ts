import { join } from 'node:path';
import { freePort } from './free-port.js';
import { writeMartinConfig } from './martin-config.js';
import { startService, type Service } from './service.js';
import type { TilesetFiles } from './tilesets/index.js';

export interface StartMartinOptions {
  bin: string;
  tilesets: TilesetFiles;
  /** A folder for the generated config and the log. */
  workDir: string;
  name?: string;
  /** 0 or absent picks a free port. */
  port?: number;
  cacheSizeMb?: number;
}

/** Starts one Martin instance on our tilesets and waits until `/catalog` answers. */
export async function startMartin(opts: StartMartinOptions): Promise<Service> {
  const name = opts.name ?? 'martin';
  const port = opts.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const config = writeMartinConfig(join(opts.workDir, `${name}.yaml`), {
    tilesets: opts.tilesets,
    listen: `127.0.0.1:${port}`,
    cacheSizeMb: opts.cacheSizeMb,
  });
  return startService({
    name,
    command: opts.bin,
    args: ['--config', config],
    url,
    // `/health` is always 200 in Martin; `/catalog` proves the sources loaded.
    healthUrl: `${url}/catalog`,
    logFile: join(opts.workDir, 'logs', `${name}.log`),
    env: { RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  });
}
