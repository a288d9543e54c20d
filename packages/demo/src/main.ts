// The demo's composition root. It uses only @org/map-sdk's public API (and
// Leaflet). For browser tests it exposes `window.__demo` (see README.md) and
// sets `data-demo-state` on <html>: `loading`, then `ready` or `error`.
import * as L from 'leaflet';
import { createMap, VectorTileLayer, type CreatedMap, type FeatureEvent } from '@org/map-sdk';
import { loadConfig } from './config.js';
import { formatHash, parseHash } from './hash.js';
import { startHealthBadge } from './healthBadge.js';
import { createInspector } from './inspector.js';
import { createLegend } from './legend.js';

/** Central Helsinki: the view the demo opens on when the URL has no hash. */
const HELSINKI = { lat: 60.17, lng: 24.944, zoom: 14 };

export interface DemoHandle {
  /** Resolves once the map is built and the first base layer has drawn its tiles in view. */
  ready: Promise<void>;
  map?: L.Map;
  layers?: CreatedMap['layers'];
  tilesets?: CreatedMap['tilesets'];
  /** Features shown by the last inspector update. */
  lastFeatures?: FeatureEvent['features'];
}

declare global {
  interface Window {
    __demo: DemoHandle;
  }
}

const root = document.documentElement;
const handle: DemoHandle = { ready: Promise.resolve() };
window.__demo = handle;
root.dataset.demoState = 'loading';
handle.ready = start().then(
  () => {
    root.dataset.demoState = 'ready';
  },
  (error: unknown) => {
    root.dataset.demoState = 'error';
    const banner = document.getElementById('error')!;
    banner.textContent = `The map could not start: ${error instanceof Error ? error.message : String(error)}`;
    banner.hidden = false;
    throw error;
  },
);

async function start(): Promise<void> {
  const config = await loadConfig();
  const view = parseHash(location.hash) ?? HELSINKI;
  const created = await createMap('map', {
    bffUrl: config.bffUrl,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    center: [view.lat, view.lng],
    zoom: view.zoom,
    mapOptions: { maxZoom: 20 },
  });
  const { map, client, layers } = created;
  Object.assign(handle, { map, layers, tilesets: created.tilesets });

  const keepHash = (): void => {
    const c = map.getCenter();
    history.replaceState(null, '', formatHash({ zoom: map.getZoom(), lat: c.lat, lng: c.lng }));
  };
  map.on('moveend', keepHash);
  keepHash();
  window.addEventListener('hashchange', () => {
    const next = parseHash(location.hash);
    if (next) map.setView([next.lat, next.lng], next.zoom);
  });

  createLegend(map, layers).addTo(map);
  const inspect = createInspector(document.getElementById('inspector')!);
  for (const layer of layers.values()) {
    if (!(layer instanceof VectorTileLayer)) continue;
    layer.on('featureclick', (e) => {
      const event = e as FeatureEvent;
      handle.lastFeatures = event.features;
      inspect(event);
    });
  }
  startHealthBadge(document.getElementById('health')!, client);

  // Wait for the tiles in view, so `ready` means "a drawn map".
  const shown = [...layers.values()].filter((l) => map.hasLayer(l));
  await Promise.all(shown.map((l) => (l.isLoading() ? new Promise((resolve) => l.once('load', resolve)) : undefined)));
}
