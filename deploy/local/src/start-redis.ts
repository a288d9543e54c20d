import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startService, type Service } from './service.js';

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      resolve(d.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/**
 * Starts a throwaway Debian `redis-server` on a loopback port with no
 * persistence: tests and the local stack own it and stop it.
 */
export async function startRedis(opts: { workDir: string; port?: number; name?: string }): Promise<Service> {
  if (spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('redis-server is not installed (Debian: apt-get install redis-server).');
  }
  const name = opts.name ?? 'redis';
  const port = opts.port || (await freePort());
  const dir = join(opts.workDir, name);
  mkdirSync(dir, { recursive: true });
  return startService({
    name,
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    url: `redis://127.0.0.1:${port}`,
    ready: () => answersPing(port),
    logFile: join(opts.workDir, 'logs', `${name}.log`),
  });
}
