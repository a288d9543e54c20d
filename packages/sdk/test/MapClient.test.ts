import { graphql, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MapClient, MapError, createMapClient, isAbortError } from '../src/client.js';
import { BFF, countries, tilesetFixture, toner } from './fixtures.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const bff = graphql.link(`${BFF}/graphql`);
const client = (options: Partial<ConstructorParameters<typeof MapClient>[0]> = {}): MapClient =>
  createMapClient({ bffUrl: BFF, retryBaseDelay: 1, retryMaxDelay: 2, ...options });

describe('MapClient', () => {
  describe('constructor', () => {
    it('throws a TypeError naming bffUrl when it is not an http(s) URL', () => {
      expect(() => new MapClient({ bffUrl: 'localhost:8080' })).toThrow(/bffUrl/);
      expect(() => new MapClient({ bffUrl: 'localhost:8080' })).toThrow(TypeError);
    });
    it('throws a TypeError naming a bad numeric option', () => {
      expect(() => client({ maxConcurrentTiles: 0 })).toThrow(/maxConcurrentTiles/);
      expect(() => client({ retries: -1 })).toThrow(/retries/);
    });
    it('refuses keyInUrl without an apiKey', () => {
      expect(() => client({ keyInUrl: true })).toThrow(/keyInUrl/);
    });
  });

  describe('#tilesets', () => {
    it('returns the catalog typed as tilesets', async () => {
      server.use(bff.query('Tilesets', () => HttpResponse.json({ data: { tilesets: [tilesetFixture(), toner(), countries()] } })));
      const list = await client().tilesets();
      expect(list.map((t) => [t.id, t.format, t.maxzoom])).toEqual([['helsinki', 'MVT', 14], ['toner', 'PNG', 3], ['countries', 'MVT', 6]]);
    });
    it('sends the API key in the X-Api-Key header, never in the URL', async () => {
      let seen: { key: string | null; url: string } | undefined;
      server.use(bff.query('Tilesets', ({ request }) => {
        seen = { key: request.headers.get('x-api-key'), url: request.url };
        return HttpResponse.json({ data: { tilesets: [] } });
      }));
      await client({ apiKey: 'pk_test' }).tilesets();
      expect(seen?.key).toBe('pk_test');
      expect(seen?.url).not.toContain('pk_test');
    });

    it('sends queries as GET (cacheable, public at the mesh edge) and mutations as POST', async () => {
      const methods: string[] = [];
      server.use(
        bff.query('Tilesets', ({ request }) => {
          methods.push(`query ${request.method}`);
          return HttpResponse.json({ data: { tilesets: [] } });
        }),
        bff.mutation('Purge', ({ request }) => {
          methods.push(`mutation ${request.method}`);
          return HttpResponse.json({ data: { purgeTileset: { id: 'x' } } });
        }),
      );
      await client().tilesets();
      await client().query('# operator action\nmutation Purge { purgeTileset(id: "x") { id } }');
      expect(methods).toEqual(['query GET', 'mutation POST']);
    });
  });

  describe('#tileset', () => {
    it('passes the id as a variable and returns null for an unknown id', async () => {
      server.use(bff.query('Tileset', ({ variables }) => HttpResponse.json({ data: { tileset: variables.id === 'toner' ? toner() : null } })));
      expect((await client().tileset('toner'))?.format).toBe('PNG');
      expect(await client().tileset('nope')).toBeNull();
    });
  });

  describe('#health', () => {
    it('returns status and upstreams', async () => {
      const health = { status: 'ok', version: '1.0.0', upstreams: [{ name: 'martin-primary', state: 'up', latencyMs: 3.5 }] };
      server.use(bff.query('Health', () => HttpResponse.json({ data: { health } })));
      expect(await client().health()).toEqual(health);
    });
  });

  describe('errors', () => {
    it('rejects GraphQL errors as MapError kind graphql with extensions.code', async () => {
      server.use(bff.query('Tileset', () => HttpResponse.json({ errors: [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } }], data: null })));
      const error = await client().tileset('secret').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MapError);
      expect(error).toMatchObject({ kind: 'graphql', code: 'FORBIDDEN', message: 'Not allowed', isAuthError: true });
    });
    it('rejects a non-JSON 502 as MapError kind transport with the status', async () => {
      server.use(http.get(`${BFF}/graphql`, () => new HttpResponse('bad gateway', { status: 502 })));
      await expect(client().health()).rejects.toMatchObject({ name: 'MapError', kind: 'transport', status: 502, code: 'HTTP_502' });
    });
    it('rejects a network failure as MapError kind transport without a status', async () => {
      server.use(http.get(`${BFF}/graphql`, () => HttpResponse.error()));
      await expect(client().health()).rejects.toMatchObject({ kind: 'transport', status: undefined, code: 'NETWORK' });
    });
  });

  describe('aborts', () => {
    it('an aborted query rejects with an AbortError, not a MapError', async () => {
      server.use(bff.query('Tilesets', async () => {
        await new Promise((r) => setTimeout(r, 200));
        return HttpResponse.json({ data: { tilesets: [] } });
      }));
      const controller = new AbortController();
      const pending = client().tilesets({ signal: controller.signal });
      setTimeout(() => controller.abort(), 5);
      const error = await pending.catch((e: unknown) => e);
      expect(isAbortError(error)).toBe(true);
      expect(error).not.toBeInstanceOf(MapError);
    });
    it('an already aborted signal rejects without a request', async () => {
      const controller = new AbortController();
      controller.abort(new Error('custom reason'));
      const error = await client().health({ signal: controller.signal }).catch((e: unknown) => e);
      expect(isAbortError(error)).toBe(true); // onUnhandledRequest: 'error' proves no request went out
    });
  });

  describe('auth', () => {
    it('sends a bearer token, refreshes it once after a 401 and replays the query', async () => {
      const getToken = vi.fn(({ refresh }: { refresh: boolean }) => (refresh ? 'fresh' : 'stale'));
      const seen: Array<string | null> = [];
      server.use(bff.query('Health', ({ request }) => {
        seen.push(request.headers.get('authorization'));
        if (request.headers.get('authorization') !== 'Bearer fresh') {
          return HttpResponse.json({ errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 401 });
        }
        return HttpResponse.json({ data: { health: { status: 'ok', version: '1', upstreams: [] } } });
      }));
      expect((await client({ getToken }).health()).status).toBe('ok');
      expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
      expect(getToken.mock.calls.map(([c]) => c.refresh)).toEqual([false, true]);
    });
    it('gives up after one replay and reports an auth error', async () => {
      const getToken = vi.fn(() => 'always-bad');
      let calls = 0;
      server.use(bff.query('Health', () => {
        calls++;
        return HttpResponse.json({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 401 });
      }));
      await expect(client({ getToken }).health()).rejects.toMatchObject({ kind: 'graphql', code: 'UNAUTHENTICATED', isAuthError: true });
      expect(calls).toBe(2);
    });
    it('concurrent 401 tiles share one token refresh and each replays once', async () => {
      const getToken = vi.fn(({ refresh }: { refresh: boolean }) => (refresh ? 'fresh' : 'stale'));
      server.use(http.get(`${BFF}/tiles/toner/:z/:x/:y`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer fresh' ? new HttpResponse(new Uint8Array([1, 2]), { headers: { 'Content-Type': 'image/png' } }) : new HttpResponse(null, { status: 401 })));
      const c = client({ getToken });
      const results = await Promise.all([0, 1, 2].map((x) => c.fetchTile(`${BFF}/tiles/toner/2/${x}/0`)));
      expect(results.every((r) => !r.empty)).toBe(true);
      expect(getToken.mock.calls.filter(([ctx]) => ctx.refresh)).toHaveLength(1);
    });
  });

  describe('#imageUrl', () => {
    it('adds key= only in keyInUrl mode', () => {
      expect(client({ apiKey: 'pk 1', keyInUrl: true }).imageUrl(`${BFF}/tiles/toner/0/0/0?v=1`)).toBe(`${BFF}/tiles/toner/0/0/0?v=1&key=pk%201`);
      expect(client({ apiKey: 'pk' }).imageUrl(`${BFF}/tiles/toner/0/0/0`)).toBeUndefined();
    });
  });
});
