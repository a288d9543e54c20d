import { GraphQLScalarType } from 'graphql';
import type { Resolvers } from '../generated/resolvers-types.js';
import { mutationResolvers } from './mutation-resolvers.js';
import { queryResolvers } from './query-resolvers.js';
import { tilesetResolvers } from './tileset-resolvers.js';

/** Output-only: TileJSON goes out as is; no argument takes JSON. */
const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: () => { throw new TypeError('JSON is an output-only scalar'); },
  parseLiteral: () => { throw new TypeError('JSON is an output-only scalar'); },
});

/** Every resolver, typed from schema.graphql by GraphQL Code Generator. */
export const resolvers: Resolvers = {
  JSON: JSONScalar,
  Query: queryResolvers,
  Mutation: mutationResolvers,
  Tileset: tilesetResolvers,
  TilesetResult: {
    __resolveType: (parent) => ('__typename' in parent && parent.__typename === 'NotFound' ? 'NotFound' : 'Tileset'),
  },
};
