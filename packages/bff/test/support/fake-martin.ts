import type { MartinCatalog, MartinClient, TileJson, UpstreamHealth } from '../../src/upstream/types.js';
import type { ByteCache } from '../../src/cache/types.js';

/** Martin-like data for in-process tests: `countries` (MVT) and `toner` (PNG, TMS). */
export function sampleCatalog(): MartinCatalog {
  return {
    tiles: {
      countries: { content_type: 'application/x-protobuf', name: 'Countries', description: 'Borders' },
      helsinki: { content_type: 'application/x-protobuf', content_encoding: 'gzip', name: 'Helsinki' },
      toner: { content_type: 'image/png', name: 'Toner' },
    },
  };
}

export function sampleTileJson(ids: readonly string[], base = 'http://127.0.0.1:3999'): TileJson {
  const id = ids.join(',');
  const raster = ids.length === 1 && ids[0] === 'toner';
  return {
    tilejson: '3.0.0',
    tiles: [`${base}/${id}/{z}/{x}/{y}`],
    name: id,
    attribution: '© OpenStreetMap contributors',
    ...(raster ? { format: 'png', scheme: 'tms' as const, minzoom: 0, maxzoom: 3 } : { format: 'pbf', minzoom: 0, maxzoom: 6 }),
    bounds: [-180, -85.05, 180, 85.05],
    center: [0, 0, 2],
    vector_layers: raster ? undefined : ids.map((i) => ({ id: i, fields: { name: 'String', pop: 'Number' }, minzoom: 0, maxzoom: 6 })),
  };
}

export interface FakeMartin extends MartinClient {
  calls: { catalog: number; tileJson: string[] };
  /** Makes the next `n` calls of a method fail. */
  failNext(method: 'catalog' | 'tileJson', n?: number): void;
  catalogData: MartinCatalog;
  /** Delay of each call, in ms (0: next microtask). */
  delayMs: number;
}

/** A MartinClient double (the injected network edge) that counts calls. */
export function fakeMartin(): FakeMartin {
  const failures = { catalog: 0, tileJson: 0 };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const health: UpstreamHealth[] = [
    { name: 'primary', url: 'http://127.0.0.1:3999', state: 'closed', latencyMs: 2.5, lastError: null },
    { name: 'backup', url: 'http://127.0.0.1:3998', state: 'open', latencyMs: null, lastError: 'ECONNREFUSED' },
  ];
  const fake: FakeMartin = {
    calls: { catalog: 0, tileJson: [] },
    catalogData: sampleCatalog(),
    delayMs: 0,
    failNext(method, n = 1) { failures[method] += n; },
    async catalog() {
      fake.calls.catalog++;
      await pause(fake.delayMs);
      if (failures.catalog > 0 && failures.catalog--) throw new Error('martin: catalog failed (502)');
      return structuredClone(fake.catalogData);
    },
    async tileJson(ids) {
      fake.calls.tileJson.push(ids.join(','));
      await pause(fake.delayMs);
      if (failures.tileJson > 0 && failures.tileJson--) throw new Error(`martin: tilejson ${ids.join(',')} failed (502)`);
      if (!ids.every((i) => i in fake.catalogData.tiles)) throw new Error('martin: 404');
      return sampleTileJson(ids);
    },
    async tile() { throw new Error('not used'); },
    health: () => health,
  };
  return fake;
}

/** A ByteCache double: one Map, with a counter of gets and sets. */
export function memoryByteCache(): ByteCache & { store: Map<string, Uint8Array>; gets: number } {
  const store = new Map<string, Uint8Array>();
  const cache = {
    store,
    gets: 0,
    async get(key: string) { cache.gets++; return store.get(key); },
    async getMany(keys: readonly string[]) { return keys.map((k) => store.get(k)); },
    async set(key: string, value: Uint8Array) { store.set(key, value); },
    async deletePrefix(prefix: string) {
      let n = 0;
      for (const k of [...store.keys()]) if (k.startsWith(prefix)) { store.delete(k); n++; }
      return n;
    },
  };
  return cache;
}
