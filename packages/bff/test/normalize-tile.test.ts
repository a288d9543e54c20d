import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { normalizeTile } from '../src/tiles/normalize-tile.js';
import { UpstreamProtocolError, detectEncoding } from '../src/upstream/detect-encoding.js';
import type { UpstreamTile } from '../src/upstream/types.js';

const MVT = Buffer.from('\x1a\x0bsome layer bytes of a vector tile');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const up = (body: Buffer, contentEncoding: UpstreamTile['contentEncoding'], contentType = 'application/x-protobuf'): UpstreamTile =>
  ({ status: 200, body, contentType, contentEncoding, upstream: 'primary' });

describe('detectEncoding', () => {
  it('C02: finds gzip by its magic bytes when the header is missing', () => {
    expect(detectEncoding(undefined, gzipSync(MVT))).toBe('gzip');
    expect(detectEncoding(undefined, MVT)).toBeNull();
  });

  it('C03: treats a gzip header on non-gzip bytes as identity, refuses stacked or unknown codings', () => {
    expect(detectEncoding('gzip', MVT)).toBeNull();
    expect(detectEncoding('GZIP', gzipSync(MVT))).toBe('gzip');
    expect(detectEncoding('br', MVT)).toBe('br');
    expect(() => detectEncoding('gzip, gzip', gzipSync(gzipSync(MVT)))).toThrow(UpstreamProtocolError);
    expect(() => detectEncoding('zstd', MVT)).toThrow(UpstreamProtocolError);
  });
});

describe('normalizeTile', () => {
  it('keeps one clean gzip layer as is, with the hash of the decoded tile', async () => {
    const gz = gzipSync(MVT);
    const { entry, identity } = await normalizeTile(up(gz, 'gzip'), 'application/x-protobuf', 1 << 20);
    expect(entry.encoding).toBe('gzip');
    expect(Buffer.from(entry.body)).toEqual(gz);
    expect(identity).toEqual(MVT);
    const plain = await normalizeTile(up(MVT, null), 'application/x-protobuf', 1 << 20);
    expect(plain.entry.hash).toBe(entry.hash);
  });

  it('C03: decodes a doubly gzipped body to one layer and stores it decoded', async () => {
    const { entry } = await normalizeTile(up(gzipSync(gzipSync(MVT)), 'gzip'), 'application/x-protobuf', 1 << 20);
    expect(entry.encoding).toBe('identity');
    expect(Buffer.from(entry.body)).toEqual(MVT);
  });

  it('C03: refuses a body that claims gzip and does not decode', async () => {
    const broken = Buffer.concat([gzipSync(MVT).subarray(0, 12), Buffer.from('garbage')]);
    await expect(normalizeTile(up(broken, 'gzip'), 'application/x-protobuf', 1 << 20)).rejects.toThrow(UpstreamProtocolError);
  });

  it('refuses a body that inflates past the limit (zip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(5 << 20));
    await expect(normalizeTile(up(bomb, 'gzip'), 'application/x-protobuf', 1 << 20)).rejects.toThrow(UpstreamProtocolError);
  });

  it('stores images decoded even when they came gzipped', async () => {
    const { entry } = await normalizeTile(up(gzipSync(PNG), 'gzip', 'image/png'), 'image/png', 1 << 20);
    expect(entry.encoding).toBe('identity');
    expect(Buffer.from(entry.body)).toEqual(PNG);
  });

  it('C01: turns 204 and empty 200 bodies into an empty entry without coding', async () => {
    for (const tile of [{ ...up(Buffer.alloc(0), null), status: 204 as const }, up(Buffer.alloc(0), 'gzip')]) {
      const { entry } = await normalizeTile(tile, 'application/x-protobuf', 1 << 20);
      expect(entry).toMatchObject({ status: 204, encoding: 'identity' });
      expect(entry.body.byteLength).toBe(0);
    }
  });
});
