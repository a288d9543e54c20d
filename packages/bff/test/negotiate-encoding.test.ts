import { describe, expect, it } from 'vitest';
import { negotiateEncoding, parseAcceptEncoding } from '../src/tiles/negotiate-encoding.js';

const mvt = { compressible: true };

describe('negotiateEncoding', () => {
  it('C04: absent or identity → identity; br → br; gzip, br → a compressed coding', () => {
    expect(negotiateEncoding(undefined, mvt)).toBe('identity');
    expect(negotiateEncoding('identity', mvt)).toBe('identity');
    expect(negotiateEncoding('', mvt)).toBe('identity');
    expect(negotiateEncoding('br', mvt)).toBe('br');
    expect(negotiateEncoding('br', { compressible: true, available: ['gzip'] })).toBe('br');
    expect(negotiateEncoding('gzip, br', mvt)).toBe('br');
    expect(negotiateEncoding('gzip', mvt)).toBe('gzip');
  });

  it('C04: never compresses a PNG, whatever is accepted', () => {
    expect(negotiateEncoding('gzip', { compressible: false })).toBe('identity');
    expect(negotiateEncoding('br, gzip', { compressible: false, available: ['gzip'] })).toBe('identity');
  });

  it('prefers an already cached variant when the client rates codings equally', () => {
    expect(negotiateEncoding('gzip, br', { compressible: true, available: ['gzip'] })).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0.5, br', { compressible: true, available: ['gzip'] })).toBe('br');
  });

  it('honours q-values and exclusions', () => {
    expect(negotiateEncoding('gzip;q=1, br;q=0.2', mvt)).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0', mvt)).toBe('identity');
    expect(negotiateEncoding('*', mvt)).toBe('br');
    expect(negotiateEncoding('*;q=0.5, br;q=0', mvt)).toBe('gzip');
    expect(negotiateEncoding('identity;q=1, gzip;q=0.5', mvt)).toBe('identity');
    expect(negotiateEncoding('x-gzip', mvt)).toBe('gzip');
    expect(negotiateEncoding('deflate, zstd', mvt)).toBe('identity');
    expect(negotiateEncoding('GZIP;Q=0.8', mvt)).toBe('gzip');
  });

  it('parses malformed values without throwing', () => {
    expect(parseAcceptEncoding(',,;q=,gzip;q=abc')).toMatchObject({ gzip: 1 });
    expect(parseAcceptEncoding('gzip;q=0.001').gzip).toBeCloseTo(0.001);
  });
});
