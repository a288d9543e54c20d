import { describe, expect, it } from 'vitest';
import { dataVersion } from '../src/metadata/source-meta.js';
import type { TileJson } from '../src/upstream/types.js';

const entry = { content_type: 'application/x-protobuf' };
const tileJson = (tiles: string[], extra: Partial<TileJson> = {}): TileJson => ({ tilejson: '3.0.0', tiles, minzoom: 0, maxzoom: 6, ...extra });

describe('dataVersion', () => {
  it('ignores which Martin answered (the host in `tiles`)', () => {
    const a = dataVersion(tileJson(['http://127.0.0.1:3000/countries/{z}/{x}/{y}?v=abc']), [entry]);
    const b = dataVersion(tileJson(['http://127.0.0.1:3001/countries/{z}/{x}/{y}?v=abc']), [entry]);
    expect(a).toBe(b);
  });

  it("changes with the file's version that Martin puts in the tile URL query (tilejson_url_version_param)", () => {
    const before = dataVersion(tileJson(['http://m/countries/{z}/{x}/{y}?v=3c61153233ae361d']), [entry]);
    const after = dataVersion(tileJson(['http://m/countries/{z}/{x}/{y}?v=d4b50fa9b6080922']), [entry]);
    expect(after).not.toBe(before);
  });

  it('keeps the version of a TileJSON without a query string stable', () => {
    const plain = tileJson(['http://m/countries/{z}/{x}/{y}']);
    expect(dataVersion(plain, [entry])).toBe(dataVersion({ ...plain, tiles: ['http://other/countries/{z}/{x}/{y}'] }, [entry]));
    expect(dataVersion(plain, [entry])).toMatch(/^[0-9a-f]{12}$/);
  });

  it('changes with a purge epoch', () => {
    const t = tileJson(['http://m/countries/{z}/{x}/{y}']);
    expect(dataVersion(t, [entry], { countries: 1 })).not.toBe(dataVersion(t, [entry]));
  });
});
