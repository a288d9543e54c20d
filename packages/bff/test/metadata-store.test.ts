import { describe, expect, it } from 'vitest';
import { createMetadataStore } from '../src/metadata/create-metadata-store.js';
import { CATALOG_KEY, tileJsonKey } from '../src/metadata/metadata-keys.js';
import { fakeMartin, memoryByteCache } from './support/fake-martin.js';

function setup(extra: { staleIfErrorSeconds?: number } = {}) {
  const martin = fakeMartin();
  const cache = memoryByteCache();
  let clock = 1_000_000;
  const store = createMetadataStore({ martin, cache, ttlSeconds: 60, now: () => clock, ...extra });
  return { martin, cache, store, tick: (s: number) => { clock += s * 1000; } };
}

describe('createMetadataStore', () => {
  it('rejects a missing or non-positive ttlSeconds, naming it', () => {
    expect(() => createMetadataStore({ martin: fakeMartin(), ttlSeconds: 0 })).toThrow(/ttlSeconds.*0/);
  });

  describe('#source', () => {
    it('derives format, content type, zooms, scheme and a version', async () => {
      const { store } = setup();
      const countries = await store.source('countries');
      expect(countries).toMatchObject({ id: 'countries', format: 'mvt', contentType: 'application/x-protobuf', minzoom: 0, maxzoom: 6, scheme: 'xyz' });
      expect(countries!.version).toMatch(/^[0-9a-f]{12}$/);
      const toner = await store.source('toner');
      expect(toner).toMatchObject({ format: 'png', contentType: 'image/png', maxzoom: 3, scheme: 'tms' });
    });

    it('fills in configured attribution only where the source has none', async () => {
      const martin = fakeMartin();
      const original = martin.tileJson.bind(martin);
      martin.tileJson = async (ids) => {
        const { attribution: _none, ...rest } = await original(ids);
        return ids.includes('toner') ? (rest as typeof rest & { tiles: string[]; tilejson: string }) : original(ids);
      };
      const store = createMetadataStore({ martin, ttlSeconds: 60, attribution: { toner: 'Map tiles by Stamen Design (CC BY 3.0)', countries: 'unused' } });
      expect((await store.source('toner'))!.tileJson.attribution).toBe('Map tiles by Stamen Design (CC BY 3.0)');
      // The source's own attribution wins over the configured one.
      expect((await store.source('countries'))!.tileJson.attribution).toBe('© OpenStreetMap contributors');
    });

    it('defaults the zoom range to 0..30 when Martin omits it (PostGIS sources)', async () => {
      const { store, martin } = setup();
      const original = martin.tileJson.bind(martin);
      martin.tileJson = async (ids) => {
        const { minzoom: _a, maxzoom: _b, ...rest } = await original(ids);
        return rest as typeof rest & { tiles: string[]; tilejson: string };
      };
      expect(await store.source('countries')).toMatchObject({ minzoom: 0, maxzoom: 30 });
    });

    it('answers null for an unknown id without asking Martin for TileJSON', async () => {
      const { store, martin } = setup();
      expect(await store.source('nope')).toBeNull();
      expect(await store.source('countries,nope')).toBeNull();
      expect(await store.source('')).toBeNull();
      expect(martin.calls.tileJson).toEqual([]);
    });

    it('describes composites in the order given (Martin layer order)', async () => {
      const { store, martin } = setup();
      const ab = await store.source('countries,helsinki');
      const ba = await store.source('helsinki,countries');
      expect(ab!.tileJson.vector_layers!.map((l) => l.id)).toEqual(['countries', 'helsinki']);
      expect(ab!.version).not.toBe(ba!.version);
      expect(martin.calls.tileJson).toEqual(['countries,helsinki', 'helsinki,countries']);
    });

    it('hides a composite of mixed formats', async () => {
      const { store } = setup();
      expect(await store.source('countries,toner')).toBeNull();
    });

    it('keeps the version when only the answering Martin (tiles[] host) differs', async () => {
      const a = setup();
      const b = setup();
      const original = b.martin.tileJson.bind(b.martin);
      b.martin.tileJson = async (ids) => ({ ...(await original(ids)), tiles: ['http://backup:4000/countries/{z}/{x}/{y}'] });
      expect((await a.store.source('countries'))!.version).toBe((await b.store.source('countries'))!.version);
    });
  });

  describe('caching', () => {
    it('shares one upstream call among concurrent callers and serves memory within the TTL', async () => {
      const { store, martin } = setup();
      martin.delayMs = 20;
      await Promise.all([store.source('countries'), store.source('countries'), store.sourceIds()]);
      await store.source('countries');
      expect(martin.calls).toEqual({ catalog: 1, tileJson: ['countries'] });
    });

    it('reads the shared tier written by another process instead of Martin', async () => {
      const { cache, store } = setup();
      await store.source('countries');
      expect([...cache.store.keys()].sort()).toEqual([CATALOG_KEY, tileJsonKey('countries')]);
      const other = fakeMartin();
      const second = createMetadataStore({ martin: other, cache, ttlSeconds: 60, now: () => 1_000_000 });
      expect((await second.source('countries'))!.version).toBe((await store.source('countries'))!.version);
      expect(other.calls).toEqual({ catalog: 0, tileJson: [] });
    });

    it('asks Martin again after the TTL', async () => {
      const { store, martin, tick } = setup();
      await store.source('countries');
      tick(61);
      await store.source('countries');
      expect(martin.calls).toEqual({ catalog: 2, tileJson: ['countries', 'countries'] });
    });

    it('never stores an upstream error: the next call asks again and succeeds', async () => {
      const { store, martin, cache } = setup();
      martin.failNext('tileJson');
      await expect(store.source('countries')).rejects.toThrow(/502/);
      expect(cache.store.has(tileJsonKey('countries'))).toBe(false);
      expect(await store.source('countries')).toMatchObject({ id: 'countries' });
    });

    it('answers with a stale value while Martin fails, within staleIfErrorSeconds', async () => {
      const { store, martin, tick } = setup({ staleIfErrorSeconds: 120 });
      const before = await store.source('countries');
      tick(90);
      martin.failNext('catalog');
      martin.failNext('tileJson');
      expect(await store.source('countries')).toEqual(before);
      tick(200);
      martin.failNext('catalog');
      await expect(store.source('countries')).rejects.toThrow(/502/);
    });
  });

  describe('refresh on change', () => {
    it('gives a source a new version when its catalog entry changes', async () => {
      const { store, martin, tick } = setup();
      const before = await store.source('countries');
      const toner = await store.source('toner');
      martin.catalogData.tiles.countries!.description = 'Borders, 2025 edition';
      tick(61);
      const after = await store.source('countries');
      expect(after!.version).not.toBe(before!.version);
      expect(martin.calls.tileJson.filter((i) => i === 'countries')).toHaveLength(2);
      tick(1);
      expect((await store.source('toner'))!.version).toBe(toner!.version);
    });

    it('drops a source Martin no longer lists', async () => {
      const { store, martin, tick } = setup();
      await store.source('helsinki');
      delete martin.catalogData.tiles.helsinki;
      tick(61);
      expect(await store.source('helsinki')).toBeNull();
      expect(await store.sourceIds()).toEqual(['countries', 'toner']);
    });
  });

  describe('#markPurged', () => {
    it('C12: gives a purged source a new version although its metadata did not change, and keeps it', async () => {
      const { store, tick } = setup();
      const before = (await store.source('countries'))!.version;
      const toner = (await store.source('toner'))!.version;
      await store.markPurged('countries');
      await store.invalidate('countries');
      const after = (await store.source('countries'))!.version;
      expect(after).toMatch(/^[0-9a-f]{12}$/);
      expect(after).not.toBe(before);
      tick(61);
      expect((await store.source('countries'))!.version).toBe(after);
      expect((await store.source('toner'))!.version).toBe(toner);
      tick(1);
      await store.markPurged('countries');
      expect((await store.source('countries'))!.version).not.toBe(after);
    });

    it('C12: changes the version of every composite holding the purged source', async () => {
      const { store } = setup();
      const before = (await store.source('helsinki,countries'))!.version;
      await store.markPurged('countries');
      expect((await store.source('helsinki,countries'))!.version).not.toBe(before);
    });

    it('records the epoch in the shared tier (meta:v1:epoch:{id}), where another replica picks it up when its metadata expires', async () => {
      const { store, cache } = setup();
      let clock = 1_000_000;
      const other = createMetadataStore({ martin: fakeMartin(), cache, ttlSeconds: 60, now: () => clock });
      const seen = (await other.source('countries'))!.version;
      await store.markPurged('countries');
      expect(cache.store.has('meta:v1:epoch:countries')).toBe(true);
      const purged = (await store.source('countries'))!.version;
      expect(purged).not.toBe(seen);
      clock += 61_000;
      expect((await other.source('countries'))!.version).toBe(purged);
    });

    it('keeps purge epochs when everything else is invalidated', async () => {
      const { store, cache } = setup();
      await store.markPurged('countries');
      const purged = (await store.source('countries'))!.version;
      await store.invalidate();
      expect([...cache.store.keys()]).toEqual(['meta:v1:epoch:countries']);
      expect((await store.source('countries'))!.version).toBe(purged);
    });
  });

  describe('TileJSON version (the tileset pipeline writes an input hash there)', () => {
    it('gives a source a new data version when only its TileJSON version changes', async () => {
      const { store, martin, tick } = setup();
      let dataHash = 'inputs-aaaa';
      const original = martin.tileJson.bind(martin);
      martin.tileJson = async (ids) => ({ ...(await original(ids)), version: dataHash });
      const before = (await store.source('countries'))!.version;
      dataHash = 'inputs-bbbb';
      tick(61);
      expect((await store.source('countries'))!.version).not.toBe(before);
    });
  });

  describe('#invalidate', () => {
    it('forgets one source, its composites and the catalog in both tiers', async () => {
      const { store, martin, cache } = setup();
      await store.source('countries');
      await store.source('helsinki,countries');
      await store.source('toner');
      await store.invalidate('countries');
      expect([...cache.store.keys()]).toEqual([tileJsonKey('toner')]);
      await store.source('countries');
      await store.source('toner');
      expect(martin.calls.catalog).toBe(2);
      expect(martin.calls.tileJson).toEqual(['countries', 'helsinki,countries', 'toner', 'countries']);
    });

    it('forgets everything without an id', async () => {
      const { store, cache } = setup();
      await store.source('countries');
      await store.invalidate();
      expect(cache.store.size).toBe(0);
    });
  });
});
