import * as L from 'leaflet';
import { VectorTileLayer, type TilesetLayer } from '@org/map-sdk';

/** A legend control listing the titled style rules of the vector layers on the map, and the raster layers by name. */
export function createLegend(map: L.Map, layers: Map<string, TilesetLayer>): L.Control {
  const legend = new L.Control({ position: 'bottomleft' });
  const el = L.DomUtil.create('div', 'demo-legend');
  el.dataset.testid = 'legend';
  L.DomEvent.disableClickPropagation(el);
  const render = (): void => {
    el.replaceChildren();
    for (const layer of layers.values()) {
      if (!map.hasLayer(layer)) continue;
      const section = L.DomUtil.create('section', '', el);
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
        if (kind === 'text') {
          swatch.textContent = 'Aa';
          swatch.style.color = rule.labelColor ?? '#333';
        } else swatch.style.background = rule.fill ?? rule.line ?? rule.circle ?? '#333';
        if (rule.fill && rule.line) swatch.style.borderColor = rule.line;
        item.append(rule.title);
      }
    }
    el.hidden = el.childElementCount === 0;
  };
  legend.onAdd = () => el;
  map.on('layeradd layerremove', render);
  render();
  return legend;
}
