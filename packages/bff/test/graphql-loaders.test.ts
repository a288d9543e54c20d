import { describe, expect, it } from 'vitest';
import { fakeMartin } from './support/fake-martin.js';
import { graphqlServer, KEYS, query } from './support/graphql-server.js';

describe('GraphQL DataLoaders', () => {
  it('asks Martin once per distinct tileset however often a query names it', async () => {
    const { yoga, martin } = graphqlServer();
    const q = `{ tilesets { id version } a: tileset(id: "countries") { id } b: tileset(id: "countries") { name }
      c: tilesetResult(id: "toner") { __typename } d: composite(ids: ["countries", "helsinki"]) { id } e: composite(ids: ["countries", "helsinki"]) { version } }`;
    const { status } = await query(yoga, q);
    expect(status).toBe(200);
    expect(martin.calls!.catalog).toBe(1);
    expect([...martin.calls!.tileJson].sort()).toEqual(['countries', 'countries,helsinki', 'helsinki', 'toner']);
  });

  it('asks Martin nothing when the shared cache has the metadata', async () => {
    const { yoga, martin } = graphqlServer();
    await query(yoga, '{ tilesets { id } }');
    const before = { catalog: martin.calls!.catalog, tileJson: martin.calls!.tileJson.length };
    await query(yoga, '{ tilesets { id version } tileset(id: "toner") { id } }');
    expect({ catalog: martin.calls!.catalog, tileJson: martin.calls!.tileJson.length }).toEqual(before);
  });

  it('C15: an upstream failure stays in its request; the same tileset twice fails once, the next request succeeds', async () => {
    const martin = fakeMartin();
    const { yoga } = graphqlServer({}, martin);
    martin.failNext('tileJson');
    const first = await query(yoga, '{ a: tileset(id: "countries") { id } b: tileset(id: "countries") { id } }');
    // In-request policy: the failed key stays failed for the rest of the request (one try, same error twice).
    expect(martin.calls.tileJson).toEqual(['countries']);
    expect(first.status).toBe(503);
    expect(first.body.data).toEqual({ a: null, b: null });
    expect(first.body.errors!.map((e) => e.extensions!.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(JSON.stringify(first.body)).not.toContain('502'); // the cause is logged, not sent
    const second = await query(yoga, '{ a: tileset(id: "countries") { id } b: tileset(id: "countries") { id } }');
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ a: { id: 'countries' }, b: { id: 'countries' } });
    expect(martin.calls.tileJson).toEqual(['countries', 'countries']);
  });

  it('C15: a failed catalog is not remembered either', async () => {
    const martin = fakeMartin();
    const { yoga } = graphqlServer({}, martin);
    martin.failNext('catalog');
    expect((await query(yoga, '{ tilesets { id } }')).body.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await query(yoga, '{ tilesets { id } }')).body.data!.tilesets).toHaveLength(3);
  });

  it('C16: interleaved requests from two API keys: the key without the tileset gets FORBIDDEN, never the data', async () => {
    const martin = fakeMartin();
    martin.delayMs = 30; // both requests are in flight at the same time
    const { yoga } = graphqlServer({}, martin);
    const q = '{ tileset(id: "helsinki") { id tileUrl tilejson } }';
    const [allowed, denied] = await Promise.all([
      query(yoga, q, undefined, { 'x-api-key': KEYS.all }),
      query(yoga, q, undefined, { 'x-api-key': KEYS.countriesOnly }),
    ]);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data!.tileset.id).toBe('helsinki');
    expect(denied.status).toBe(403);
    expect(denied.body.data).toEqual({ tileset: null });
    expect(denied.body.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, path: ['tileset'] }); // Yoga turns extensions.http into the response status
    expect(JSON.stringify(denied.body)).not.toMatch(/tiles\/helsinki|vector_layers/);
  });

  it('C16: a composite needs every part allowed', async () => {
    const { yoga } = graphqlServer();
    const { body } = await query(yoga, '{ composite(ids: ["countries", "helsinki"]) { id } }', undefined, { 'x-api-key': KEYS.countriesOnly });
    expect(body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(body.data).toEqual({ composite: null });
  });
});
