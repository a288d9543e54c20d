import { describe, expect, it } from 'vitest';
import { decodeTileEntry, encodeTileEntry } from '../src/cache/tile-entry.js';
import { leaseKey, tileKey, tilesetPrefix } from '../src/cache/tile-key.js';

describe('tile keys', () => {
  it('follow tile:{source}:{version}:{z}/{x}/{y}:{encoding}', () => {
    expect(tileKey('countries', 'abc123', 3, 4, 2, 'gzip')).toBe('tile:countries:abc123:3/4/2:gzip');
    expect(leaseKey('countries', 'abc123', 3, 4, 2)).toBe('lease:tile:countries:abc123:3/4/2');
  });

  it('put every variant of a tileset under one purge prefix, and no other tileset', () => {
    const prefix = tilesetPrefix('countries');
    for (const e of ['identity', 'gzip', 'br'] as const) expect(tileKey('countries', 'v2', 0, 0, 0, e).startsWith(prefix)).toBe(true);
    expect(tileKey('countries2', 'v1', 0, 0, 0, 'gzip').startsWith(prefix)).toBe(false);
  });
});

describe('tile entries', () => {
  it('round-trip status, type, encoding, hash and bytes', () => {
    const body = new Uint8Array([0x1f, 0x8b, 1, 2, 3]);
    const entry = { status: 200 as const, contentType: 'application/x-protobuf', encoding: 'gzip' as const, hash: 'h1', body };
    const decoded = decodeTileEntry(encodeTileEntry(entry));
    expect(decoded).toMatchObject({ status: 200, contentType: 'application/x-protobuf', encoding: 'gzip', hash: 'h1' });
    expect(Buffer.from(decoded!.body)).toEqual(Buffer.from(body));
  });

  it('treat foreign or truncated values as misses', () => {
    expect(decodeTileEntry(Buffer.from('hello'))).toBeUndefined();
    expect(decodeTileEntry(encodeTileEntry({ status: 204, contentType: null, encoding: 'identity', hash: 'e', body: new Uint8Array() }).subarray(0, 6))).toBeUndefined();
  });
});
