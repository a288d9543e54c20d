import * as L from 'leaflet';
import { MapClient, type MapClientOptions } from './MapClient.js';
import { isBasemapTileset, tilesetLayer, type TilesetLayer } from './tilesetLayer.js';
import type { Tileset } from './types.js';

/** Options of {@link createMap}: the {@link MapClientOptions} plus these. */
export interface CreateMapOptions extends MapClientOptions {
  /** Id of the tileset to show first; the view fits it unless `center` is given. Default: the best base map for the view. */
  tileset?: string;
  /** A client to reuse instead of making one from the other options. Default: a new {@link MapClient}. */
  client?: MapClient;
  /** Initial centre. Default: the tileset's centre, else its bounds, else the world. */
  center?: L.LatLngExpression;
  /** Initial zoom, used with `center`. Default: the tileset's centre zoom, else `2`. */
  zoom?: number;
  /** Add a layer switcher listing every tileset. Default: `true`. */
  layersControl?: boolean;
  /**
   * Options for `L.map`. Default: `{ minZoom: 0, maxZoom: 20 }`. Set both: left
   * unset, Leaflet takes the zoom limits from the layers, so a base map with
   * `minzoom` 11 would stop the map zooming out past 11.
   */
  mapOptions?: L.MapOptions;
  /** Cancels loading the catalog. */
  signal?: AbortSignal;
}

/** What {@link createMap} resolves to. */
export interface CreatedMap {
  /** The Leaflet map in the container. */
  map: L.Map;
  /** The client the layers fetch through (the given one, or a new one from the options). */
  client: MapClient;
  /** The catalog, as the BFF returned it. */
  tilesets: Tileset[];
  /** One layer per tileset, by tileset id (formats the SDK cannot draw are left out). */
  layers: Map<string, TilesetLayer>;
  /** The layer switcher, when `layersControl` is on. */
  control: L.Control.Layers | undefined;
}

/**
 * One call from a container to a working map: loads the catalog, makes a
 * layer per tileset, shows a base map (rasters and OpenMapTiles vectors are
 * base layers, other vectors overlays) and adds a layer switcher.
 */
export async function createMap(container: string | HTMLElement, options: CreateMapOptions): Promise<CreatedMap> {
  const client = options.client ?? new MapClient(options);
  const tilesets = await client.tilesets(options.signal ? { signal: options.signal } : {});
  const wanted = options.tileset === undefined ? undefined : tilesets.find((t) => t.id === options.tileset);
  if (options.tileset !== undefined && !wanted) throw new TypeError(`createMap: option tileset "${options.tileset}" is not in the catalog`);

  const map = L.map(container, { minZoom: 0, maxZoom: 20, ...options.mapOptions });
  setInitialView(map, options, wanted);
  const layers = new Map<string, TilesetLayer>();
  const control = options.layersControl === false ? undefined : L.control.layers(undefined, undefined, { collapsed: true });
  for (const tileset of tilesets) {
    if (tileset.format === 'MLT') continue;
    const layer = tilesetLayer(tileset, client);
    layers.set(tileset.id, layer);
    const label = tileset.name ?? tileset.id;
    if (isBasemapTileset(tileset)) control?.addBaseLayer(layer, label);
    else control?.addOverlay(layer, label);
  }
  const baseId = wanted && isBasemapTileset(wanted) ? wanted.id : pickBase(tilesets.filter((t) => layers.has(t.id)), map.getCenter());
  if (baseId) layers.get(baseId)?.addTo(map);
  if (wanted && !isBasemapTileset(wanted)) layers.get(wanted.id)?.addTo(map);
  control?.addTo(map);
  return { map, client, tilesets, layers, control };
}

function setInitialView(map: L.Map, options: CreateMapOptions, tileset: Tileset | undefined): void {
  if (options.center !== undefined) return void map.setView(options.center, options.zoom ?? 2);
  const [lon, lat, zoom] = tileset?.center ?? [];
  if (lon !== undefined && lat !== undefined) return void map.setView([lat, lon], options.zoom ?? zoom ?? tileset!.minzoom);
  const [w, s, e, n] = tileset?.bounds ?? [];
  if (w !== undefined && s !== undefined && e !== undefined && n !== undefined) return void map.fitBounds([[s, w], [n, e]]);
  map.setView([20, 0], options.zoom ?? 2);
}

/** The base tileset whose bounds hold `center`, preferring the most detailed. */
function pickBase(tilesets: Tileset[], center: L.LatLng): string | undefined {
  const covers = (t: Tileset): boolean => {
    const [w, s, e, n] = t.bounds ?? [-180, -90, 180, 90];
    return center.lng >= w! && center.lng <= e! && center.lat >= s! && center.lat <= n!;
  };
  const bases = tilesets.filter(isBasemapTileset);
  const ranked = [...bases].sort((a, b) => Number(covers(b)) - Number(covers(a)) || b.maxzoom - a.maxzoom);
  return ranked[0]?.id;
}
