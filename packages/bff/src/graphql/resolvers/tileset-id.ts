import { badUserInput } from '../errors.js';

/**
 * Splits a tileset id into Martin source ids: `countries` → [countries],
 * `countries,helsinki` → a composite. Order is kept: it is Martin's layer
 * order, so `a,b` and `b,a` are different resources with their own cache
 * keys, URLs and versions (sorting would hand out the wrong layer order).
 */
export function parseTilesetIds(ids: readonly string[], max: number): string[] {
  if (ids.length === 0) throw badUserInput('Give at least one tileset id.', { argument: 'ids' });
  if (ids.length > max) throw badUserInput(`At most ${max} tilesets can be combined.`, { argument: 'ids' });
  for (const id of ids) {
    if (id === '' || id.includes(',') || id.length > 200) throw badUserInput(`Bad tileset id "${id.slice(0, 200)}".`, { argument: 'ids' });
  }
  if (new Set(ids).size !== ids.length) throw badUserInput('A tileset id appears twice.', { argument: 'ids' });
  return [...ids];
}

/** The public tile URL template of a tileset on this BFF. */
export function tileUrlFor(publicUrl: string, id: string, version: string): string {
  const path = id.split(',').map(encodeURIComponent).join(',');
  return `${publicUrl}/tiles/${path}/{z}/{x}/{y}?v=${encodeURIComponent(version)}`;
}
