import type { SourceMeta } from '../../metadata/types.js';
import type { GraphqlContext } from '../context.js';
import type { QueryResolvers } from '../generated/resolvers-types.js';
import { canReadTileset } from '../principal.js';
import { healthResolver } from './health-resolver.js';
import { parseTilesetIds } from './tileset-id.js';

function loadTileset(ids: readonly string[], ctx: GraphqlContext): Promise<SourceMeta | null> {
  const parts = parseTilesetIds(ids, ctx.config.limits.maxCompositeIds);
  return ctx.loaders.sources.load(parts.join(','));
}

export const queryResolvers: QueryResolvers = {
  async tilesets(_parent, _args, ctx) {
    const ids = (await ctx.loaders.sourceIds.load('catalog')).filter((id) => canReadTileset(ctx.principal, id));
    const metas = await ctx.loaders.sources.loadMany(ids);
    const failed = metas.find((m) => m instanceof Error);
    if (failed) throw failed;
    return metas.filter((m): m is SourceMeta => m !== null && !(m instanceof Error));
  },
  tileset: (_parent, { id }, ctx) => loadTileset(id.split(','), ctx),
  async tilesetResult(_parent, { id }, ctx) {
    const meta = await loadTileset(id.split(','), ctx);
    return meta ?? { __typename: 'NotFound', id, message: `No tileset "${id}".` };
  },
  composite: (_parent, { ids }, ctx) => loadTileset(ids, ctx),
  health: healthResolver,
};
