/**
 * GraphQL documents the client sends. The BFF's schema is the contract:
 * `pnpm codegen` reads these `/* GraphQL *\/` literals with
 * packages/bff/schema.graphql and writes their result types to
 * `generated/operations.ts`, which `types.ts` builds the public types from.
 * Interpolated fragments are appended text; codegen sees each literal alone.
 */

const TILESET_FIELDS = /* GraphQL */ `
  fragment TilesetFields on Tileset {
    id name description attribution format minzoom maxzoom bounds center tileSize scheme
    vectorLayers { id description minzoom maxzoom fields { name type } }
    tileUrl version
  }`;

export const TILESETS_QUERY = /* GraphQL */ `query Tilesets { tilesets { ...TilesetFields } }${TILESET_FIELDS}`;

export const TILESET_QUERY = /* GraphQL */ `query Tileset($id: ID!) { tileset(id: $id) { ...TilesetFields tilejson } }${TILESET_FIELDS}`;

export const HEALTH_QUERY = /* GraphQL */ `query Health { health { status version upstreams { name state latencyMs } } }`;
