// @vitest-environment happy-dom
import { graphql, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMap, type CreatedMap } from '../src/index.js';
import { BFF, countries, tilesetFixture, toner } from './fixtures.js';

const server = setupServer(
  graphql.link(`${BFF}/graphql`).query('Tilesets', () => HttpResponse.json({ data: { tilesets: [toner(), tilesetFixture({ bounds: [24.9, 60.1, 25, 60.2] }), countries()] } })),
  http.get(`${BFF}/tiles/:id/:z/:x/:y`, () => new HttpResponse(null, { status: 204 })),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let created: CreatedMap | undefined;
afterEach(() => {
  created?.map.remove();
  created = undefined;
});

function container(): HTMLElement {
  const el = document.createElement('div');
  Object.defineProperty(el, 'clientWidth', { value: 512 });
  Object.defineProperty(el, 'clientHeight', { value: 512 });
  document.body.appendChild(el);
  return el;
}

describe('createMap', () => {
  it('builds a map from the catalog with a layer per tileset and the best base map for the view', async () => {
    created = await createMap(container(), { bffUrl: BFF, apiKey: 'pk', center: [60.17, 24.944], zoom: 14 });
    expect([...created.layers.keys()]).toEqual(['toner', 'helsinki', 'countries']);
    expect(created.map.hasLayer(created.layers.get('helsinki')!)).toBe(true); // covers the view, most detailed
    expect(created.map.hasLayer(created.layers.get('toner')!)).toBe(false);
    expect(created.map.hasLayer(created.layers.get('countries')!)).toBe(false); // overlays start off
    expect(created.control).toBeDefined();
  });

  it('shows the requested tileset and fits its view', async () => {
    created = await createMap(container(), { bffUrl: BFF, tileset: 'toner', layersControl: false });
    expect(created.map.hasLayer(created.layers.get('toner')!)).toBe(true);
    expect(created.control).toBeUndefined();
  });

  it('rejects an unknown tileset id with a TypeError naming the option', async () => {
    await expect(createMap(container(), { bffUrl: BFF, tileset: 'nope' })).rejects.toThrow(/option tileset "nope"/);
  });
});
