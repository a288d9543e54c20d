import * as L from 'leaflet';
import { VectorTileLayer, type TilesetLayer } from '@org/map-sdk';

/** Screens where an open legend would cover too much of the map; matches app.css. */
export const NARROW_SCREEN = '(max-width: 600px)';

/** Options of {@link createLegend}. */
export interface LegendOptions {
  /** Start folded (only the toggle button shows). Default: `true` on a narrow screen ({@link NARROW_SCREEN}), else `false`. */
  collapsed?: boolean;
}

let instances = 0;

/**
 * A legend control listing the titled style rules of the vector layers on the
 * map, and the raster layers by name. A disclosure button (`aria-expanded`,
 * `aria-controls`) folds it; it starts folded on phone-sized screens.
 */
export function createLegend(map: L.Map, layers: Map<string, TilesetLayer>, options: LegendOptions = {}): L.Control {
  const legend = new L.Control({ position: 'bottomleft' });
  const el = L.DomUtil.create('div', 'demo-legend');
  el.dataset.testid = 'legend';
  L.DomEvent.disableClickPropagation(el);
  L.DomEvent.disableScrollPropagation(el);
  const toggle = L.DomUtil.create('button', 'legend-toggle', el);
  toggle.type = 'button';
  toggle.textContent = 'Legend';
  const body = L.DomUtil.create('div', 'legend-body', el);
  body.id = `demo-legend-body-${++instances}`;
  toggle.setAttribute('aria-controls', body.id);

  const setCollapsed = (collapsed: boolean): void => {
    toggle.setAttribute('aria-expanded', String(!collapsed));
    body.hidden = collapsed;
  };
  setCollapsed(options.collapsed ?? globalThis.matchMedia?.(NARROW_SCREEN).matches ?? false);
  toggle.addEventListener('click', () => setCollapsed(toggle.getAttribute('aria-expanded') === 'true'));

  const render = (): void => {
    body.replaceChildren();
    for (const layer of layers.values()) {
      if (!map.hasLayer(layer)) continue;
      const section = L.DomUtil.create('section', '', body);
      L.DomUtil.create('h3', '', section).textContent = layer.tileset.name ?? layer.tileset.id;
      if (!(layer instanceof VectorTileLayer)) {
        L.DomUtil.create('p', '', section).textContent = `${layer.tileset.format} raster, z${layer.tileset.minzoom}–${layer.tileset.maxzoom}`;
        continue;
      }
      const list = L.DomUtil.create('ul', '', section);
      for (const rule of layer.style) {
        if (!rule.title) continue;
        const item = L.DomUtil.create('li', '', list);
        const kind = rule.fill ? 'area' : rule.line ? 'line' : rule.circle ? 'dot' : 'text';
        const swatch = L.DomUtil.create('span', `swatch ${kind}`, item);
        swatch.setAttribute('aria-hidden', 'true');
        if (kind === 'text') {
          swatch.textContent = 'Aa';
          swatch.style.color = rule.labelColor ?? '#333';
        } else swatch.style.background = rule.fill ?? rule.line ?? rule.circle ?? '#333';
        if (rule.fill && rule.line) swatch.style.borderColor = rule.line;
        item.append(rule.title);
      }
    }
    el.hidden = body.childElementCount === 0;
  };
  legend.onAdd = () => el;
  map.on('layeradd layerremove', render);
  render();
  return legend;
}
