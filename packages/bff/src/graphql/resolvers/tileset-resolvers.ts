import type { SourceMeta } from '../../metadata/types.js';
import type { GraphqlContext } from '../context.js';
import type { TileFormat, TileScheme, TilesetResolvers, VectorLayer } from '../generated/resolvers-types.js';
import { tileUrlFor } from './tileset-id.js';

const numbers = (v: unknown, lengths: number[]): number[] | null =>
  Array.isArray(v) && lengths.includes(v.length) && v.every((n) => typeof n === 'number' && Number.isFinite(n)) ? v : null;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const tileUrl = (m: SourceMeta, ctx: GraphqlContext) => tileUrlFor(ctx.publicUrl, m.id, m.version);

function vectorLayers(m: SourceMeta): VectorLayer[] {
  return (m.tileJson.vector_layers ?? []).map((l) => ({
    id: l.id,
    description: text(l.description),
    minzoom: typeof l.minzoom === 'number' ? l.minzoom : null,
    maxzoom: typeof l.maxzoom === 'number' ? l.maxzoom : null,
    fields: Object.entries(l.fields ?? {}).map(([name, type]) => ({ name, type: text(type) })),
  }));
}

/** Tileset fields from SourceMeta (Martin's TileJSON plus what the store derived). */
export const tilesetResolvers: TilesetResolvers = {
  id: (m) => m.id,
  name: (m) => text(m.tileJson.name),
  description: (m) => text(m.tileJson.description),
  attribution: (m) => text(m.tileJson.attribution),
  format: (m) => m.format.toUpperCase() as TileFormat,
  minzoom: (m) => m.minzoom,
  maxzoom: (m) => m.maxzoom,
  bounds: (m) => numbers(m.tileJson.bounds, [4]),
  center: (m) => numbers(m.tileJson.center, [2, 3]),
  tileSize: (m) => {
    const own = m.tileJson.tile_size;
    if (typeof own === 'number' && Number.isInteger(own) && own > 0) return own;
    return m.format === 'mvt' || m.format === 'mlt' ? 512 : 256;
  },
  scheme: (m) => m.scheme.toUpperCase() as TileScheme,
  vectorLayers: (m) => vectorLayers(m),
  tileUrl: (m, _args, ctx) => tileUrl(m, ctx),
  version: (m) => m.version,
  // Martin's tiles[] holds Martin's own address and copies the caller's query
  // string; both are replaced by the one public URL.
  tilejson: (m, _args, ctx) => ({ ...m.tileJson, tiles: [tileUrl(m, ctx)] }),
};
