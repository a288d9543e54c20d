import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';
import { startFakeUpstream, vectorTile, type FakeUpstream } from './tiles-support/fake-upstream.js';
import { startRedis, type Service } from './tiles-support/processes.js';

// C12 with published versioned URLs (`?v=`, cached by browsers as immutable):
// a purge must change the version even when Martin's metadata is unchanged.
// Two replicas sharing a real Redis; Martin is a stand-in whose metadata never changes.

const OPERATOR_TOKEN = 'op-token-0123456789abcdef-XYZ';
const workDir = mkdtempSync(join(tmpdir(), 'bff-purge-version-'));
let redis: Service;
let inspect: Redis;
let up: FakeUpstream;
const started: RunningBff[] = [];
beforeAll(async () => {
  [redis, up] = await Promise.all([startRedis({ workDir, name: 'redis-purge-version' }), startFakeUpstream()]);
  inspect = new Redis(redis.url);
});
afterAll(async () => {
  await Promise.all(started.map((b) => b.close()));
  inspect?.disconnect();
  await Promise.all([redis?.stop(), up?.close()]);
});

async function replica(env: Record<string, string> = {}): Promise<RunningBff> {
  const b = await startTestBff({ MARTIN_PRIMARY_URL: up.url, REDIS_URL: redis.url, OPERATOR_TOKEN, PUBLIC_URL: 'https://maps.example.org', ...env });
  started.push(b);
  for (let i = 0; i < 100 && b.redis!.status !== 'ready'; i++) await sleep(20);
  return b;
}

async function graphql(b: RunningBff, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${b.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data: Record<string, any>; errors?: unknown[] };
}
const versionOf = async (b: RunningBff) => {
  const { data } = await graphql(b, '{ tileset(id: "vec") { version tileUrl } }');
  expect(data.tileset.tileUrl).toBe(`https://maps.example.org/tiles/vec/{z}/{x}/{y}?v=${data.tileset.version}`);
  return data.tileset.version as string;
};

describe('purge and data versions', () => {
  it('C12: the purge mutation changes tileUrl `v` and the tile cache keys although Martin\'s metadata is unchanged', async () => {
    const a = await replica();
    const before = await versionOf(a);
    const cached = await getRaw(`${a.url}/tiles/vec/8/3/3?v=${before}`);
    expect(cached.headers.get('cache-control')).toMatch(/immutable/);
    const versionsInKeys = async () => [...new Set((await inspect.keys('tile:vec:*:8/3/3:*')).map((k) => k.split(':')[2]))];
    expect(await versionsInKeys()).toEqual([before]);

    up.generation++; // the data changed, the metadata did not
    const purge = await graphql(a, 'mutation { purgeTileset(id: "vec") { id version } }', { authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(purge.errors).toBeUndefined();
    const after = purge.data.purgeTileset.version as string;
    expect(after).toMatch(/^[0-9a-f]{12}$/);
    expect(after).not.toBe(before);
    expect(await versionOf(a)).toBe(after);

    const fresh = await getRaw(`${a.url}/tiles/vec/8/3/3?v=${after}`);
    expect(fresh.headers.get('x-cache')).toBe('miss');
    expect(fresh.headers.get('cache-control')).toMatch(/immutable/);
    expect(fresh.body).toEqual(vectorTile(8, 3, 3, up.generation));
    expect(await versionsInKeys()).toEqual([after]);
    // The old URL is no longer the current version: not immutable any more.
    expect((await getRaw(`${a.url}/tiles/vec/8/3/3?v=${before}`)).headers.get('cache-control')).not.toMatch(/immutable/);
  });

  it('C12: another replica publishes the new version once its metadata expires, from the epoch in Redis', async () => {
    const [a, b] = [await replica(), await replica({ METADATA_TTL_SECONDS: '1' })];
    const before = await versionOf(b);
    expect(await versionOf(a)).toBe(before);
    await a.purgeTileset('vec');
    const after = await versionOf(a);
    expect(after).not.toBe(before);
    const epoch = await inspect.get('meta:v1:epoch:vec');
    expect(Number(epoch)).toBeGreaterThan(0);
    expect(await inspect.ttl('meta:v1:epoch:vec')).toBeGreaterThan(365 * 86_400);
    await sleep(1100);
    expect(await versionOf(b)).toBe(after);
  });
});
