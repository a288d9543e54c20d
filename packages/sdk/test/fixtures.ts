import type { Tileset } from '../src/client.js';

export const BFF = 'http://bff.test';

/** Tileset metadata shaped like the BFF's answers for the real tilesets. */
export function tilesetFixture(overrides: Partial<Tileset> = {}): Tileset {
  return {
    id: 'helsinki',
    name: 'Helsinki',
    description: null,
    attribution: '© OpenStreetMap contributors',
    format: 'MVT',
    minzoom: 0,
    maxzoom: 14,
    bounds: null,
    center: [24.944, 60.17, 14],
    tileSize: 256,
    scheme: 'XYZ',
    vectorLayers: [
      { id: 'transportation', description: null, minzoom: null, maxzoom: null, fields: [{ name: 'class', type: 'String' }] },
      { id: 'building', description: null, minzoom: null, maxzoom: null, fields: [] },
    ],
    tileUrl: `${BFF}/tiles/helsinki/{z}/{x}/{y}?v=3f2a9c`,
    version: '3f2a9c',
    ...overrides,
  };
}

export const toner = (): Tileset =>
  tilesetFixture({ id: 'toner', name: 'Toner', format: 'PNG', minzoom: 0, maxzoom: 3, vectorLayers: [], tileUrl: `${BFF}/tiles/toner/{z}/{x}/{y}?v=1`, version: '1' });

export const countries = (): Tileset =>
  tilesetFixture({
    id: 'countries', name: 'Countries', minzoom: 0, maxzoom: 6, center: null,
    vectorLayers: [{ id: 'countries', description: null, minzoom: 0, maxzoom: 6, fields: [{ name: 'name', type: 'String' }] }],
    tileUrl: `${BFF}/tiles/countries/{z}/{x}/{y}?v=7`, version: '7',
  });
