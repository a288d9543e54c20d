/** GraphQL documents the client sends. The BFF's schema is the contract (see the README). */

const TILESET_FIELDS = /* GraphQL */ `
  id name description attribution format minzoom maxzoom bounds center tileSize scheme
  vectorLayers { id description minzoom maxzoom fields { name type } }
  tileUrl version`;

export const TILESETS_QUERY = /* GraphQL */ `query Tilesets { tilesets { ${TILESET_FIELDS} } }`;

export const TILESET_QUERY = /* GraphQL */ `query Tileset($id: ID!) { tileset(id: $id) { ${TILESET_FIELDS} tilejson } }`;

export const HEALTH_QUERY = /* GraphQL */ `query Health { health { status version upstreams { name state latencyMs } } }`;
