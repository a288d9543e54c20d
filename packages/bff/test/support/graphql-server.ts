import { createMetadataStore } from '../../src/metadata/create-metadata-store.js';
import type { GraphqlConfigInput } from '../../src/graphql/graphql-config.js';
import { createYogaServer } from '../../src/graphql/yoga.js';
import type { MartinClient } from '../../src/upstream/types.js';
import { fakeMartin, memoryByteCache } from './fake-martin.js';

export const OPERATOR_TOKEN = 'op-token-0123456789abcdef-XYZ';
export const KEYS = {
  all: 'pk_all_0123456789abcdef',
  countriesOnly: 'pk_countries_0123456789ab',
  site: 'pk_site_0123456789abcdefg',
};

/** A BFF GraphQL server over a fake Martin (the injected network edge) and the real metadata store. */
export function graphqlServer(config: GraphqlConfigInput = {}, martin: MartinClient & Partial<ReturnType<typeof fakeMartin>> = fakeMartin()) {
  const cache = memoryByteCache();
  const metadata = createMetadataStore({ martin, cache, ttlSeconds: 60 });
  const purged: string[] = [];
  const yoga = createYogaServer({
    config: {
      operatorToken: OPERATOR_TOKEN,
      apiKeys: [
        { key: KEYS.all, name: 'all', tilesets: '*' },
        { key: KEYS.countriesOnly, name: 'countries-only', tilesets: ['countries'] },
        { key: KEYS.site, name: 'site', tilesets: '*', origins: ['https://site.example'] },
      ],
      buildVersion: '1.2.3-test',
      ...config,
    },
    martin,
    metadata,
    purgeTileset: async (id) => { purged.push(id); return 7; },
    cacheStats: () => [
      { tier: 'memory', hits: 30, misses: 10, hitRatio: 0.75 },
      { tier: 'redis', hits: 0, misses: 0, hitRatio: null },
    ],
  });
  return { yoga, martin, metadata, cache, purged };
}

/** Anything with Yoga's `fetch(url, init)`. */
export interface Fetcher {
  fetch(input: string, init: RequestInit): Promise<Response> | Response;
}

export interface GraphqlResponse {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; extensions?: Record<string, any>; path?: unknown[] }> } & Record<string, any>;
}

/** POSTs one operation (or a batch, when `body` is an array) to `yoga.fetch`. */
export async function post(
  yoga: Fetcher,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphqlResponse> {
  const res = await yoga.fetch('http://bff.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

export const query = (yoga: Parameters<typeof post>[0], q: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
  post(yoga, { query: q, variables }, headers);
