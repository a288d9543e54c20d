import { describe, expect, it } from 'vitest';
import { graphqlServer, KEYS, post } from './support/graphql-server.js';

const Q = { query: '{ tileset(id: "countries") { version tileUrl tilejson } }' };

async function urls(config: Parameters<typeof graphqlServer>[0], headers: Record<string, string> = {}, path = '/graphql') {
  const { yoga } = graphqlServer(config);
  const fetchAt = { fetch: (_u: string, init: RequestInit) => yoga.fetch(`http://bff.internal:8080${path}`, init) };
  const { body } = await post(fetchAt, Q, headers);
  const t = body.data!.tileset;
  return { tileUrl: t.tileUrl as string, tiles: t.tilejson.tiles as string[], v: t.version as string };
}

describe('public tile URLs', () => {
  it('use the configured PUBLIC_URL, path prefix included, and the data version', async () => {
    const { tileUrl, tiles, v } = await urls({ publicUrl: 'https://maps.example.org/api/' });
    expect(tileUrl).toBe(`https://maps.example.org/api/tiles/countries/{z}/{x}/{y}?v=${v}`);
    expect(tiles).toEqual([tileUrl]);
  });

  it('ignore forwarded headers unless trustProxy is on', async () => {
    const { tileUrl } = await urls({}, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(tileUrl.startsWith('http://bff.internal:8080/tiles/')).toBe(true);
  });

  it('take the first X-Forwarded-* values with trustProxy', async () => {
    const { tileUrl } = await urls({ trustProxy: true }, { 'x-forwarded-host': 'maps.example.org, proxy.internal', 'x-forwarded-proto': 'https, http' });
    expect(tileUrl.startsWith('https://maps.example.org/tiles/countries/')).toBe(true);
  });

  it('prefer RFC 7239 Forwarded (first element) with trustProxy', async () => {
    const { tileUrl } = await urls({ trustProxy: true }, { forwarded: 'proto=https;host="maps.example.org:8443", proto=http;host=lb' });
    expect(tileUrl.startsWith('https://maps.example.org:8443/tiles/')).toBe(true);
  });

  it('refuse a forged host that would smuggle a path or userinfo', async () => {
    const { yoga } = graphqlServer({ trustProxy: true });
    const res = await post(yoga, Q, { 'x-forwarded-host': 'evil.example/x?y=' });
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  it("never point at Martin, carry the caller's key or double the query string", async () => {
    const { tileUrl, tiles } = await urls({}, { 'x-api-key': KEYS.all }, '/graphql?key=secret&x=1');
    for (const u of [tileUrl, ...tiles]) {
      expect(u).not.toMatch(/127\.0\.0\.1:3999|secret|pk_|key=/);
      expect(u.split('?')).toHaveLength(2);
    }
  });
});
