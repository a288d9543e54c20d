import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startBff, type RunningBff } from '../../src/start-bff.js';

/** Starts the BFF in-process on a free port with test settings plus `env`. */
export function startTestBff(env: Record<string, string>): Promise<RunningBff> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MARTIN_BACKUP_URL: '', ...env });
  return startBff({ config, log: createLogger({ level: process.env.BFF_TEST_LOG ?? 'silent' }) });
}

export interface TileResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * GETs a tile with exactly the given headers. `fetch` would add its own
 * Accept-Encoding and decompress; node:http sends what we say and returns raw bytes.
 */
export async function getRaw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<TileResponse> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
