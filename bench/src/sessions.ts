import { pickWeighted, pickZipf, randomExp, type Random } from './prng.js';
import { lonLatToPixel, pixelToLonLat, visibleTiles, type LayerSpec, type Tile, type View } from './tile-math.js';

/**
 * The two maps a visitor can open, as the demo layers them: a world map
 * (raster basemap + country polygons) and the Helsinki street map. Zoom limits
 * are the view's; sources are overzoomed above their native range.
 */
const MAPS = {
  world: {
    minZoom: 1,
    maxZoom: 8,
    layers: [
      { source: 'toner', minNativeZoom: 0, maxNativeZoom: 3 },
      { source: 'countries', minNativeZoom: 0, maxNativeZoom: 6 },
    ],
  },
  city: { minZoom: 12, maxZoom: 18, layers: [{ source: 'helsinki', minNativeZoom: 10, maxNativeZoom: 14 }] },
} satisfies Record<string, { minZoom: number; maxZoom: number; layers: LayerSpec[] }>;

type MapKind = keyof typeof MAPS;

/**
 * Where sessions start, most popular first; a session picks one by Zipf rank,
 * so a few places (the world view, the Helsinki market square) dominate as on
 * real maps. Coordinates are the places' own.
 */
const PLACES: Array<{ name: string; map: MapKind; lon: number; lat: number; zoom: number }> = [
  { name: 'world', map: 'world', lon: 10, lat: 30, zoom: 2 },
  { name: 'Helsinki market square', map: 'city', lon: 24.9525, lat: 60.1675, zoom: 15 },
  { name: 'Europe', map: 'world', lon: 15, lat: 52, zoom: 4 },
  { name: 'Helsinki central station', map: 'city', lon: 24.9414, lat: 60.171, zoom: 15 },
  { name: 'Finland', map: 'world', lon: 26, lat: 64, zoom: 5 },
  { name: 'Helsinki overview', map: 'city', lon: 24.944, lat: 60.1715, zoom: 13 },
  { name: 'USA', map: 'world', lon: -98, lat: 39, zoom: 4 },
  { name: 'Senate Square', map: 'city', lon: 24.9522, lat: 60.1693, zoom: 16 },
  { name: 'Japan', map: 'world', lon: 138, lat: 37, zoom: 5 },
  { name: 'Esplanadi', map: 'city', lon: 24.948, lat: 60.1676, zoom: 16 },
  { name: 'Brazil', map: 'world', lon: -52, lat: -12, zoom: 4 },
  { name: 'India', map: 'world', lon: 79, lat: 22, zoom: 5 },
  { name: 'Kamppi', map: 'city', lon: 24.933, lat: 60.1685, zoom: 15 },
  { name: 'Nordics', map: 'world', lon: 18, lat: 62, zoom: 4 },
  { name: 'Africa', map: 'world', lon: 20, lat: 5, zoom: 3 },
  { name: 'Australia', map: 'world', lon: 134, lat: -26, zoom: 4 },
  { name: 'Katajanokka', map: 'city', lon: 24.962, lat: 60.167, zoom: 15 },
  { name: 'China', map: 'world', lon: 105, lat: 35, zoom: 4 },
  { name: 'United Kingdom', map: 'world', lon: -2, lat: 54, zoom: 6 },
  { name: 'Germany', map: 'world', lon: 10.5, lat: 51, zoom: 6 },
];

/** Screen sizes in CSS pixels with rough shares of desktop and mobile visits. */
const SCREENS = [
  { w: 1920, h: 1080, share: 30 },
  { w: 1536, h: 864, share: 15 },
  { w: 1366, h: 768, share: 15 },
  { w: 2560, h: 1440, share: 5 },
  { w: 390, h: 844, share: 25 },
  { w: 412, h: 915, share: 10 },
];

/** A batch of tile requests one user makes at one moment (opening, a pan, a zoom). */
export interface ViewEvent {
  session: number;
  atMs: number;
  tiles: Tile[];
}

/**
 * One visit: open the map at a place, then pan and zoom a few times with
 * think time in between. Tiles already fetched in the session are not asked
 * for again, because the browser keeps them (cacheable tile responses).
 */
export function simulateSession(random: Random, session: number, startMs: number): ViewEvent[] {
  const place = pickZipf(random, PLACES, 1);
  const map = MAPS[place.map];
  const screen = pickWeighted(random, SCREENS, (s) => s.share);
  const clampZoom = (z: number) => Math.max(map.minZoom, Math.min(map.maxZoom, z));
  // Visitors land near, not exactly on, a place (links, geolocation, saved views).
  let zoom = clampZoom(place.zoom + (random() < 0.3 ? (random() < 0.5 ? -1 : 1) : 0));
  let [px, py] = lonLatToPixel(place.lon, place.lat, zoom);
  px += (random() - 0.5) * screen.w * 0.5;
  py += (random() - 0.5) * screen.h * 0.5;

  const seen = new Set<string>();
  const events: ViewEvent[] = [];
  let t = startMs;
  for (let step = 0; step < 30; step++) {
    const [lon, lat] = pixelToLonLat(px, py, zoom);
    const view: View = { lon, lat, zoom, width: screen.w, height: screen.h };
    const tiles = map.layers
      .flatMap((layer) => visibleTiles(view, layer))
      .filter((tile) => {
        const key = `${tile.source}/${tile.z}/${tile.x}/${tile.y}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    if (tiles.length > 0) events.push({ session, atMs: t, tiles });
    // About 7 actions per visit on average, then the visitor leaves.
    if (step > 0 && random() > 0.85) break;
    t += randomExp(random, 4000);
    const action = random();
    if (action < 0.6) {
      const angle = random() * 2 * Math.PI;
      const dist = 0.25 + random() * 0.5;
      px += Math.cos(angle) * dist * screen.w;
      py += Math.sin(angle) * dist * screen.h;
    } else {
      const next = clampZoom(zoom + (action < 0.82 ? 1 : -1));
      // Zooming in aims at something in the middle half of the screen.
      const aimX = action < 0.82 ? (random() - 0.5) * screen.w * 0.5 : 0;
      const aimY = action < 0.82 ? (random() - 0.5) * screen.h * 0.5 : 0;
      const f = 2 ** (next - zoom);
      px = (px + aimX) * f;
      py = (py + aimY) * f;
      zoom = next;
    }
    // Keep the centre on the world vertically, as Leaflet's maxBounds would.
    const worldPx = 256 * 2 ** zoom;
    py = worldPx <= screen.h ? worldPx / 2 : Math.max(screen.h / 2, Math.min(worldPx - screen.h / 2, py));
  }
  return events;
}
