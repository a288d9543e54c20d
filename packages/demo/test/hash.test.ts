import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../src/hash.js';

describe('URL hash', () => {
  describe('parseHash', () => {
    it('reads #zoom/lat/lng', () => {
      expect(parseHash('#14/60.17000/24.94400')).toEqual({ zoom: 14, lat: 60.17, lng: 24.944 });
    });
    it.each(['', '#', '#14/60.17', '#a/b/c', '#14/95/24', '#40/60/24'])('ignores %j so the default view is used', (hash) => {
      expect(parseHash(hash)).toBeUndefined();
    });
  });
  describe('formatHash', () => {
    it('rounds to about a pixel at the zoom and round-trips', () => {
      const hash = formatHash({ zoom: 14, lat: 60.1699123, lng: 24.9441987 });
      expect(hash).toBe('#14/60.16991/24.94420');
      expect(parseHash(hash)).toEqual({ zoom: 14, lat: 60.16991, lng: 24.9442 });
    });
  });
});
