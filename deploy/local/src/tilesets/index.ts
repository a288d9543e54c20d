// The tileset pipeline: open data in, MBTiles/PMTiles paths out.
export { buildTilesets, type BuildTilesetsOptions, type TilesetFiles } from './build-tilesets.js';
export { TONER_ATTRIBUTION } from './toner-attribution.js';
