import { abortError, sleep } from './abort.js';
import { backoffDelay } from './backoff.js';
import { Credentials, type TokenProvider } from './Credentials.js';
import { MapError, isAbortError } from './MapError.js';
import type { HealthQuery, TilesetQuery, TilesetQueryVariables, TilesetsQuery } from './generated/operations.js';
import { HEALTH_QUERY, TILESETS_QUERY, TILESET_QUERY } from './queries.js';
import { RequestQueue } from './RequestQueue.js';
import type { TileSource } from './TileSource.js';
import type { Health, TileResponse, Tileset } from './types.js';

/** Options of {@link MapClient}. */
export interface MapClientOptions {
  /** Base URL of the BFF, e.g. `https://maps.example.org`. Required. */
  bffUrl: string;
  /** Publishable API key, sent as the `X-Api-Key` header. Default: none. */
  apiKey?: string;
  /** Bearer token provider, asked again with `refresh: true` after a 401. Takes precedence over `apiKey`. Default: none. */
  getToken?: TokenProvider;
  /**
   * Put `apiKey` in tile URLs (`&key=`) instead of the `X-Api-Key` header, so a
   * tile request is a CORS simple request (no preflight) and its URL can be
   * cached per key. The key then shows in network logs; only when the site opts
   * in. Tiles are still fetched (never plain `<img>` URLs), so a 204 stays an
   * empty tile (C01). Needs `apiKey`. Default: `false`.
   */
  keyInUrl?: boolean;
  /** Tile requests running at once; the rest wait in a queue. Default: `6`. */
  maxConcurrentTiles?: number;
  /** Retries of a tile after a network error or a 5xx answer (never after a 4xx). Default: `3`. */
  retries?: number;
  /** Cap of the first retry's random delay in ms; doubles with each retry. Default: `250`. */
  retryBaseDelay?: number;
  /** Upper bound of any retry delay in ms. Default: `4000`. */
  retryMaxDelay?: number;
  /** The `fetch` to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** Per-call options. */
export interface RequestOptions {
  /** Aborting it cancels the call: the promise rejects with an `AbortError`, not a {@link MapError}. */
  signal?: AbortSignal;
}

const DEFAULTS = { keyInUrl: false, maxConcurrentTiles: 6, retries: 3, retryBaseDelay: 250, retryMaxDelay: 4000 };

type GraphQLBody<T> = { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

/**
 * Metadata and tile client for the BFF, free of Leaflet. It owns the
 * credentials, the tile queue and the retry policy; layers only see it as a
 * {@link TileSource}, so they never handle keys or headers.
 */
export class MapClient implements TileSource {
  /** The options in effect: the given ones over the defaults, `bffUrl` without a trailing slash. */
  readonly options: Readonly<Required<Omit<MapClientOptions, 'apiKey' | 'getToken' | 'fetch'>>> & MapClientOptions;
  private readonly credentials: Credentials;
  private readonly queue: RequestQueue;

  constructor(options: MapClientOptions) {
    const o = { ...DEFAULTS, ...options };
    if (typeof o.bffUrl !== 'string' || !/^https?:\/\//.test(o.bffUrl)) {
      throw new TypeError(`MapClient: option bffUrl must be an http(s) URL, got ${JSON.stringify(o.bffUrl)}`);
    }
    for (const name of ['maxConcurrentTiles', 'retries', 'retryBaseDelay', 'retryMaxDelay'] as const) {
      const min = name === 'maxConcurrentTiles' ? 1 : 0;
      if (!Number.isInteger(o[name]) || o[name] < min) throw new TypeError(`MapClient: option ${name} must be an integer ≥ ${min}, got ${String(o[name])}`);
    }
    if (o.getToken !== undefined && typeof o.getToken !== 'function') throw new TypeError('MapClient: option getToken must be a function');
    if (o.keyInUrl && !o.apiKey) throw new TypeError('MapClient: option keyInUrl needs option apiKey');
    this.options = { ...o, bffUrl: o.bffUrl.replace(/\/+$/, '') };
    this.credentials = new Credentials(o.apiKey, o.getToken);
    this.queue = new RequestQueue(o.maxConcurrentTiles);
  }

  /** Every tileset in the catalog. */
  async tilesets(options: RequestOptions = {}): Promise<Tileset[]> {
    return (await this.query<TilesetsQuery>(TILESETS_QUERY, {}, options)).tilesets;
  }

  /** One tileset with its TileJSON, or `null` when the id is unknown. */
  async tileset(id: string, options: RequestOptions = {}): Promise<Tileset | null> {
    return (await this.query<TilesetQuery>(TILESET_QUERY, { id } satisfies TilesetQueryVariables, options)).tileset;
  }

  /** The BFF's health report. */
  async health(options: RequestOptions = {}): Promise<Health> {
    return (await this.query<HealthQuery>(HEALTH_QUERY, {}, options)).health;
  }

  /**
   * Sends a GraphQL operation and returns `data`; GraphQL errors reject as
   * `MapError` of kind `graphql`. Queries go as GET: that keeps them public
   * at the mesh edge, where a POST needs an operator JWT, and lets a CDN
   * cache them if the BFF's `Cache-Control` allows it. Mutations go as POST.
   */
  async query<T>(query: string, variables: Record<string, unknown> = {}, { signal }: RequestOptions = {}): Promise<T> {
    const accept = { Accept: 'application/graphql-response+json, application/json' };
    const isMutation = /^\s*(mutation|subscription)\b/.test(query.replace(/#[^\n]*/g, ''));
    const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
    const url = isMutation ? `${this.options.bffUrl}/graphql` : `${this.options.bffUrl}/graphql?${params}`;
    const init: RequestInit = isMutation
      ? { method: 'POST', headers: { ...accept, 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }) }
      : { method: 'GET', headers: accept };
    for (let replayed = false; ; replayed = true) {
      const { response, generation } = await this.send(url, init, signal);
      let body: GraphQLBody<T> | undefined;
      try {
        body = (await response.json()) as GraphQLBody<T>;
      } catch (cause) {
        if (signal?.aborted) throw abortError(signal);
        if (response.ok) throw new MapError('The GraphQL response was not JSON', { kind: 'transport', status: response.status, url, cause });
      }
      const errors = body?.errors ?? [];
      const code = errors[0]?.extensions?.code;
      const unauthorized = response.status === 401 || code === 'UNAUTHENTICATED';
      if (unauthorized && !replayed && this.credentials.canRefresh) {
        this.credentials.refresh(generation);
        continue;
      }
      if (errors.length > 0) {
        throw new MapError(errors[0]!.message, { kind: 'graphql', status: response.status, code: typeof code === 'string' ? code : 'GRAPHQL', errors, url });
      }
      if (!response.ok || body?.data == null) throw new MapError(`GraphQL request failed with HTTP ${response.status}`, { kind: 'transport', status: response.status, url });
      return body.data;
    }
  }

  /**
   * Fetches one tile's bytes through the queue. A 204 (or an empty 200)
   * resolves `{ empty: true }` (C01). Network errors and 5xx are retried with
   * backoff and jitter, 4xx are not; a 401 is replayed once after a token refresh.
   * In `keyInUrl` mode the key goes in the URL ({@link MapClient.imageUrl}), not a header.
   */
  async fetchTile(url: string, signal?: AbortSignal): Promise<TileResponse> {
    const tileUrl = this.imageUrl(url) ?? url;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.queue.run(() => this.fetchTileOnce(tileUrl, signal), signal);
      } catch (error) {
        if (isAbortError(error) || !(error instanceof MapError) || !error.isRetryable || attempt >= this.options.retries) throw error;
      }
      await sleep(backoffDelay(attempt, { baseDelay: this.options.retryBaseDelay, maxDelay: this.options.retryMaxDelay }), signal);
    }
  }

  /** In `keyInUrl` mode, the tile URL with `key=` added, as {@link MapClient.fetchTile} requests it; otherwise `undefined`. */
  imageUrl(url: string): string | undefined {
    if (!this.options.keyInUrl || !this.options.apiKey) return undefined;
    return `${url}${url.includes('?') ? '&' : '?'}key=${encodeURIComponent(this.options.apiKey)}`;
  }

  private async fetchTileOnce(url: string, signal?: AbortSignal): Promise<TileResponse> {
    const init = { method: 'GET', keyInUrl: this.options.keyInUrl };
    let { response, generation } = await this.send(url, init, signal);
    if (response.status === 401 && this.credentials.canRefresh) {
      this.credentials.refresh(generation);
      ({ response } = await this.send(url, init, signal));
    }
    if (response.status === 204) return { empty: true };
    if (!response.ok) throw new MapError(`Tile request failed with HTTP ${response.status}`, { kind: 'transport', status: response.status, url });
    const data = await response.arrayBuffer().catch((cause: unknown) => {
      if (signal?.aborted) throw abortError(signal);
      throw new MapError('Tile body could not be read', { kind: 'transport', url, cause });
    });
    if (data.byteLength === 0) return { empty: true };
    return { empty: false, data, contentType: response.headers.get('Content-Type') ?? 'application/octet-stream' };
  }

  /** One authorised request; network failures become `MapError`s, aborts stay `AbortError`s. */
  private async send(url: string, { keyInUrl = false, ...init }: RequestInit & { keyInUrl?: boolean }, signal?: AbortSignal): Promise<{ response: Response; generation: number }> {
    if (signal?.aborted) throw abortError(signal);
    const { headers, generation } = await this.credentials.headers(keyInUrl);
    const doFetch = this.options.fetch ?? globalThis.fetch;
    try {
      const response = await doFetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers }, ...(signal ? { signal } : {}) });
      return { response, generation };
    } catch (cause) {
      if (signal?.aborted || isAbortError(cause)) throw abortError(signal);
      throw new MapError(`Network error for ${url}`, { kind: 'transport', url, cause });
    }
  }
}

/** Creates a {@link MapClient}. */
export function createMapClient(options: MapClientOptions): MapClient {
  return new MapClient(options);
}
