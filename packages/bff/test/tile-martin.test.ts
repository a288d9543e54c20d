import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff, type TileResponse } from './tiles-support/bff.js';
import { startMartin, startRedis, type Service } from './tiles-support/processes.js';

// The tile route against real Martin processes (primary + backup) on the real
// tilesets, and a real Redis. The primary is killed in the last test.

const workDir = mkdtempSync(join(tmpdir(), 'bff-martin-'));
let primary: Service;
let backup: Service;
let redis: Service;
let bff: RunningBff;
const extra: RunningBff[] = [];

beforeAll(async () => {
  const bin = inject('martinBin');
  const tilesets = inject('tilesets');
  [primary, backup, redis] = await Promise.all([
    startMartin({ bin, tilesets, workDir, name: 'primary' }),
    startMartin({ bin, tilesets, workDir, name: 'backup' }),
    startRedis({ workDir }),
  ]);
  bff = await startTestBff({ MARTIN_PRIMARY_URL: primary.url, MARTIN_BACKUP_URL: backup.url, CORS_ORIGINS: '*' });
});
afterAll(async () => {
  await Promise.all([bff, ...extra].map((b) => b?.close()));
  await Promise.all([primary, backup, redis].map((s) => s?.stop()));
});

/** Tile requests Martin has served (its Prometheus counter), across statuses. */
async function martinTileRequests(m: Service): Promise<number> {
  const text = await (await fetch(`${m.url}/_/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('martin_http_requests_total{') && l.includes('endpoint="/{source_ids}/{z}/{x}/{y}"'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
const allTileRequests = async () => (await martinTileRequests(primary)) + (await martinTileRequests(backup));

function decoded(res: TileResponse): Buffer {
  const enc = res.headers.get('content-encoding');
  return enc === 'gzip' ? gunzipSync(res.body) : enc === 'br' ? brotliDecompressSync(res.body) : res.body;
}
const tile = (path: string, headers: Record<string, string> = {}, method = 'GET') => getRaw(`${bff.url}/tiles/${path}`, headers, method);

describe('tiles from a real Martin', () => {
  it('serves tiles byte-identical, after decoding, to the same tiles from Martin, in every encoding', async () => {
    for (const path of ['countries/2/2/1', 'helsinki/14/9327/4742', 'toner/2/1/1']) {
      const direct = decoded(await getRaw(`${primary.url}/${path}`, { 'accept-encoding': 'gzip' }));
      expect(direct.length, path).toBeGreaterThan(0);
      for (const ae of ['gzip', 'br', 'identity', 'gzip, br', '']) {
        const res = await tile(path, ae ? { 'accept-encoding': ae } : {});
        expect(res.status, `${path} ${ae}`).toBe(200);
        expect(decoded(res).equals(direct), `${path} with "${ae}"`).toBe(true);
      }
    }
  });

  it('C01: an empty tile is 204 with CORS and no Content-Encoding, and the next request does not reach Martin', async () => {
    const before = await allTileRequests();
    const first = await tile('countries/6/0/63', { 'accept-encoding': 'gzip', origin: 'https://site.example' });
    expect(first.status).toBe(204);
    expect(first.body.length).toBe(0);
    expect(first.headers.get('content-encoding')).toBeNull();
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const second = await tile('countries/6/0/63');
    expect(second.status).toBe(204);
    expect(await allTileRequests()).toBe(before + 1);
  });

  it('C04: a PNG is never gzipped; MVT answers br to br; every response varies on Accept-Encoding with its own ETag', async () => {
    const png = await tile('toner/3/4/2', { 'accept-encoding': 'gzip' });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-encoding')).toBeNull();
    expect(png.body.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const br = await tile('countries/3/4/2', { 'accept-encoding': 'br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gz = await tile('countries/3/4/2', { 'accept-encoding': 'gzip' });
    const plain = await tile('countries/3/4/2');
    expect(plain.headers.get('content-encoding')).toBeNull();
    for (const r of [png, br, gz, plain]) expect(r.headers.get('vary')).toBe('Accept-Encoding');
    expect(new Set([br, gz, plain].map((r) => r.headers.get('etag'))).size).toBe(3);
  });

  it('C05: a tile stored gzip is served identity to a client without Accept-Encoding', async () => {
    const gz = await tile('helsinki/13/4663/2371', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const plain = await tile('helsinki/13/4663/2371');
    expect(plain.headers.get('x-cache')).toBe('l1');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body.equals(gunzipSync(gz.body))).toBe(true);
  });

  it('C06/C07: bad coordinates are 400 and never reach Martin', async () => {
    const before = await allTileRequests();
    for (const path of ['countries/4/16/16', 'countries/3/9/2', 'countries/3/2/-1', 'countries/-1/0/0', 'countries/31/0/0', 'countries/99999999999/0/0',
      'helsinki/14/8829/5334.5', 'helsinki/14/abc/1', 'helsinki/14/8829/', 'helsinki/14/08829/5334']) {
      expect((await tile(path)).status, path).toBe(400);
    }
    expect(await allTileRequests()).toBe(before);
    const pbf = await tile('helsinki/14/9327/4742.pbf');
    expect(pbf.headers.get('x-cache')).toBe('l1'); // same entry as without the suffix (first test)
  });

  it('answers 404 for a zoom outside the source range, as Martin would, without asking it', async () => {
    const res = await tile('helsinki/9/290/148');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString()).error.part).toBe('z');
  });

  it('answers 404 with a JSON error for a composite of mixed formats, without asking Martin for tiles', async () => {
    const before = await allTileRequests();
    for (const path of ['toner,countries/0/0/0', 'countries,toner/1/0/0']) {
      const res = await tile(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(res.body.toString()).error).toMatchObject({ code: 'UNKNOWN_SOURCE', part: 'source' });
    }
    expect(await allTileRequests()).toBe(before);
    const vectors = await tile('countries,helsinki/0/0/0', { 'accept-encoding': 'gzip' });
    expect(vectors.status).toBe(200);
  });

  it('C14: 200 concurrent requests for one cold tile reach Martin once', async () => {
    const before = await allTileRequests();
    const all = await Promise.all(Array.from({ length: 200 }, () => tile('countries/5/17/10', { 'accept-encoding': 'gzip' })));
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(all.map((r) => r.headers.get('etag'))).size).toBe(1);
    expect(await allTileRequests()).toBe(before + 1);
  });

  it('two replicas sharing one Redis fetch a cold tile from Martin once between them', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => startTestBff({ MARTIN_PRIMARY_URL: primary.url, MARTIN_BACKUP_URL: backup.url, REDIS_URL: redis.url })));
    extra.push(a!, b!);
    for (let i = 0; i < 100 && (a!.redis!.status !== 'ready' || b!.redis!.status !== 'ready'); i++) await sleep(20);
    const before = await allTileRequests();
    const all = await Promise.all(Array.from({ length: 100 }, (_, i) => getRaw(`${(i % 2 ? a! : b!).url}/tiles/helsinki/12/2331/1185`, { 'accept-encoding': 'gzip' })));
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([200]));
    expect(await allTileRequests()).toBe(before + 1);
  });

  it('loses no request when the primary Martin is killed mid-traffic, and reports it in /readyz', async () => {
    const cold = (i: number) => `countries/6/${i % 64}/${20 + Math.floor(i / 64)}`;
    const during: Promise<TileResponse>[] = [];
    for (let i = 0; i < 120; i++) {
      during.push(tile(cold(i), { 'accept-encoding': 'gzip' }));
      if (i === 40) primary.child.kill('SIGKILL');
      if (i % 10 === 0) await sleep(5);
    }
    const statuses = (await Promise.all(during)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 204)).toEqual([]);
    const ready = await getRaw(`${bff.url}/readyz`);
    expect(ready.status).toBe(200);
    const details = JSON.parse(ready.body.toString());
    expect(details.upstreams.find((u: { name: string }) => u.name === 'primary').reachable).toBe(false);
    expect(details.upstreams.find((u: { name: string }) => u.name === 'backup').reachable).toBe(true);
  });
});
