import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMartin, type Service } from '@org/map-local';
import type { RunningBff } from '../src/start-bff.js';
import { getRaw, startTestBff } from './tiles-support/bff.js';

// API keys on the tile route, against a real Martin on the real tilesets.

const OPERATOR_TOKEN = 'op-token-0123456789abcdef-XYZ';
const KEYS = { all: 'pk_all_0123456789abcdef', countriesOnly: 'pk_countries_0123456789ab', site: 'pk_site_0123456789abcdefg' };
const API_KEYS = JSON.stringify([
  { key: KEYS.all, name: 'all', tilesets: '*' },
  { key: KEYS.countriesOnly, name: 'countries-only', tilesets: ['countries'] },
  { key: KEYS.site, name: 'site', tilesets: '*', origins: ['https://site.example'] },
]);

let workDir: string;
let martin: Service;
const bffs: RunningBff[] = [];
let keyed: RunningBff;
let required: RunningBff;
let open: RunningBff;
beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'bff-tile-auth-'));
  martin = await startMartin({ bin: inject('martinBin'), tilesets: inject('tilesets'), workDir, name: 'martin-tile-auth' });
  const base = { MARTIN_PRIMARY_URL: martin.url, CORS_ORIGINS: '*', OPERATOR_TOKEN };
  [keyed, required, open] = await Promise.all([
    startTestBff({ ...base, API_KEYS }),
    startTestBff({ ...base, API_KEYS, REQUIRE_API_KEY: 'on' }),
    startTestBff(base),
  ]);
  bffs.push(keyed, required, open);
});
afterAll(async () => {
  await Promise.all(bffs.map((b) => b.close()));
  await martin?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** Tile requests Martin has served (its Prometheus counter). */
async function martinTileRequests(): Promise<number> {
  const text = await (await fetch(`${martin.url}/_/metrics`)).text();
  return text.split('\n')
    .filter((l) => l.startsWith('martin_http_requests_total{') && l.includes('endpoint="/{source_ids}/{z}/{x}/{y}"'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
const errorOf = (body: Buffer) => JSON.parse(body.toString()).error as { code: string; message: string };

describe('tile route with API_KEYS', () => {
  it('refuses a key not allowed for the tileset with 403 FORBIDDEN (header or ?key=), without asking Martin', async () => {
    const before = await martinTileRequests();
    for (const res of [
      await getRaw(`${keyed.url}/tiles/toner/0/0/0`, { 'x-api-key': KEYS.countriesOnly }),
      await getRaw(`${keyed.url}/tiles/toner/0/0/0?key=${KEYS.countriesOnly}`),
      await getRaw(`${keyed.url}/tiles/countries,helsinki/0/0/0?key=${KEYS.countriesOnly}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(errorOf(res.body).code).toBe('FORBIDDEN');
    }
    expect(await martinTileRequests()).toBe(before);
  });

  it('refuses an unknown key or a wrong bearer token with 401 UNAUTHENTICATED', async () => {
    for (const res of [
      await getRaw(`${keyed.url}/tiles/countries/0/0/0`, { 'x-api-key': 'pk_unknown_0123456789abc' }),
      await getRaw(`${keyed.url}/tiles/countries/0/0/0?key=pk_unknown_0123456789abc`),
      await getRaw(`${keyed.url}/tiles/countries/0/0/0`, { authorization: 'Bearer not-the-operator-token-000000' }),
    ]) {
      expect(res.status).toBe(401);
      expect(errorOf(res.body).code).toBe('UNAUTHENTICATED');
    }
  });

  it('serves an allowed key from the header or ?key= from one cache entry, varying on the credentials', async () => {
    const viaHeader = await getRaw(`${keyed.url}/tiles/countries/1/1/0`, { 'x-api-key': KEYS.countriesOnly, 'accept-encoding': 'gzip' });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.headers.get('x-cache')).toBe('miss');
    const viaQuery = await getRaw(`${keyed.url}/tiles/countries/1/1/0?key=${KEYS.countriesOnly}`, { 'accept-encoding': 'gzip' });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.headers.get('x-cache')).toBe('l1'); // `key` is not part of the cache key
    expect(viaQuery.body.equals(viaHeader.body)).toBe(true);
    for (const res of [viaHeader, viaQuery]) {
      expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin, X-Api-Key, Authorization');
      expect(res.headers.get('cache-control')).toMatch(/^public/);
    }
  });

  it('lets callers without a key read every tileset while keys are not required', async () => {
    expect((await getRaw(`${keyed.url}/tiles/toner/0/0/0`)).status).toBe(200);
  });

  it("checks a key's allowed origins against Origin when one is sent", async () => {
    const from = (origin?: string) => getRaw(`${keyed.url}/tiles/countries/0/0/0?key=${KEYS.site}`, origin ? { origin } : {});
    expect((await from('https://site.example')).status).toBe(200);
    const evil = await from('https://evil.example');
    expect(evil.status).toBe(403);
    expect(errorOf(evil.body).code).toBe('FORBIDDEN');
    expect((await from()).status).toBe(200);
  });
});

describe('tile route with REQUIRE_API_KEY', () => {
  it('refuses a request without a key with 401, and serves keys and the operator', async () => {
    const none = await getRaw(`${required.url}/tiles/countries/0/0/0`);
    expect(none.status).toBe(401);
    expect(errorOf(none.body).code).toBe('UNAUTHENTICATED');
    expect((await getRaw(`${required.url}/tiles/countries/0/0/0?key=${KEYS.all}`)).status).toBe(200);
    expect((await getRaw(`${required.url}/tiles/toner/0/0/0`, { authorization: `Bearer ${OPERATOR_TOKEN}` })).status).toBe(200);
  });

  it('answers a preflight without any credential', async () => {
    const pre = await getRaw(`${required.url}/tiles/countries/0/0/0`, { origin: 'https://site.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' }, 'OPTIONS');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/X-Api-Key/);
  });
});

describe('tile route without API_KEYS', () => {
  it('checks nothing: a stray ?key= is ignored and responses vary only on Accept-Encoding', async () => {
    const res = await getRaw(`${open.url}/tiles/countries/0/0/0?key=pk_whatever_0123456789`);
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
  });
});
