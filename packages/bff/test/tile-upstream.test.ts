import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';
import { startFakeUpstream, vectorTile, type FakeUpstream } from './tiles-support/fake-upstream.js';

// Coalescing, deadlines and failover against Martin stand-ins that misbehave
// on purpose (a real Martin cannot be made slow or broken on demand).

let primary: FakeUpstream;
let backup: FakeUpstream;
const started: RunningBff[] = [];
beforeAll(async () => {
  [primary, backup] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
});
afterEach(() => {
  primary.behaviour = undefined;
  backup.behaviour = undefined;
});
afterAll(async () => {
  await Promise.all(started.map((b) => b.close()));
  await Promise.all([primary?.close(), backup?.close()]);
});

async function bffWith(env: Record<string, string> = {}): Promise<RunningBff> {
  const bff = await startTestBff({ MARTIN_PRIMARY_URL: primary.url, MARTIN_BACKUP_URL: backup.url, ...env });
  started.push(bff);
  return bff;
}
const count = (up: FakeUpstream, path: string) => up.tileRequests.filter((p) => p === path).length;

describe('single flight', () => {
  it('C14: 200 concurrent requests for one cold tile cause one Martin fetch and get the same bytes and headers', async () => {
    const bff = await bffWith();
    primary.behaviour = async () => {
      await sleep(500);
      return false;
    };
    const all = await Promise.all(Array.from({ length: 200 }, () => getRaw(`${bff.url}/tiles/vec/8/10/10`, { 'accept-encoding': 'gzip' })));
    expect(count(primary, '/vec/8/10/10') + count(backup, '/vec/8/10/10')).toBe(1);
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(all.map((r) => r.headers.get('etag'))).size).toBe(1);
    expect(new Set(all.map((r) => r.headers.get('content-encoding')))).toEqual(new Set(['gzip']));
    for (const r of all) expect(gunzipSync(r.body)).toEqual(vectorTile(8, 10, 10));
    expect(all.filter((r) => r.headers.get('x-cache') === 'coalesced')).toHaveLength(199);
  });

  it('C14: a failed fetch is shared by every waiter, not stored, and the next request tries again', async () => {
    const bff = await bffWith({ MARTIN_BACKUP_URL: '' });
    primary.behaviour = async (_t, _req, res) => {
      await sleep(300);
      res.writeHead(500).end('boom');
    };
    const all = await Promise.all(Array.from({ length: 50 }, () => getRaw(`${bff.url}/tiles/vec/8/11/11`)));
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([502]));
    for (const r of all) expect(r.headers.get('cache-control')).toBe('no-store');
    expect(count(primary, '/vec/8/11/11')).toBe(1);
    primary.behaviour = undefined;
    const next = await getRaw(`${bff.url}/tiles/vec/8/11/11`);
    expect(next.status).toBe(200);
    expect(next.body).toEqual(vectorTile(8, 11, 11));
    expect(count(primary, '/vec/8/11/11')).toBe(2);
  });

  it('keeps fetching for the others when a client disconnects, and never caches a truncated tile', async () => {
    const bff = await bffWith();
    primary.behaviour = async () => {
      await sleep(300);
      return false;
    };
    await new Promise<void>((resolve) => {
      const req = request(`${bff.url}/tiles/vec/8/12/12`, { agent: false });
      req.on('error', () => resolve());
      req.end();
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await sleep(600);
    const later = await getRaw(`${bff.url}/tiles/vec/8/12/12`);
    expect(later.headers.get('x-cache')).toBe('l1');
    expect(later.body).toEqual(vectorTile(8, 12, 12));
  });
});

describe('deadline', () => {
  it('C13: a Martin that hangs gets 504 within the deadline, no-store, nothing cached; retries join the one fetch', async () => {
    const bff = await bffWith({ UPSTREAM_TIMEOUT_MS: '1500', MARTIN_BACKUP_URL: '' });
    primary.behaviour = () => new Promise<void>(() => {}); // never answers (like a 35 s tile)
    const first = getRaw(`${bff.url}/tiles/vec/9/1/1`);
    await sleep(300);
    const retry1 = getRaw(`${bff.url}/tiles/vec/9/1/1`);
    await sleep(300);
    const retry2 = getRaw(`${bff.url}/tiles/vec/9/1/1`);
    const generous = sleep(8000).then(() => 'client gave up');
    const answers = await Promise.race([Promise.all([first, retry1, retry2]), generous]);
    expect(answers).not.toBe('client gave up');
    for (const r of answers as Awaited<typeof first>[]) {
      expect(r.status).toBe(504);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(JSON.parse(r.body.toString()).error.code).toBe('UPSTREAM_TIMEOUT');
    }
    expect(count(primary, '/vec/9/1/1')).toBe(1);
    primary.behaviour = undefined;
    const after = await getRaw(`${bff.url}/tiles/vec/9/1/1`);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-cache')).toBe('miss');
  });

  it('gives the backup the rest of the deadline when the primary hangs', async () => {
    const bff = await bffWith({ UPSTREAM_TIMEOUT_MS: '2000' });
    primary.behaviour = () => new Promise<void>(() => {});
    const res = await getRaw(`${bff.url}/tiles/vec/9/2/2`);
    expect(res.status).toBe(200);
    expect(count(backup, '/vec/9/2/2')).toBe(1);
  });
});

describe('failover', () => {
  it('serves from the backup when the primary fails, opens the primary circuit and reports it in /readyz', async () => {
    const bff = await bffWith();
    primary.behaviour = (_t, _req, res) => void res.writeHead(503).end();
    for (let i = 0; i < 8; i++) expect((await getRaw(`${bff.url}/tiles/vec/10/${i}/0`)).status).toBe(200);
    const primaryCalls = primary.tileRequests.filter((p) => p.startsWith('/vec/10/')).length;
    expect(primaryCalls).toBe(5); // the circuit opened after 5 consecutive failures
    const ready = await getRaw(`${bff.url}/readyz`);
    expect(ready.status).toBe(200);
    const details = JSON.parse(ready.body.toString());
    expect(details.upstreams.map((u: { name: string; state: string }) => [u.name, u.state])).toEqual([['primary', 'open'], ['backup', 'closed']]);
    expect(details.cache.l2).toEqual({ state: 'disabled' });
  });

  it('with BFF_RETRIES=off makes one attempt and leaves retrying to the mesh', async () => {
    const bff = await bffWith({ BFF_RETRIES: 'off' });
    primary.behaviour = (_t, _req, res) => void res.writeHead(500).end();
    const res = await getRaw(`${bff.url}/tiles/vec/11/0/0`);
    expect(res.status).toBe(502);
    expect(count(backup, '/vec/11/0/0')).toBe(0);
  });

  it('loses no request when the primary dies mid-traffic', async () => {
    const doomed = await startFakeUpstream();
    const bff = await startTestBff({ MARTIN_PRIMARY_URL: doomed.url, MARTIN_BACKUP_URL: backup.url });
    started.push(bff);
    doomed.behaviour = async () => {
      await sleep(100);
      return false;
    };
    const inflight = Array.from({ length: 40 }, (_, i) => getRaw(`${bff.url}/tiles/vec/12/${i}/1`));
    await sleep(50);
    await doomed.close(); // resets the connections of requests in flight
    const later = Array.from({ length: 40 }, (_, i) => getRaw(`${bff.url}/tiles/vec/12/${i}/2`));
    const all = await Promise.all([...inflight, ...later]);
    expect(all.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
  });
});

describe('limits', () => {
  it('refuses an upstream body over MAX_TILE_BYTES with 502 and does not cache it', async () => {
    const bff = await bffWith({ MAX_TILE_BYTES: '2048' });
    primary.behaviour = (_t, _req, res) => void res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.alloc(100_000, 0x1a));
    const res = await getRaw(`${bff.url}/tiles/vec/13/0/0`);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body.toString()).error.code).toBe('UPSTREAM_BODY_TOO_LARGE');
    expect(count(backup, '/vec/13/0/0')).toBe(0); // same data there: failover would not help
    primary.behaviour = undefined;
    expect((await getRaw(`${bff.url}/tiles/vec/13/0/0`)).status).toBe(200);
  });

  it('never caches a body cut short by the upstream', async () => {
    const bff = await bffWith({ MARTIN_BACKUP_URL: '' });
    primary.behaviour = (_t, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '1000' });
      res.write(Buffer.alloc(100, 0x1a));
      setTimeout(() => res.destroy(), 20);
    };
    const cut = await getRaw(`${bff.url}/tiles/vec/13/1/1`);
    expect(cut.status).toBe(502);
    primary.behaviour = undefined;
    const whole = await getRaw(`${bff.url}/tiles/vec/13/1/1`);
    expect(whole.headers.get('x-cache')).toBe('miss');
    expect(whole.body).toEqual(vectorTile(13, 1, 1));
  });
});

describe('shutdown', () => {
  it('fails readiness at once, finishes the requests in flight, then stops', async () => {
    const bff = await startTestBff({ MARTIN_PRIMARY_URL: primary.url, SHUTDOWN_DELAY_MS: '300' });
    primary.behaviour = async () => {
      await sleep(600);
      return false;
    };
    const inflight = getRaw(`${bff.url}/tiles/vec/14/0/0`);
    await sleep(100);
    const closed = bff.close();
    const ready = await getRaw(`${bff.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body.toString()).status).toBe('draining');
    expect((await getRaw(`${bff.url}/tiles/vec/14/1/1`)).status).toBe(200);
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(res.body).toEqual(vectorTile(14, 0, 0));
    await closed;
    await expect(getRaw(`${bff.url}/healthz`)).rejects.toThrow();
  });
});
