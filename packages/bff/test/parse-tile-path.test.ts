import { describe, expect, it } from 'vitest';
import { parseTilePath, TilePathError } from '../src/tiles/parse-tile-path.js';

function partOf(rest: string): string | undefined {
  try {
    parseTilePath(rest);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(TilePathError);
    return (err as TilePathError).part;
  }
}

describe('parseTilePath', () => {
  it('parses a plain tile address', () => {
    expect(parseTilePath('countries/3/4/2')).toEqual({ source: 'countries', z: 3, x: 4, y: 2 });
    expect(parseTilePath('countries/0/0/0')).toEqual({ source: 'countries', z: 0, x: 0, y: 0 });
    expect(parseTilePath('a,b/30/1073741823/0')).toMatchObject({ source: 'a,b', z: 30, x: 2 ** 30 - 1 });
  });

  it('C06: rejects coordinates outside the zoom, naming the bad part', () => {
    expect(partOf('src/4/16/16')).toBe('x');
    expect(partOf('src/4/15/16')).toBe('y');
    expect(partOf('src/3/9/2')).toBe('x');
    expect(partOf('src/3/2/-1')).toBe('y');
    expect(partOf('src/-1/0/0')).toBe('z');
    expect(partOf('src/31/0/0')).toBe('z');
    expect(partOf('src/99999999999/0/0')).toBe('z');
    expect(partOf('src/0/1/0')).toBe('x');
  });

  it('C07: maps .pbf and .mvt to the same address and rejects other y segments', () => {
    const plain = parseTilePath('helsinki/14/8829/5334');
    expect(parseTilePath('helsinki/14/8829/5334.pbf')).toEqual({ ...plain, suffix: 'pbf' });
    expect(parseTilePath('helsinki/14/8829/5334.mvt')).toEqual({ ...plain, suffix: 'mvt' });
    expect(partOf('helsinki/14/8829/5334.5')).toBe('y');
    expect(partOf('helsinki/14/abc/1')).toBe('x');
    expect(partOf('helsinki/14/8829/')).toBe('y');
    expect(partOf('helsinki/14/08829/5334')).toBe('x');
  });

  it('rejects signs, exponents, spaces and extra segments', () => {
    expect(partOf('src/+1/0/0')).toBe('z');
    expect(partOf('src/1e1/0/0')).toBe('z');
    expect(partOf('src/1/0x1/0')).toBe('x');
    expect(partOf('src/1/0/0/extra')).toBe('path');
    expect(partOf('src/1/0')).toBe('y');
    expect(partOf('/1/0/0')).toBe('source');
    expect(partOf('..%2F/1/0/0')).toBe('source');
    expect(partOf('a:b/1/0/0')).toBe('source');
  });

  it('rejects suffixes named like Object.prototype members (.constructor, .__proto__, .toString)', () => {
    for (const suffix of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(partOf(`src/1/0/0.${suffix}`), suffix).toBe('y');
      expect(() => parseTilePath(`src/1/0/0.${suffix}`)).toThrow(/unknown suffix/);
    }
  });

  it('says whether a bad coordinate is malformed or out of range', () => {
    expect(() => parseTilePath('src/31/0/0')).toThrow(/out of range/);
    expect(() => parseTilePath('src/99999999999/0/0')).toThrow(/out of range/);
    expect(() => parseTilePath('src/3/2/-1')).toThrow(/not a plain non-negative integer/);
  });
});
