/**
 * Attribution for the Stamen Toner raster PMTiles (`toner` source).
 *
 * The file `<DATA_DIR>/pmtiles/stamen-toner-z0-3.pmtiles` carries an empty
 * JSON metadata object (`{}`; checked by decoding its PMTiles v3 header and
 * metadata section), so Martin's TileJSON for `toner` has no `attribution`.
 * The licence still requires it, and we do not rewrite the archive (it is
 * served as it is), so whatever publishes TileJSON (the Martin config writer
 * or the BFF) must add this text itself.
 *
 * Terms: tiles CC BY 3.0 by Stamen Design, data ODbL by OpenStreetMap
 * contributors (as given in the data README).
 */
export const TONER_ATTRIBUTION =
  'Map tiles by Stamen Design (CC BY 3.0); data © OpenStreetMap contributors (ODbL)';
