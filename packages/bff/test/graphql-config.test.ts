import { describe, expect, it } from 'vitest';
import { apiKeysEnvSchema } from '../src/graphql/api-keys.js';
import { graphqlConfigSchema } from '../src/graphql/graphql-config.js';
import { createYogaServer } from '../src/graphql/yoga.js';
import { fakeMartin } from './support/fake-martin.js';
import { createMetadataStore } from '../src/metadata/create-metadata-store.js';

const deps = () => {
  const martin = fakeMartin();
  return { martin, metadata: createMetadataStore({ martin, ttlSeconds: 60 }), purgeTileset: async () => 0, cacheStats: () => [] };
};

describe('GraphQL configuration', () => {
  it('fills every default', () => {
    const c = graphqlConfigSchema.parse({});
    expect(c).toMatchObject({ trustProxy: false, corsOrigins: [], apiKeys: [], requireApiKey: false, buildVersion: 'dev' });
    expect(c.limits).toEqual({ maxDepth: 8, maxAliases: 15, maxTokens: 1000, maxCost: 5000, maxDirectives: 10, batchLimit: 5, maxBodyBytes: 65536, maxCompositeIds: 16 });
  });

  it('takes undefined limits as defaults (config.ts passes unset variables through)', () => {
    expect(graphqlConfigSchema.parse({ limits: { maxDepth: undefined, maxCost: 99 } }).limits).toMatchObject({ maxDepth: 8, maxCost: 99 });
  });

  it.each([
    [{ publicUrl: 'ftp://x.example' }, /config\.publicUrl/],
    [{ publicUrl: 'https://x.example/?a=1' }, /config\.publicUrl: must have no query/],
    [{ operatorToken: 'short' }, /config\.operatorToken/],
    [{ limits: { maxDepth: 0 } }, /config\.limits\.maxDepth/],
  ])('createYogaServer refuses %j with a TypeError naming the setting', (config, message) => {
    expect(() => createYogaServer({ config, ...deps() })).toThrow(message);
  });

  describe('API_KEYS', () => {
    it('parses a JSON array of keys', () => {
      const keys = apiKeysEnvSchema.parse('[{"key":"pk_demo_0123456789abcdef","name":"demo","tilesets":["countries"]}]');
      expect(keys).toEqual([{ key: 'pk_demo_0123456789abcdef', name: 'demo', tilesets: ['countries'] }]);
    });

    it.each([
      ['not json', /not valid JSON/],
      ['[{"key":"short","name":"a","tilesets":"*"}]', /too_small|at least|>=16/i],
      ['[{"key":"pk_0123456789abcdef","name":"a","tilesets":"*"},{"key":"pk_0123456789abcdef","name":"b","tilesets":"*"}]', /duplicate key/],
    ])('refuses %s', (text, message) => {
      expect(() => apiKeysEnvSchema.parse(text)).toThrow(message);
    });
  });
});
