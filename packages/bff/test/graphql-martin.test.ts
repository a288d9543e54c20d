import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMartin, type Service, type TilesetFiles } from '@org/map-local';
import { createMetadataStore } from '../src/metadata/create-metadata-store.js';
import { createYogaServer } from '../src/graphql/yoga.js';
import { createMartinClient } from '../src/upstream/create-martin-client.js';
import type { MartinClient } from '../src/upstream/types.js';
import { memoryByteCache } from './support/fake-martin.js';
import { query } from './support/graphql-server.js';

declare module 'vitest' {
  // Provided by deploy/local/test/global-setup.ts (same declaration).
  export interface ProvidedContext {
    martinBin: string;
    tilesets: TilesetFiles;
  }
}

// GraphQL through a real Martin 1.14 on the real tilesets. The Martin client
// is wrapped only to COUNT calls; every answer comes from Martin.

let martin: Service;
let workDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'bff-graphql-'));
  martin = await startMartin({ bin: inject('martinBin'), tilesets: inject('tilesets'), workDir, name: 'martin-graphql' });
});
afterAll(async () => {
  await martin?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

function counting(client: MartinClient) {
  const calls = { catalog: 0, tileJson: [] as string[] };
  const wrapped: MartinClient = {
    ...client,
    catalog: (signal) => { calls.catalog++; return client.catalog(signal); },
    tileJson: (ids, signal) => { calls.tileJson.push(ids.join(',')); return client.tileJson(ids, signal); },
    tile: (...args) => client.tile(...args),
    health: () => client.health(),
  };
  return { wrapped, calls };
}

function server(url = martin.url) {
  const client = createMartinClient({ primaryUrl: url, timeoutMs: 5000, retries: false, maxTileBytes: 4 << 20, failureThreshold: 100, halfOpenAfterMs: 50 });
  const { wrapped, calls } = counting(client);
  const cache = memoryByteCache();
  const metadata = createMetadataStore({ martin: wrapped, cache, ttlSeconds: 60, staleIfErrorSeconds: 0 });
  const yoga = createYogaServer({
    config: { publicUrl: 'https://maps.example.org' },
    martin: wrapped, metadata, purgeTileset: async () => 0, cacheStats: () => [],
  });
  return { yoga, calls, cache };
}

describe('GraphQL over a real Martin', () => {
  it('describes the real tilesets with public URLs', async () => {
    const { yoga } = server();
    const { status, body } = await query(yoga, '{ tilesets { id format minzoom maxzoom scheme version tileUrl tilejson vectorLayers { id } } }');
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.data!.tilesets.map((t: { id: string }) => [t.id, t]));
    expect(Object.keys(byId).sort()).toEqual(['countries', 'helsinki', 'toner']);
    expect(byId.countries).toMatchObject({ format: 'MVT', minzoom: 0, maxzoom: 6 });
    expect(byId.countries.vectorLayers.map((l: { id: string }) => l.id)).toContain('countries');
    expect(byId.toner).toMatchObject({ format: 'PNG', vectorLayers: [] });
    for (const t of Object.values(byId) as Array<{ id: string; version: string; tileUrl: string; tilejson: { tiles: string[] } }>) {
      expect(t.tileUrl).toBe(`https://maps.example.org/tiles/${t.id}/{z}/{x}/{y}?v=${t.version}`);
      expect(t.tilejson.tiles).toEqual([t.tileUrl]);
      expect(JSON.stringify(t.tilejson)).not.toContain(martin.url.replace('http://', ''));
    }
  });

  it('one query touching every tileset costs one catalog call and one TileJSON call per distinct tileset; a second costs none', async () => {
    const { yoga, calls } = server();
    const q = `{ tilesets { id version } a: tileset(id: "countries") { id } b: tileset(id: "countries") { tilejson }
      c: tilesetResult(id: "toner") { __typename } d: composite(ids: ["countries", "helsinki"]) { id vectorLayers { id } }
      e: tileset(id: "countries,helsinki") { version } }`;
    const first = await query(yoga, q);
    expect(first.status).toBe(200);
    expect(first.body.data!.d.vectorLayers.map((l: { id: string }) => l.id)[0]).toBe('countries');
    expect(calls.catalog).toBe(1);
    expect([...calls.tileJson].sort()).toEqual(['countries', 'countries,helsinki', 'helsinki', 'toner']);
    await query(yoga, q);
    expect(calls.catalog).toBe(1);
    expect(calls.tileJson).toHaveLength(4);
  });

  it('answers a composite of mixed formats (raster + vector) as not found, without asking Martin for its TileJSON', async () => {
    const { yoga, calls } = server();
    const res = await query(yoga, `{ composite(ids: ["toner", "countries"]) { id } tileset(id: "countries,toner") { id }
      tilesetResult(id: "toner,countries") { __typename ... on NotFound { id } } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ composite: null, tileset: null, tilesetResult: { __typename: 'NotFound', id: 'toner,countries' } });
    expect(calls.tileJson.filter((id) => id.includes(','))).toEqual([]);
  });

  it('answers a source Martin has no TileJSON for (404) as not found, not as unavailable', async () => {
    const client = createMartinClient({ primaryUrl: martin.url, timeoutMs: 5000, retries: false, maxTileBytes: 4 << 20 });
    // The catalog lists a source Martin no longer serves (removed between the catalog and the TileJSON call).
    const stale: MartinClient = { ...client, catalog: async (signal) => {
      const cat = await client.catalog(signal);
      return { tiles: { ...cat.tiles, ghost: { content_type: 'application/x-protobuf' } } };
    } };
    const metadata = createMetadataStore({ martin: stale, cache: memoryByteCache(), ttlSeconds: 60, staleIfErrorSeconds: 0 });
    const yoga = createYogaServer({ config: { publicUrl: 'https://maps.example.org' }, martin: stale, metadata, purgeTileset: async () => 0, cacheStats: () => [] });
    const res = await query(yoga, '{ tileset(id: "ghost") { id } composite(ids: ["countries", "ghost"]) { id } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ tileset: null, composite: null });
  });

  it('C15: Martin down for one request, back for the next: the next request succeeds', async () => {
    const port = Number(new URL(martin.url).port);
    const { yoga } = server();
    await martin.stop();
    const down = await query(yoga, '{ a: tileset(id: "toner") { id } b: tileset(id: "toner") { id } }');
    expect(down.body.data).toEqual({ a: null, b: null });
    expect(down.body.errors!.map((e) => e.extensions!.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    martin = await startMartin({ bin: inject('martinBin'), tilesets: inject('tilesets'), workDir, name: 'martin-graphql', port });
    await new Promise((r) => setTimeout(r, 100)); // past the breaker's half-open delay
    const up = await query(yoga, '{ a: tileset(id: "toner") { id } b: tileset(id: "toner") { id } }');
    expect(up.status).toBe(200);
    expect(up.body.data).toEqual({ a: { id: 'toner' }, b: { id: 'toner' } });
  });
});
