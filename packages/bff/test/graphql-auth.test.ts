import { describe, expect, it } from 'vitest';
import { secretEquals } from '../src/graphql/authenticate.js';
import { graphqlServer, KEYS, OPERATOR_TOKEN, query } from './support/graphql-server.js';

const PURGE = 'mutation { purgeTileset(id: "countries") { id removedTiles version } }';

describe('GraphQL auth', () => {
  describe('#purgeTileset', () => {
    it('lets an operator purge tiles and metadata, and reports the re-read version', async () => {
      const { yoga, purged, martin } = graphqlServer();
      await query(yoga, '{ tileset(id: "countries") { id } }');
      const { status, body } = await query(yoga, PURGE, undefined, { authorization: `Bearer ${OPERATOR_TOKEN}` });
      expect(status).toBe(200);
      expect(body.data!.purgeTileset).toMatchObject({ id: 'countries', removedTiles: 7, version: expect.stringMatching(/^[0-9a-f]{12}$/) });
      expect(purged).toEqual(['countries']);
      expect(martin.calls!.tileJson).toEqual(['countries', 'countries']); // metadata re-read from Martin
    });

    it.each([
      ['no credential', {}, 401, 'UNAUTHENTICATED'],
      ['an API key', { 'x-api-key': KEYS.all }, 403, 'FORBIDDEN'],
    ])('refuses %s', async (_name, headers, status, code) => {
      const { yoga, purged } = graphqlServer();
      const res = await query(yoga, PURGE, undefined, headers);
      expect(res.status).toBe(status);
      expect(res.body.errors![0]!.extensions!.code).toBe(code);
      expect(purged).toEqual([]);
    });

    it('refuses a wrong bearer token for the whole request, with WWW-Authenticate', async () => {
      const { yoga, purged } = graphqlServer();
      const res = await query(yoga, PURGE, undefined, { authorization: `Bearer ${OPERATOR_TOKEN}x` });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect(purged).toEqual([]);
    });

    it('refuses every bearer token when no operator token is configured', async () => {
      const { yoga } = graphqlServer({ operatorToken: undefined });
      expect((await query(yoga, PURGE, undefined, { authorization: `Bearer ${OPERATOR_TOKEN}` })).status).toBe(401);
    });
  });

  describe('API keys', () => {
    it('refuses an unknown key instead of treating the caller as anonymous', async () => {
      const { yoga } = graphqlServer();
      const res = await query(yoga, '{ tilesets { id } }', undefined, { 'x-api-key': 'pk_wrong_0123456789abcdef' });
      expect(res.status).toBe(401);
      expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a key used from an origin it is not registered for', async () => {
      const { yoga } = graphqlServer();
      const ok = await query(yoga, '{ tilesets { id } }', undefined, { 'x-api-key': KEYS.site, origin: 'https://site.example' });
      const bad = await query(yoga, '{ tilesets { id } }', undefined, { 'x-api-key': KEYS.site, origin: 'https://evil.example' });
      expect(ok.status).toBe(200);
      expect(bad.status).toBe(403);
      expect(bad.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    });

    it('requires a key when requireApiKey is on', async () => {
      const { yoga } = graphqlServer({ requireApiKey: true });
      expect((await query(yoga, '{ tilesets { id } }')).status).toBe(401);
      expect((await query(yoga, '{ tilesets { id } }', undefined, { 'x-api-key': KEYS.all })).status).toBe(200);
    });
  });

  describe('secretEquals', () => {
    it('compares whole secrets whatever their lengths', () => {
      expect(secretEquals('abc', 'abc')).toBe(true);
      expect(secretEquals('abc', 'abcd')).toBe(false);
      expect(secretEquals('', 'abc')).toBe(false);
    });
  });
});
