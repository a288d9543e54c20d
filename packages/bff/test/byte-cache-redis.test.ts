import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createByteCache } from '../src/cache/create-byte-cache.js';
import { createRedisClient } from '../src/cache/create-redis-client.js';
import { createRedisGuard } from '../src/cache/create-redis-guard.js';
import { startRedis, type Service } from './tiles-support/processes.js';

// The byte cache against a real redis-server; Redis itself counts the commands.

const workDir = mkdtempSync(join(tmpdir(), 'bff-byte-cache-'));
let redis: Service;
let client: Redis;
let admin: Redis;
beforeAll(async () => {
  redis = await startRedis({ workDir, name: 'redis-byte-cache' });
  client = createRedisClient({ url: redis.url, commandTimeoutMs: 1000 });
  admin = new Redis(redis.url);
  for (let i = 0; i < 100 && client.status !== 'ready'; i++) await sleep(20);
});
afterAll(async () => {
  client?.disconnect();
  admin?.disconnect();
  await redis?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** MGET calls Redis has executed since the last CONFIG RESETSTAT (from INFO commandstats). */
async function mgetCalls(): Promise<number> {
  const stats = await admin.info('commandstats');
  return Number(/cmdstat_mget:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('createByteCache with Redis', () => {
  it('#getMany: 200 concurrent lookups of the same 3 keys become one MGET of 3 keys', async () => {
    const cache = createByteCache({ memoryBytes: 1 << 20, redis: createRedisGuard(client) });
    const keys = ['dedupe:a', 'dedupe:b', 'dedupe:missing'];
    await admin.set('dedupe:a', 'A');
    await admin.set('dedupe:b', 'B');
    await admin.config('RESETSTAT');
    const spy = vi.spyOn(client, 'mgetBuffer');
    try {
      const all = await Promise.all(Array.from({ length: 200 }, () => cache.getMany(keys)));
      for (const values of all) {
        expect(values.map((v) => (v ? Buffer.from(v).toString() : undefined))).toEqual(['A', 'B', undefined]);
      }
      expect(spy.mock.calls.map((args) => args.length)).toEqual([3]);
      expect(await mgetCalls()).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('#getMany: distinct keys of concurrent callers still share one MGET, and each gets its own values', async () => {
    const cache = createByteCache({ memoryBytes: 1 << 20, redis: createRedisGuard(client) });
    await admin.mset('mix:1', 'one', 'mix:2', 'two', 'mix:3', 'three');
    await admin.config('RESETSTAT');
    const [a, b, c] = await Promise.all([cache.getMany(['mix:1', 'mix:2']), cache.get('mix:2'), cache.getMany(['mix:3', 'mix:1', 'mix:none'])]);
    const text = (v: Uint8Array | undefined) => (v ? Buffer.from(v).toString() : undefined);
    expect(a.map(text)).toEqual(['one', 'two']);
    expect(text(b)).toBe('two');
    expect(c.map(text)).toEqual(['three', 'one', undefined]);
    expect(await mgetCalls()).toBe(1);
  });

  it('#getShared reads Redis past a stale L1 copy (another replica changed the value)', async () => {
    const cache = createByteCache({ memoryBytes: 1 << 20, redis: createRedisGuard(client) });
    await cache.set('shared:epoch', Buffer.from('1'), 60);
    await admin.set('shared:epoch', '2');
    expect(Buffer.from((await cache.get('shared:epoch'))!).toString()).toBe('1');
    expect(Buffer.from((await cache.getShared('shared:epoch'))!).toString()).toBe('2');
    expect(await cache.getShared('shared:none')).toBeUndefined();
  });
});
