import { describe, expect, it } from 'vitest';
import { TILESET_QUERY } from '../../sdk/src/queries.js';
import { graphqlServer, post, query } from './support/graphql-server.js';

const ok = '{ tilesets { id } }';

describe('GraphQL abuse', () => {
  it("accepts the SDK's largest query under the default limits", async () => {
    const { yoga } = graphqlServer();
    expect((await query(yoga, TILESET_QUERY, { id: 'countries' })).status).toBe(200);
  });

  it('refuses a deep query (fragments included) with QUERY_TOO_COMPLEX', async () => {
    const { yoga, martin } = graphqlServer({ limits: { maxDepth: 3 } });
    const q = 'query { tilesets { ...A } } fragment A on Tileset { vectorLayers { fields { name } } }';
    const res = await query(yoga, q);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' });
    expect(martin.calls!.catalog).toBe(0);
  });

  it('refuses too many aliases', async () => {
    const { yoga } = graphqlServer();
    const q = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
    const res = await query(yoga, q);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' });
  });

  it('refuses a wide query with too many tokens', async () => {
    const { yoga } = graphqlServer();
    const q = `{ health { ${'status '.repeat(1200)} } }`;
    const res = await query(yoga, q);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' });
  });

  it('refuses a costly query', async () => {
    const { yoga } = graphqlServer({ limits: { maxCost: 20 } });
    const q = '{ tilesets { id name description attribution vectorLayers { id description fields { name type } } } health { status upstreams { name state } } }';
    const res = await query(yoga, q);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
  });

  it('refuses an oversized body with 413 and a JSON error', async () => {
    const { yoga } = graphqlServer({ limits: { maxBodyBytes: 2048 } });
    const res = await post(yoga, { query: ok, variables: { pad: 'x'.repeat(4096) } });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(res.body.errors![0]!.extensions!.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('bounds batched operations', async () => {
    const { yoga } = graphqlServer({ limits: { batchLimit: 2 } });
    const two = await post(yoga, [{ query: ok }, { query: '{ health { status } }' }]);
    expect(two.status).toBe(200);
    const three = await post(yoga, [{ query: ok }, { query: ok }, { query: ok }]);
    expect(three.status).toBe(413);
    expect(JSON.stringify(three.body)).toMatch(/Batching is limited to 2/);
  });

  it('refuses batches when batching is off', async () => {
    const { yoga } = graphqlServer({ limits: { batchLimit: 0 } });
    expect((await post(yoga, [{ query: ok }])).status).toBeGreaterThanOrEqual(400);
  });

  it('runs queries over GET but refuses a mutation over GET with 405', async () => {
    const { yoga, purged } = graphqlServer();
    const get = (q: string) => yoga.fetch(`http://bff.test/graphql?query=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
    expect((await get(ok)).status).toBe(200);
    const res = await get('mutation { purgeTileset(id: "countries") { id } }');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(purged).toEqual([]);
  });

  it('answers malformed JSON with 400', async () => {
    const { yoga } = graphqlServer();
    expect((await post(yoga, '{"query": ')).status).toBe(400);
  });

  it('answers an unknown field with 400 and no "Did you mean" hint', async () => {
    const { yoga } = graphqlServer();
    const res = await query(yoga, '{ tilesetz { id } }');
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it('turns introspection off when configured, keeping __typename', async () => {
    const off = graphqlServer({ introspection: false }).yoga;
    const res = await query(off, '{ __schema { types { name } } }');
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe('INTROSPECTION_DISABLED');
    expect((await query(off, '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    const on = graphqlServer({ introspection: true }).yoga;
    expect((await query(on, '{ __schema { queryType { name } } }')).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('applies the depth limit to introspection too (a depth-14 __schema query is refused)', async () => {
    const { yoga } = graphqlServer({ introspection: true });
    const ofType = (n: number): string => (n === 0 ? 'name' : `name ofType { ${ofType(n - 1)} }`);
    const deep = `{ __schema { types { fields { type { ${ofType(9)} } } } } }`; // depth 14
    const res = await query(yoga, deep);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxIntrospectionDepth' });
    const viaType = await query(yoga, `{ __type(name: "Tileset") { fields { type { ${ofType(8)} } } } }`);
    expect(viaType.status).toBe(400);
    const viaFragment = await query(yoga, `{ __schema { ...S } } fragment S on __Schema { types { fields { type { ${ofType(9)} } } } }`);
    expect(viaFragment.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxIntrospectionDepth' });
    // Shallow introspection still works.
    expect((await query(yoga, '{ __schema { types { name fields { name } } } }')).status).toBe(200);
  });

  it('lets the full standard introspection query (depth 15) through when GRAPHQL_MAX_INTROSPECTION_DEPTH allows it', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const strict = graphqlServer({ introspection: true }).yoga;
    expect((await query(strict, getIntrospectionQuery())).status).toBe(400);
    const tooling = graphqlServer({ introspection: true, limits: { maxIntrospectionDepth: 15 } }).yoga;
    const res = await query(tooling, getIntrospectionQuery());
    expect(res.status).toBe(200);
    expect(res.body.data!.__schema.queryType.name).toBe('Query');
    // The separate cap does not loosen ordinary queries.
    const capped = graphqlServer({ introspection: true, limits: { maxDepth: 3, maxIntrospectionDepth: 15 } }).yoga;
    const ordinary = await query(capped, '{ tilesets { vectorLayers { fields { name } } } }');
    expect(ordinary.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' });
  });

  it('masks unexpected errors', async () => {
    const { yoga, metadata } = graphqlServer();
    metadata.invalidate = async () => { throw new Error('redis at 10.0.0.7:6379 exploded'); };
    const res = await query(yoga, 'mutation { purgeTileset(id: "countries") { id } }', undefined, { authorization: 'Bearer op-token-0123456789abcdef-XYZ' });
    expect(res.body.errors![0]!.message).toBe('Unexpected error.');
    expect(JSON.stringify(res.body)).not.toContain('10.0.0.7');
  });
});
