import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MapError, createMapClient, isAbortError, type MapClientOptions } from '../src/client.js';
import { BFF } from './fixtures.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const TILE = `${BFF}/tiles/helsinki/14/9330/4742?v=3f2a9c`;
const client = (o: Partial<MapClientOptions> = {}) => createMapClient({ bffUrl: BFF, retryBaseDelay: 1, retryMaxDelay: 2, ...o });

/** Answers a tile route with a scripted list of statuses, counting requests. */
function script(statuses: Array<number | 'network'>) {
  const state = { calls: 0 };
  server.use(http.get(`${BFF}/tiles/helsinki/:z/:x/:y`, () => {
    const s = statuses[Math.min(state.calls++, statuses.length - 1)]!;
    if (s === 'network') return HttpResponse.error();
    if (s === 200) return new HttpResponse(new Uint8Array([0x1a, 0x00]), { headers: { 'Content-Type': 'application/x-protobuf' } });
    return new HttpResponse(null, { status: s });
  }));
  return state;
}

describe('MapClient#fetchTile', () => {
  it('returns the bytes and content type of a 200', async () => {
    script([200]);
    const tile = await client().fetchTile(TILE);
    expect(tile.empty).toBe(false);
    if (!tile.empty) {
      expect([...new Uint8Array(tile.data)]).toEqual([0x1a, 0x00]);
      expect(tile.contentType).toBe('application/x-protobuf');
    }
  });

  it('C01 (SDK part): a 204 resolves as an empty tile, not an error', async () => {
    const state = script([204]);
    await expect(client().fetchTile(TILE)).resolves.toEqual({ empty: true });
    expect(state.calls).toBe(1);
  });

  it('sends the key as a header and leaves the URL alone', async () => {
    let seen: { key: string | null; search: string } | undefined;
    server.use(http.get(`${BFF}/tiles/helsinki/:z/:x/:y`, ({ request }) => {
      seen = { key: request.headers.get('x-api-key'), search: new URL(request.url).search };
      return new HttpResponse(null, { status: 204 });
    }));
    await client({ apiKey: 'pk_live' }).fetchTile(TILE);
    expect(seen).toEqual({ key: 'pk_live', search: '?v=3f2a9c' });
  });

  it('C01 in keyInUrl mode: sends the key as key= and no header, and a 204 is still an empty tile', async () => {
    let seen: { key: string | null; search: string } | undefined;
    server.use(http.get(`${BFF}/tiles/helsinki/:z/:x/:y`, ({ request }) => {
      seen = { key: request.headers.get('x-api-key'), search: new URL(request.url).search };
      return new HttpResponse(null, { status: 204 });
    }));
    await expect(client({ apiKey: 'pk_live', keyInUrl: true }).fetchTile(TILE)).resolves.toEqual({ empty: true });
    expect(seen).toEqual({ key: null, search: '?v=3f2a9c&key=pk_live' });
  });

  it('retries 5xx answers with backoff and succeeds', async () => {
    const state = script([503, 502, 200]);
    expect((await client().fetchTile(TILE)).empty).toBe(false);
    expect(state.calls).toBe(3);
  });

  it('retries network errors', async () => {
    const state = script(['network', 200]);
    expect((await client().fetchTile(TILE)).empty).toBe(false);
    expect(state.calls).toBe(2);
  });

  it('gives up after `retries` retries with the last MapError', async () => {
    const state = script([503]);
    await expect(client({ retries: 2 }).fetchTile(TILE)).rejects.toMatchObject({ name: 'MapError', status: 503, isRetryable: true });
    expect(state.calls).toBe(3);
  });

  it('does not retry a 4xx', async () => {
    const state = script([404]);
    const error = await client().fetchTile(TILE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MapError);
    expect(error).toMatchObject({ status: 404, isRetryable: false });
    expect(state.calls).toBe(1);
  });

  it('reports a 401 with an API key as an auth error without retrying', async () => {
    const state = script([401]);
    await expect(client({ apiKey: 'revoked' }).fetchTile(TILE)).rejects.toMatchObject({ status: 401, isAuthError: true });
    expect(state.calls).toBe(1);
  });

  it('an abort during the backoff wait rejects with an AbortError and stops retrying', async () => {
    const state = script([503]);
    const controller = new AbortController();
    const pending = client({ retryBaseDelay: 10_000, retryMaxDelay: 10_000 }).fetchTile(TILE, controller.signal);
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(state.calls).toBe(1);
  });

  it('runs at most maxConcurrentTiles requests at once', async () => {
    let active = 0;
    let peak = 0;
    server.use(http.get(`${BFF}/tiles/helsinki/:z/:x/:y`, async () => {
      peak = Math.max(peak, ++active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
      return new HttpResponse(null, { status: 204 });
    }));
    const c = client({ maxConcurrentTiles: 2 });
    await Promise.all(Array.from({ length: 7 }, (_, i) => c.fetchTile(`${BFF}/tiles/helsinki/3/${i}/0`)));
    expect(peak).toBe(2);
  });

  it('a queued tile whose signal aborts never reaches the network', async () => {
    const urls: string[] = [];
    server.use(http.get(`${BFF}/tiles/helsinki/:z/:x/:y`, async ({ request }) => {
      urls.push(new URL(request.url).pathname);
      await new Promise((r) => setTimeout(r, 20));
      return new HttpResponse(null, { status: 204 });
    }));
    const c = client({ maxConcurrentTiles: 1 });
    const controller = new AbortController();
    const first = c.fetchTile(`${BFF}/tiles/helsinki/1/0/0`);
    const second = c.fetchTile(`${BFF}/tiles/helsinki/1/1/0`, controller.signal).catch((e: unknown) => e);
    controller.abort();
    await first;
    expect(isAbortError(await second)).toBe(true);
    expect(urls).toEqual(['/tiles/helsinki/1/0/0']);
  });
});
