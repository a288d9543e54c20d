import { forbidden, unauthenticated } from '../errors.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import { parseTilesetIds } from './tileset-id.js';

export const mutationResolvers: MutationResolvers = {
  async purgeTileset(_parent, { id }, ctx) {
    if (!ctx.principal.operator) {
      throw ctx.principal.kind === 'anonymous' ? unauthenticated('Operator credentials required.') : forbidden('Operators only.');
    }
    const [source] = parseTilesetIds([id], 1);
    const removedTiles = await ctx.deps.purgeTileset(source!);
    await ctx.deps.metadata.invalidate(source);
    // Re-read Martin now, so the operator sees the version clients will get.
    const version = await ctx.deps.metadata.source(source!).then((m) => m?.version ?? null, () => null);
    ctx.deps.logger?.warn({ tileset: source, removedTiles, by: ctx.principal.id }, 'graphql: tileset purged');
    return { id: source!, removedTiles, version };
  },
};
