import { buildSchema, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphqlServer, KEYS, query } from './support/graphql-server.js';
import { HEALTH_QUERY, TILESET_QUERY, TILESETS_QUERY } from '../../sdk/src/queries.js';

const TILESET_FIELDS = 'id name description attribution format minzoom maxzoom bounds center tileSize scheme vectorLayers { id description minzoom maxzoom fields { name type } } tileUrl version';

describe('GraphQL queries', () => {
  describe('#tilesets', () => {
    it('lists every tileset with metadata from Martin', async () => {
      const { yoga } = graphqlServer();
      const { status, body } = await query(yoga, `{ tilesets { ${TILESET_FIELDS} } }`);
      expect(status).toBe(200);
      expect(body.data!.tilesets.map((t: { id: string }) => t.id)).toEqual(['countries', 'helsinki', 'toner']);
      const [countries, , toner] = body.data!.tilesets;
      expect(countries).toMatchObject({
        format: 'MVT', minzoom: 0, maxzoom: 6, scheme: 'XYZ', tileSize: 512, bounds: [-180, -85.05, 180, 85.05], center: [0, 0, 2],
        vectorLayers: [{ id: 'countries', minzoom: 0, maxzoom: 6, fields: [{ name: 'name', type: 'String' }, { name: 'pop', type: 'Number' }] }],
      });
      expect(toner).toMatchObject({ format: 'PNG', scheme: 'TMS', tileSize: 256, maxzoom: 3, vectorLayers: [] });
    });

    it('lists only the tilesets the API key allows', async () => {
      const { yoga } = graphqlServer();
      const { body } = await query(yoga, '{ tilesets { id } }', undefined, { 'x-api-key': KEYS.countriesOnly });
      expect(body.data!.tilesets).toEqual([{ id: 'countries' }]);
    });
  });

  describe('#tileset', () => {
    it('returns null for an unknown id (the SDK relies on it)', async () => {
      const { yoga } = graphqlServer();
      const { status, body } = await query(yoga, 'query($id: ID!) { tileset(id: $id) { id } }', { id: 'nope' });
      expect(status).toBe(200);
      expect(body).toEqual({ data: { tileset: null } });
    });

    it('offers a typed NotFound through tilesetResult', async () => {
      const { yoga } = graphqlServer();
      const q = '{ a: tilesetResult(id: "nope") { __typename ... on NotFound { id message } } b: tilesetResult(id: "toner") { __typename ... on Tileset { id } } }';
      const { body } = await query(yoga, q);
      expect(body.data).toEqual({
        a: { __typename: 'NotFound', id: 'nope', message: 'No tileset "nope".' },
        b: { __typename: 'Tileset', id: 'toner' },
      });
    });
  });

  describe('#composite', () => {
    it('keeps the layer order: [a,b] and [b,a] are different tilesets', async () => {
      const { yoga } = graphqlServer({ publicUrl: 'https://maps.example.org' });
      const q = '{ ab: composite(ids: ["countries", "helsinki"]) { id version tileUrl vectorLayers { id } } ba: composite(ids: ["helsinki", "countries"]) { id version } }';
      const { body } = await query(yoga, q);
      const { ab, ba } = body.data!;
      expect(ab.id).toBe('countries,helsinki');
      expect(ab.vectorLayers.map((l: { id: string }) => l.id)).toEqual(['countries', 'helsinki']);
      expect(ab.tileUrl).toBe(`https://maps.example.org/tiles/countries,helsinki/{z}/{x}/{y}?v=${ab.version}`);
      expect(ba.id).toBe('helsinki,countries');
      expect(ba.version).not.toBe(ab.version);
    });

    it('answers a round trip through tileset(id: composite.id)', async () => {
      const { yoga } = graphqlServer();
      const { body } = await query(yoga, '{ tileset(id: "countries,helsinki") { id } }');
      expect(body.data!.tileset).toEqual({ id: 'countries,helsinki' });
    });

    it.each([
      [[], /at least one/],
      [['countries', 'countries'], /twice/],
      [['a,b'], /Bad tileset id/],
      [Array.from({ length: 17 }, (_, i) => `s${i}`), /At most 16/],
    ])('refuses ids %j with BAD_USER_INPUT', async (ids, message) => {
      const { yoga, martin } = graphqlServer();
      const { status, body } = await query(yoga, 'query($ids: [ID!]!) { composite(ids: $ids) { id } }', { ids });
      expect(status).toBe(400);
      expect(body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(body.errors![0]!.message).toMatch(message);
      expect(martin.calls!.tileJson).toEqual([]);
    });

    it('is null when a part is unknown', async () => {
      const { yoga } = graphqlServer();
      const { body } = await query(yoga, '{ composite(ids: ["countries", "nope"]) { id } }');
      expect(body.data).toEqual({ composite: null });
    });
  });

  describe('#health', () => {
    it('reports upstream circuits, cache tiers and the build version', async () => {
      const { yoga } = graphqlServer();
      const { body } = await query(yoga, '{ health { status version upstreams { name state latencyMs } cache { tier hits misses hitRatio } } }');
      expect(body.data!.health).toEqual({
        status: 'degraded',
        version: '1.2.3-test',
        upstreams: [{ name: 'primary', state: 'closed', latencyMs: 2.5 }, { name: 'backup', state: 'open', latencyMs: null }],
        cache: [{ tier: 'memory', hits: 30, misses: 10, hitRatio: 0.75 }, { tier: 'redis', hits: 0, misses: 0, hitRatio: null }],
      });
    });
  });

  describe('the SDK contract', () => {
    it("validates the SDK's query documents against schema.graphql (no drift)", () => {
      const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
      for (const doc of [TILESETS_QUERY, TILESET_QUERY, HEALTH_QUERY]) expect(validate(schema, parse(doc))).toEqual([]);
    });

    it("answers the SDK's TILESET_QUERY", async () => {
      const { yoga } = graphqlServer();
      const { status, body } = await query(yoga, TILESET_QUERY, { id: 'countries' });
      expect(status).toBe(200);
      expect(body.data!.tileset.tilejson).toMatchObject({ tilejson: '3.0.0', vector_layers: [{ id: 'countries' }] });
    });
  });
});
