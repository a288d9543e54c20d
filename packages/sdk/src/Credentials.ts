import { MapError } from './MapError.js';

/** Asked for a bearer token; `refresh` is true after the server rejected the last one. */
export type TokenProvider = (context: { refresh: boolean }) => string | Promise<string>;

/**
 * Holds a publishable key or a token provider and turns them into request
 * headers. Tokens are cached; after a 401 one refresh is shared by every
 * request that failed with the same token (esri-leaflet's lesson: refresh
 * once, then replay what was waiting).
 */
export class Credentials {
  private token: Promise<string> | undefined;
  private generation = 0;

  constructor(
    private readonly apiKey: string | undefined,
    private readonly getToken: TokenProvider | undefined,
  ) {}

  /** True when a rejected request can be replayed with a fresh token. */
  get canRefresh(): boolean {
    return this.getToken !== undefined;
  }

  /**
   * Headers for a request, and the token generation they were made from.
   * `keyInUrl`: the URL already carries the API key, so no `X-Api-Key` header.
   */
  async headers(keyInUrl = false): Promise<{ headers: Record<string, string>; generation: number }> {
    const generation = this.generation;
    if (this.getToken) {
      this.token ??= this.ask(false);
      return { headers: { Authorization: `Bearer ${await this.token}` }, generation };
    }
    return { headers: this.apiKey && !keyInUrl ? { 'X-Api-Key': this.apiKey } : {}, generation };
  }

  /** Called when a request made with `generation` got a 401: fetches a new token unless another request already did. */
  refresh(generation: number): void {
    if (!this.getToken || generation !== this.generation) return;
    this.generation++;
    this.token = this.ask(true);
  }

  private ask(refresh: boolean): Promise<string> {
    const pending = Promise.resolve()
      .then(() => this.getToken!({ refresh }))
      .then((token) => {
        if (typeof token !== 'string' || token === '') throw new TypeError('getToken returned no token');
        return token;
      })
      .catch((cause: unknown) => {
        // Forget a failed attempt so the next request asks again.
        if (this.token === pending) this.token = undefined;
        throw new MapError('Could not get an access token', { kind: 'transport', code: 'UNAUTHENTICATED', cause });
      });
    return pending;
  }
}
