import { gunzipSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';
import { PNG_TILE, startFakeUpstream, vectorTile, type FakeUpstream } from './tiles-support/fake-upstream.js';

// The tile route against a Martin stand-in at the network edge, memory cache only.

let up: FakeUpstream;
let bff: RunningBff;
beforeAll(async () => {
  up = await startFakeUpstream();
  bff = await startTestBff({ MARTIN_PRIMARY_URL: up.url, CORS_ORIGINS: 'https://demo.example' });
});
afterAll(async () => {
  await bff?.close();
  await up?.close();
});
afterEach(() => {
  up.behaviour = undefined;
});

const tile = (path: string, headers: Record<string, string> = {}, method = 'GET') => getRaw(`${bff.url}/tiles/${path}`, headers, method);

describe('GET /tiles: validation', () => {
  it('C06: answers 400 naming the bad part, without calling Martin', async () => {
    const before = up.tileRequests.length;
    const cases: Array<[string, string]> = [['vec/4/16/16', 'x'], ['vec/3/9/2', 'x'], ['vec/3/2/-1', 'y'], ['vec/-1/0/0', 'z'], ['vec/31/0/0', 'z'], ['vec/99999999999/0/0', 'z']];
    for (const [path, part] of cases) {
      const res = await tile(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(JSON.parse(res.body.toString()).error).toMatchObject({ code: expect.any(String), part });
    }
    expect(up.tileRequests.length).toBe(before);
    expect((await getRaw(`${bff.url}/healthz`)).status).toBe(200);
  });

  it('C07: .pbf/.mvt reach the same resource and cache entry; other y segments are 400, never 500', async () => {
    const first = await tile('vec/14/8829/5334.pbf', { 'accept-encoding': 'gzip' });
    const second = await tile('vec/14/8829/5334.mvt', { 'accept-encoding': 'gzip' });
    const third = await tile('vec/14/8829/5334', { 'accept-encoding': 'gzip' });
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(second.headers.get('x-cache')).toBe('l1');
    expect(third.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(up.tileRequests.filter((p) => p === '/vec/14/8829/5334')).toHaveLength(1);
    for (const [path, part] of [['vec/14/8829/5334.5', 'y'], ['vec/14/abc/1', 'x'], ['vec/14/8829/', 'y'], ['vec/14/08829/5334', 'x'], ['vec/14/8829/5334.png', 'y']]) {
      const res = await tile(path!);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body.toString()).error.part).toBe(part);
    }
  });

  it('answers 404 for an unknown source and for a zoom outside the source range', async () => {
    const unknown = await tile('nope/0/0/0');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString()).error).toMatchObject({ code: 'UNKNOWN_SOURCE', part: 'source' });
    const deep = await tile('img/6/0/0');
    expect(deep.status).toBe(404);
    expect(JSON.parse(deep.body.toString()).error).toMatchObject({ code: 'ZOOM_OUT_OF_RANGE', part: 'z' });
  });

  it('refuses other methods and answers a preflight without auth', async () => {
    expect((await tile('vec/0/0/0', {}, 'POST')).status).toBe(405);
    const pre = await tile('vec/0/0/0', { origin: 'https://demo.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' }, 'OPTIONS');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://demo.example');
    expect(pre.headers.get('access-control-allow-headers')).toBe('Accept-Encoding, If-None-Match, X-Api-Key, Authorization, traceparent');
    const other = await tile('vec/0/0/0', { origin: 'https://evil.example', 'access-control-request-method': 'GET' }, 'OPTIONS');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight with a fixed header list, whatever headers are asked, varying only on Origin', async () => {
    for (const asked of ['x-api-key', 'x-evil, content-type', 'traceparent,if-none-match', undefined]) {
      const pre = await tile('vec/0/0/0', { origin: 'https://demo.example', 'access-control-request-method': 'GET', ...(asked ? { 'access-control-request-headers': asked } : {}) }, 'OPTIONS');
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-headers'), asked).toBe('Accept-Encoding, If-None-Match, X-Api-Key, Authorization, traceparent');
      expect(pre.headers.get('vary')).toBe('Origin');
    }
  });
});

describe('GET /tiles: encodings', () => {
  it('C04: absent/identity → identity, br → br, gzip, br → one layer; Vary on every response', async () => {
    const identity = vectorTile(3, 1, 1);
    const none = await tile('vec/3/1/1');
    expect(none.headers.get('content-encoding')).toBeNull();
    expect(none.body).toEqual(identity);
    const id = await tile('vec/3/1/1', { 'accept-encoding': 'identity' });
    expect(id.headers.get('content-encoding')).toBeNull();
    const br = await tile('vec/3/1/1', { 'accept-encoding': 'br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(br.body)).toEqual(identity);
    const both = await tile('vec/3/1/1', { 'accept-encoding': 'gzip, br' });
    const enc = both.headers.get('content-encoding');
    expect(['gzip', 'br']).toContain(enc);
    expect(enc === 'gzip' ? gunzipSync(both.body) : brotliDecompressSync(both.body)).toEqual(identity);
    const gz = await tile('vec/3/1/1', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    // One ETag per representation (Martin keeps one across encodings; the BFF must not).
    const etags = new Set([none, br, gz].map((r) => r.headers.get('etag')));
    expect(etags.size).toBe(3);
    expect(both.headers.get('etag')).toBe((enc === 'gzip' ? gz : br).headers.get('etag'));
    for (const r of [none, id, br, both]) expect(r.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect((await tile('vec/3/99/1')).headers.get('vary')).toMatch(/Accept-Encoding/);
  });

  it('C04: never wraps a PNG in gzip', async () => {
    const res = await tile('img/2/1/1', { 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.body).toEqual(PNG_TILE);
  });

  it('C05: a tile first stored gzip is served identity to a client that does not accept gzip', async () => {
    const gz = await tile('vec/4/2/2', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const plain = await tile('vec/4/2/2');
    expect(plain.headers.get('x-cache')).toBe('l1');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body).toEqual(vectorTile(4, 2, 2));
    expect(up.tileRequests.filter((p) => p === '/vec/4/2/2')).toHaveLength(1);
  });

  it('C02: detects gzip bytes sent without Content-Encoding', async () => {
    up.behaviour = (t, _req, res) => void res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(gzipSync(vectorTile(t.z, t.x, t.y)));
    const gz = await tile('vec/6/1/1', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.body)).toEqual(vectorTile(6, 1, 1));
    const plain = await tile('vec/6/1/1');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body).toEqual(vectorTile(6, 1, 1));
  });

  it('C03: a body declared gzip that is not is repaired, never double-compressed', async () => {
    up.behaviour = (t, _req, res) => void res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }).end(vectorTile(t.z, t.x, t.y));
    const gz = await tile('vec/6/2/2', { 'accept-encoding': 'gzip' });
    expect(gz.status).toBe(200);
    expect(gunzipSync(gz.body)).toEqual(vectorTile(6, 2, 2));
    const plain = await tile('vec/6/2/2');
    expect(plain.body).toEqual(vectorTile(6, 2, 2));
  });

  it('C03: a body compressed twice is decoded to one layer', async () => {
    up.behaviour = (t, _req, res) => void res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }).end(gzipSync(gzipSync(vectorTile(t.z, t.x, t.y))));
    const gz = await tile('vec/6/3/3', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gz.body)).toEqual(vectorTile(6, 3, 3));
    expect((await tile('vec/6/3/3')).body).toEqual(vectorTile(6, 3, 3));
  });

  it('C03: a corrupt gzip body is answered 502 and not cached', async () => {
    up.behaviour = (_t, _req, res) => void res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }).end(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]));
    const bad = await tile('vec/6/4/4', { 'accept-encoding': 'gzip' });
    expect(bad.status).toBe(502);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    up.behaviour = undefined;
    const good = await tile('vec/6/4/4', { 'accept-encoding': 'gzip' });
    expect(good.status).toBe(200);
    expect(gunzipSync(good.body)).toEqual(vectorTile(6, 4, 4));
  });
});

describe('GET /tiles: caching headers', () => {
  it('C01: an empty tile is 204 without body or Content-Encoding, with CORS, and is remembered', async () => {
    const first = await tile('vec/5/0/0', { 'accept-encoding': 'gzip', origin: 'https://demo.example' });
    expect(first.status).toBe(204);
    expect(first.body.length).toBe(0);
    expect(first.headers.get('content-encoding')).toBeNull();
    expect(first.headers.get('access-control-allow-origin')).toBe('https://demo.example');
    expect(first.headers.get('vary')).toMatch(/Accept-Encoding/);
    const second = await tile('vec/5/0/0');
    expect(second.status).toBe(204);
    expect(second.headers.get('x-cache')).toBe('l1');
    expect(up.tileRequests.filter((p) => p === '/vec/5/0/0')).toHaveLength(1);
  });

  it('answers 304 to a matching If-None-Match, per encoding', async () => {
    const gz = await tile('vec/7/1/1', { 'accept-encoding': 'gzip' });
    const etag = gz.headers.get('etag')!;
    const again = await tile('vec/7/1/1', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.get('etag')).toBe(etag);
    const otherEncoding = await tile('vec/7/1/1', { 'if-none-match': etag });
    expect(otherEncoding.status).toBe(200);
  });

  it('gives versioned URLs a long lifetime and unversioned ones a short one with stale-while-revalidate', async () => {
    const meta = await bff.metadata.source('vec');
    const plain = await tile('vec/2/1/1');
    expect(plain.headers.get('cache-control')).toMatch(/max-age=60, stale-while-revalidate=600/);
    const versioned = await tile(`vec/2/1/1?v=${meta!.version}`);
    expect(versioned.headers.get('cache-control')).toMatch(/max-age=604800, immutable/);
    const stale = await tile('vec/2/1/1?v=old');
    expect(stale.headers.get('cache-control')).toMatch(/max-age=60,/);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await tile('vec/2/0/1', { 'accept-encoding': 'gzip' });
    const head = await tile('vec/2/0/1', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
  });
});
