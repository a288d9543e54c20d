import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';
import { startFakeUpstream, vectorTile, type FakeUpstream } from './tiles-support/fake-upstream.js';
import { delta, sample, scrape } from './tiles-support/metrics.js';
import { startRedis, type Service } from './tiles-support/processes.js';

// L2 Redis: shared between replicas, a fleet-wide lease, purge, and a Redis
// that is down, paused or a black hole (C17). Real redis-server processes.

const workDir = mkdtempSync(join(tmpdir(), 'bff-redis-'));
let redis: Service;
let inspect: Redis;
let up: FakeUpstream;
const started: RunningBff[] = [];
beforeAll(async () => {
  [redis, up] = await Promise.all([startRedis({ workDir }), startFakeUpstream()]);
  inspect = new Redis(redis.url, { lazyConnect: false });
});
afterEach(async () => {
  up.behaviour = undefined;
  if (redis.child.signalCode === null && redis.child.exitCode === null) redis.child.kill('SIGCONT');
});
afterAll(async () => {
  await Promise.all(started.map((b) => b.close()));
  inspect?.disconnect();
  await Promise.all([redis?.stop(), up?.close()]);
});

async function bff(env: Record<string, string> = {}): Promise<RunningBff> {
  const b = await startTestBff({ MARTIN_PRIMARY_URL: up.url, REDIS_URL: redis.url, ...env });
  started.push(b);
  // The first commands fail until ioredis is connected (no offline queue by design).
  for (let i = 0; i < 100 && b.redis!.status !== 'ready'; i++) await sleep(20);
  return b;
}
const count = (path: string) => up.tileRequests.filter((p) => p === path).length;

describe('L2 shared by replicas', () => {
  it('a tile fetched by one replica is an L2 hit for another', async () => {
    const [a, b] = [await bff(), await bff()];
    const first = await getRaw(`${a.url}/tiles/vec/8/1/1`, { 'accept-encoding': 'gzip' });
    expect(first.headers.get('x-cache')).toBe('miss');
    const second = await getRaw(`${b.url}/tiles/vec/8/1/1`, { 'accept-encoding': 'gzip' });
    expect(second.headers.get('x-cache')).toBe('l2');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(count('/vec/8/1/1')).toBe(1);
    expect(await inspect.ttl((await inspect.keys('tile:vec:*:8/1/1:gzip'))[0]!)).toBeGreaterThan(0);
  });

  it('two replicas asked for one cold tile at once fetch it from Martin once between them (lease)', async () => {
    const [a, b] = [await bff(), await bff()];
    up.behaviour = async () => {
      await sleep(400);
      return false;
    };
    const all = await Promise.all(Array.from({ length: 60 }, (_, i) => getRaw(`${(i % 2 ? a : b).url}/tiles/vec/8/2/2`, { 'accept-encoding': 'gzip' })));
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(all.map((r) => r.headers.get('etag'))).size).toBe(1);
    expect(count('/vec/8/2/2')).toBe(1);
    expect(all.some((r) => r.headers.get('x-cache') === 'fleet')).toBe(true);
  });
});

describe('metrics with Redis', () => {
  it('counts an L2 hit on the replica that did not fetch, and Redis timeouts and skipped commands while Redis is paused', async () => {
    const [a, b] = [await bff({ REDIS_COMMAND_TIMEOUT_MS: '200' }), await bff()];
    await getRaw(`${a.url}/tiles/vec/8/7/7`);
    const fromL2 = await getRaw(`${b.url}/tiles/vec/8/7/7`);
    expect(fromL2.headers.get('x-cache')).toBe('l2');
    const onB = (await scrape(b.url)).samples;
    expect(sample(onB, 'bff_cache_hits_total', { tier: 'l2' })).toBe(1);
    expect(sample(onB, 'bff_tile_duration_seconds_count', { cache: 'l2' })).toBe(1);
    const before = (await scrape(a.url)).samples;
    expect(sample(before, 'bff_cache_misses_total', { tier: 'l2' })).toBeGreaterThanOrEqual(1);

    redis.child.kill('SIGSTOP');
    try {
      for (let i = 0; i < 8; i++) expect((await getRaw(`${a.url}/tiles/vec/8/${20 + i}/7`)).status).toBe(200);
    } finally {
      redis.child.kill('SIGCONT');
    }
    const after = (await scrape(a.url)).samples;
    expect(delta(before, after, 'bff_redis_errors_total', { kind: 'timeout' })).toBeGreaterThan(0);
    // After 3 failures the breaker stops sending: those commands are counted as not sent.
    expect(delta(before, after, 'bff_redis_errors_total', { kind: 'unavailable' })).toBeGreaterThan(0);
  });
});

describe('invalidation', () => {
  it('C12: a purge removes every encoding variant and the next request sees the new data', async () => {
    const a = await bff();
    for (const ae of ['gzip', 'br', 'identity']) expect((await getRaw(`${a.url}/tiles/vec/8/3/3`, { 'accept-encoding': ae })).status).toBe(200);
    expect((await inspect.keys('tile:vec:*:8/3/3:*')).sort().map((k) => k.split(':').pop())).toEqual(['br', 'gzip', 'identity']);
    up.generation++;
    const removed = await a.purgeTileset('vec');
    expect(removed).toBeGreaterThanOrEqual(3);
    expect(await inspect.keys('tile:vec:*')).toEqual([]);
    const fresh = await getRaw(`${a.url}/tiles/vec/8/3/3`);
    expect(fresh.headers.get('x-cache')).toBe('miss');
    expect(fresh.body).toEqual(vectorTile(8, 3, 3, up.generation));
  });

  it('C12: without a purge, changed data appears once the TTL ends (no infinite TTL)', async () => {
    const a = await bff({ TILE_TTL_SECONDS: '1' });
    const before = await getRaw(`${a.url}/tiles/vec/8/4/4`);
    up.generation++;
    expect((await getRaw(`${a.url}/tiles/vec/8/4/4`)).body).toEqual(before.body);
    await sleep(2100);
    expect((await getRaw(`${a.url}/tiles/vec/8/4/4`)).body).toEqual(vectorTile(8, 4, 4, up.generation));
  });
});

describe('Redis trouble', () => {
  it('C17: with Redis paused (packets unanswered) 500 requests are served, nothing queues, and caching resumes after', async () => {
    const a = await bff({ REDIS_COMMAND_TIMEOUT_MS: '200' });
    await getRaw(`${a.url}/tiles/vec/9/0/0`); // warm in L1 and L2
    // The L2 write happens after the response; let it land so the queue below holds only what the pause caused.
    await vi.waitUntil(async () => (await inspect.keys('tile:vec:*:9/0/0:*')).length > 0);
    redis.child.kill('SIGSTOP');
    const generous = sleep(20_000).then(() => 'too slow' as const);
    const answers = await Promise.race([
      Promise.all(Array.from({ length: 500 }, (_, i) => getRaw(`${a.url}/tiles/vec/9/${i % 50}/${Math.floor(i / 50)}`))),
      generous,
    ]);
    expect(answers).not.toBe('too slow');
    if (answers === 'too slow') return;
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    // The guard's in-flight bound (64) capped what the burst could send; a
    // timed-out command stays in ioredis' queue (its reply may still come), so
    // the few sent after the first timeouts, before the breaker (3 failures)
    // opened, can add up to 3 more. Bounded, whatever the timing.
    expect((a.redis as unknown as { commandQueue: { length: number } }).commandQueue.length).toBeLessThanOrEqual(64 + 3);
    const ready = JSON.parse((await getRaw(`${a.url}/readyz`)).body.toString());
    expect(ready.status).toBe('ready');
    expect(ready.cache.l2.state).toBe('down');

    redis.child.kill('SIGCONT');
    let stored = false;
    for (let i = 0; i < 100 && !stored; i++) {
      await getRaw(`${a.url}/tiles/vec/9/${100 + i}/0`);
      stored = (await inspect.keys(`tile:vec:*:9/${100 + i}/0:*`)).length > 0;
      if (!stored) await sleep(200);
    }
    expect(stored).toBe(true);
  });

  it('C17: a Redis address that accepts connections and never answers costs tiles nothing', async () => {
    const sockets: Socket[] = [];
    const hole: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
    const port = (hole.address() as { port: number }).port;
    const b = await startTestBff({ MARTIN_PRIMARY_URL: up.url, REDIS_URL: `redis://127.0.0.1:${port}` });
    started.push(b);
    const generous = sleep(20_000).then(() => 'too slow' as const);
    const answers = await Promise.race([Promise.all(Array.from({ length: 200 }, (_, i) => getRaw(`${b.url}/tiles/vec/10/${i}/0`))), generous]);
    expect(answers).not.toBe('too slow');
    if (answers !== 'too slow') expect(answers.every((r) => r.status === 200)).toBe(true);
    expect((await getRaw(`${b.url}/readyz`)).status).toBe(200);
    for (const s of sockets) s.destroy();
    hole.close();
  });

  it('reconnects on READONLY (a primary demoted to replica) and keeps serving; caching resumes once writable', async () => {
    const own = await startRedis({ workDir, name: 'redis-readonly' });
    const admin = new Redis(own.url);
    const b = await startTestBff({ MARTIN_PRIMARY_URL: up.url, REDIS_URL: own.url });
    started.push(b);
    try {
      for (let i = 0; i < 100 && b.redis!.status !== 'ready'; i++) await sleep(20);
      let reconnects = 0;
      b.redis!.on('reconnecting', () => reconnects++);
      await admin.call('REPLICAOF', '127.0.0.1', '1'); // an unreachable primary: writes now answer READONLY
      for (let i = 0; i < 10; i++) expect((await getRaw(`${b.url}/tiles/vec/12/${i}/0`)).status).toBe(200);
      expect(reconnects).toBeGreaterThan(0);
      await admin.call('REPLICAOF', 'NO', 'ONE');
      let stored = false;
      for (let i = 0; i < 100 && !stored; i++) {
        await getRaw(`${b.url}/tiles/vec/12/${100 + i}/1`);
        stored = (await admin.keys(`tile:vec:*:12/${100 + i}/1:*`)).length > 0;
        if (!stored) await sleep(200);
      }
      expect(stored).toBe(true);
    } finally {
      admin.disconnect();
      await b.close();
      await own.stop();
    }
  });

  it('serves with Redis gone and starts caching again when it comes back on the same address', async () => {
    const own = await startRedis({ workDir, name: 'redis-restart' });
    const port = Number(new URL(own.url).port);
    const b = await startTestBff({ MARTIN_PRIMARY_URL: up.url, REDIS_URL: own.url });
    started.push(b);
    await own.stop();
    for (let i = 0; i < 20; i++) expect((await getRaw(`${b.url}/tiles/vec/11/${i}/0`)).status).toBe(200);
    expect((await getRaw(`${b.url}/readyz`)).status).toBe(200);
    const back = await startRedis({ workDir, name: 'redis-restart', port });
    const probe = new Redis(back.url);
    try {
      let stored = false;
      for (let i = 0; i < 100 && !stored; i++) {
        await getRaw(`${b.url}/tiles/vec/11/${100 + i}/1`);
        stored = (await probe.keys(`tile:vec:*:11/${100 + i}/1:*`)).length > 0;
        if (!stored) await sleep(200);
      }
      expect(stored).toBe(true);
    } finally {
      probe.disconnect();
      await b.close();
      await back.stop();
    }
  });
});
