/** The highest zoom the route accepts; 2^30 still fits a double exactly. */
export const MAX_ZOOM = 30;

/** Suffixes accepted on `y`, each mapped to the format it names. */
export const TILE_SUFFIXES = { pbf: 'mvt', mvt: 'mvt', mlt: 'mlt', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' } as const;
export type TileSuffix = keyof typeof TILE_SUFFIXES;

export interface TileAddress {
  source: string;
  z: number;
  x: number;
  y: number;
  /** The suffix given on `y`, if any; the handler checks it against the source's format. */
  suffix?: TileSuffix;
}

/** Which part of the path is wrong, for the JSON error body. */
export type TilePathPart = 'path' | 'source' | 'z' | 'x' | 'y';

export class TilePathError extends Error {
  override name = 'TilePathError';
  constructor(readonly part: TilePathPart, message: string, readonly code: 'BAD_TILE_PATH' | 'BAD_TILE_COORD' | 'BAD_SOURCE_ID') {
    super(message);
  }
}

// Ids as Martin accepts them, plus `,` for composites; no `%`, `/`, `:` (the
// key separator) or dots-only names. The first character must be a word char.
const SOURCE = /^[A-Za-z0-9_][A-Za-z0-9_.,-]{0,127}$/;
// Plain decimal: no sign, no leading zeros, no exponent, at most 10 digits
// (so `99999999999` fails as "out of range" without a lossy parse).
const INTEGER = /^(0|[1-9][0-9]{0,9})$/;

function coordinate(part: 'z' | 'x' | 'y', raw: string, limit: number): number {
  if (raw === '') throw new TilePathError(part, `${part} is missing`, 'BAD_TILE_PATH');
  if (!INTEGER.test(raw)) {
    const tooLong = /^[0-9]+$/.test(raw) && !raw.startsWith('0');
    throw new TilePathError(part, tooLong ? `${part}=${raw} is out of range` : `${part}="${raw}" is not a plain non-negative integer`, 'BAD_TILE_COORD');
  }
  const value = Number(raw);
  if (value >= limit) throw new TilePathError(part, `${part}=${value} is out of range (must be below ${limit})`, 'BAD_TILE_COORD');
  return value;
}

/**
 * Parses `{source}/{z}/{x}/{y}[.suffix]` (the part of the path after
 * `/tiles/`) without any I/O. Throws a TilePathError naming the first bad
 * part (cases C06, C07). Martin does not check x/y against z, so this does.
 */
export function parseTilePath(rest: string): TileAddress {
  const segments = rest.split('/');
  if (segments.length > 4) throw new TilePathError('path', 'expected /tiles/{source}/{z}/{x}/{y}', 'BAD_TILE_PATH');
  const [source = '', zRaw = '', xRaw = '', yRaw = ''] = segments;
  if (!SOURCE.test(source)) throw new TilePathError('source', source ? `source "${source.slice(0, 64)}" is not a valid tileset id` : 'source is missing', 'BAD_SOURCE_ID');
  const z = coordinate('z', zRaw, MAX_ZOOM + 1);
  const size = 2 ** z;
  const x = coordinate('x', xRaw, size);
  const dot = yRaw.indexOf('.');
  const suffix = dot === -1 ? undefined : yRaw.slice(dot + 1).toLowerCase();
  // Own keys only: `in` would also accept `.constructor`, `.__proto__` and the rest of Object.prototype.
  if (suffix !== undefined && !Object.hasOwn(TILE_SUFFIXES, suffix)) {
    throw new TilePathError('y', `"${yRaw.slice(0, 32)}": unknown suffix (allowed: ${Object.keys(TILE_SUFFIXES).join(', ')})`, 'BAD_TILE_PATH');
  }
  const y = coordinate('y', dot === -1 ? yRaw : yRaw.slice(0, dot), size);
  return suffix === undefined ? { source, z, x, y } : { source, z, x, y, suffix: suffix as TileSuffix };
}
