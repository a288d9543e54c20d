import { createHash } from 'node:crypto';
import type { MartinCatalogEntry, TileJson } from '../upstream/types.js';
import { stableJson } from './stable-json.js';
import type { SourceMeta, TileFormat } from './types.js';

/** Zoom range assumed when Martin omits it (PostGIS sources often do). */
export const DEFAULT_MINZOOM = 0;
export const DEFAULT_MAXZOOM = 30;

const BY_CONTENT_TYPE: Array<[RegExp, TileFormat]> = [
  [/^application\/(x-protobuf|vnd\.mapbox-vector-tile)\b/i, 'mvt'],
  [/^application\/vnd\.maplibre-tile\b|mlt/i, 'mlt'],
  [/^image\/png\b/i, 'png'],
  [/^image\/jpe?g\b/i, 'jpeg'],
  [/^image\/webp\b/i, 'webp'],
];
const BY_TILEJSON_FORMAT: Record<string, TileFormat> = {
  pbf: 'mvt', mvt: 'mvt', mlt: 'mlt', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp',
};
const CONTENT_TYPE: Record<TileFormat, string> = {
  mvt: 'application/x-protobuf', mlt: 'application/vnd.maplibre-tile',
  png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp',
};

/** The tile format, from the catalog's content type first, then TileJSON `format`. */
export function detectFormat(entry: MartinCatalogEntry | undefined, tileJson: TileJson): TileFormat | null {
  for (const [re, format] of BY_CONTENT_TYPE) if (entry?.content_type && re.test(entry.content_type)) return format;
  const declared = typeof tileJson.format === 'string' ? tileJson.format.toLowerCase() : '';
  return BY_TILEJSON_FORMAT[declared] ?? null;
}

/**
 * Data version: 12 hex digits of SHA-256 over the TileJSON and catalog
 * entries, plus the purge epochs of the source (or of the composite and its
 * parts) when there are any. Of `tiles` only the query strings count: the
 * address is whichever Martin answered (primary or backup) and must not
 * change the version, while the query carries the file's own version when
 * Martin runs with `tilejson_url_version_param` (as our runner configures it).
 * TileJSON `version` is included too, so a tileset build that writes a hash of
 * its inputs changes the version when the data changes.
 */
export function dataVersion(tileJson: TileJson, entries: readonly (MartinCatalogEntry | undefined)[], purges: Readonly<Record<string, number>> = {}): string {
  const { tiles, ...withoutTiles } = tileJson;
  const queries = (tiles ?? []).map(queryOf).filter((q) => q !== '');
  // Absent queries leave the input as it was, so such tilesets keep their published versions.
  const rest = queries.length > 0 ? { ...withoutTiles, tileQueries: queries } : withoutTiles;
  // Without purges the input is what it always was, so unpurged tilesets keep their published versions.
  const input = Object.keys(purges).length > 0 ? { tileJson: rest, catalog: entries, purges } : { tileJson: rest, catalog: entries };
  const hash = createHash('sha256').update(stableJson(input));
  return hash.digest('hex').slice(0, 12);
}

/**
 * SourceMeta of a source (one id) or a composite (`a,b`: entries of each part,
 * in order). Null when the format is not one the platform serves.
 */
export function toSourceMeta(id: string, entries: readonly MartinCatalogEntry[], tileJson: TileJson, purges: Readonly<Record<string, number>> = {}): SourceMeta | null {
  const formats = new Set(entries.map((e) => detectFormat(e, tileJson)));
  const format = formats.size === 1 ? [...formats][0] : null;
  if (!format) return null;
  const contentType = entries[0]?.content_type || CONTENT_TYPE[format];
  return {
    id,
    format,
    contentType,
    minzoom: isZoom(tileJson.minzoom) ? tileJson.minzoom : DEFAULT_MINZOOM,
    maxzoom: isZoom(tileJson.maxzoom) ? tileJson.maxzoom : DEFAULT_MAXZOOM,
    scheme: tileJson.scheme === 'tms' ? 'tms' : 'xyz',
    version: dataVersion(tileJson, entries, purges),
    tileJson,
  };
}

function isZoom(z: unknown): z is number {
  return typeof z === 'number' && Number.isInteger(z) && z >= 0 && z <= 30;
}

/** The query string of a TileJSON tile URL template (`{z}` etc. are not valid URL parts, so no URL parser). */
function queryOf(template: string): string {
  const at = template.indexOf('?');
  return at === -1 ? '' : template.slice(at + 1);
}
