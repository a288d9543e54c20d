import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRaw } from './tiles-support/bff.js';
import { startFakeUpstream, vectorTile, type FakeUpstream } from './tiles-support/fake-upstream.js';
import { freePort } from './tiles-support/processes.js';
import { gunzipSync } from 'node:zlib';

// WORKERS=2 runs the built entry point as a node:cluster primary with two
// serving workers on one port. Run `pnpm --filter @org/map-bff build` first:
// this test starts dist/main.js as a real process, as production does.

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let up: FakeUpstream;
let child: ChildProcess | undefined;
let output = '';
beforeAll(async () => {
  up = await startFakeUpstream();
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await up?.close();
});

async function waitReady(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await getRaw(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`BFF not ready within ${ms} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('WORKERS=2 (node:cluster)', () => {
  it('the built BFF serves tiles from two workers and stops cleanly on SIGTERM', async () => {
    expect(existsSync(MAIN), `${MAIN} missing: pnpm --filter @org/map-bff build`).toBe(true);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH, NODE_ENV: 'production', WORKERS: '2', PORT: String(port), HOST: '127.0.0.1',
        MARTIN_PRIMARY_URL: up.url, MARTIN_BACKUP_URL: '', LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));

    await waitReady(url, 15_000);
    // Both workers listen (each logs once, with its own pid).
    const until = Date.now() + 10_000;
    const listening = () => output.split('\n').filter((l) => l.includes('"bff listening"')).map((l) => (JSON.parse(l) as { pid: number }).pid);
    while (new Set(listening()).size < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(new Set(listening()).size).toBe(2);

    // Connection: close per request, so the primary hands requests to both workers.
    for (let x = 0; x < 8; x++) {
      const res = await getRaw(`${url}/tiles/vec/3/${x}/1`, { 'accept-encoding': 'gzip', connection: 'close' });
      expect(res.status).toBe(200);
      expect(gunzipSync(res.body)).toEqual(vectorTile(3, x, 1));
    }

    child.kill('SIGTERM');
    const { code, signal } = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within 10 s:\n${output}`)), 10_000)),
    ]);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // Each worker drained and stopped by itself.
    expect(output.split('\n').filter((l) => l.includes('"shutting down"')).length).toBe(2);
  }, 40_000);
});
