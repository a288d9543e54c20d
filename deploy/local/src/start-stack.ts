import type { Server } from 'node:http';
import { join } from 'node:path';
import { ensureMartin } from './ensure-martin.js';
import { freePort } from './free-port.js';
import { cacheDir, dataDir, repoRoot } from './paths.js';
import { serveStatic } from './serve-static.js';
import { startBff } from './start-bff.js';
import { startMartin } from './start-martin.js';
import type { Service } from './service.js';
import { buildTilesets, TONER_ATTRIBUTION, type TilesetFiles } from './tilesets/index.js';

export interface StackOptions {
  /** Where configs and logs go. */
  workDir: string;
  /** Fixed ports; 0 or absent picks free ones (tests). */
  ports?: { primary?: number; backup?: number; bff?: number; demo?: number };
  /** Extra BFF environment, e.g. REDIS_URL. */
  bffEnv?: NodeJS.ProcessEnv;
  /** Settings the demo reads from `config.json` besides `bffUrl`. */
  demoConfig?: Record<string, unknown>;
  martinBin?: string;
  tilesets?: TilesetFiles;
  log?: (msg: string) => void;
}

export interface Stack {
  primary: Service;
  backup: Service;
  bff: Service;
  demoUrl: string;
  stop(): Promise<void>;
}

/**
 * The whole platform as local processes: Martin primary and backup on the same
 * tilesets, the BFF in front of them, and the demo site. Used by `npm start`
 * and by the end-to-end tests, so both run the same composition.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const martinBin = opts.martinBin ?? (await ensureMartin(log));
  const tilesets = opts.tilesets ?? (await buildTilesets({ dataDir: dataDir(), cacheDir: cacheDir(), log }));
  const started: Array<{ stop(): Promise<void> }> = [];
  const stop = async () => {
    await Promise.allSettled(started.reverse().map((s) => s.stop()));
  };
  try {
    const [primary, backup] = await Promise.all([
      startMartin({ bin: martinBin, tilesets, workDir: opts.workDir, name: 'martin-primary', port: opts.ports?.primary }),
      startMartin({ bin: martinBin, tilesets, workDir: opts.workDir, name: 'martin-backup', port: opts.ports?.backup }),
    ]);
    started.push(primary, backup);
    log(`› Martin primary ${primary.url}, backup ${backup.url}`);

    const demoPort = opts.ports?.demo || (await freePort());
    const demoUrl = `http://localhost:${demoPort}`;
    const bffPort = opts.ports?.bff || (await freePort());
    const bffPublic = `http://localhost:${bffPort}`;
    const bff = await startBff({
      primaryUrl: primary.url,
      backupUrl: backup.url,
      workDir: opts.workDir,
      port: bffPort,
      env: {
        PUBLIC_URL: bffPublic,
        CORS_ORIGINS: `${demoUrl},http://127.0.0.1:${demoPort}`,
        // The Stamen PMTiles has no metadata; its licence still needs crediting.
        TILESET_ATTRIBUTION: JSON.stringify({ toner: TONER_ATTRIBUTION }),
        ...opts.bffEnv,
      },
    });
    started.push(bff);
    log(`› BFF ${bffPublic}`);

    const server: Server = await serveStatic({
      root: join(repoRoot, 'packages', 'demo', 'dist'),
      config: { bffUrl: bffPublic, ...opts.demoConfig },
      port: demoPort,
      host: '127.0.0.1',
    });
    started.push({ stop: () => new Promise<void>((r) => server.close(() => r())) });
    return { primary, backup, bff: { ...bff, url: bffPublic }, demoUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
