// Contracts between the BFF's parts and the Martin upstreams. The tile route,
// the GraphQL resolvers and the health checks all talk to Martin only through
// `MartinClient`, so failover, deadlines and circuit breaking live in one place.

/** One entry of Martin's `/catalog` → `tiles` map. */
export interface MartinCatalogEntry {
  content_type: string;
  content_encoding?: string;
  name?: string;
  description?: string;
  attribution?: string;
}

/** Martin's `/catalog` response (only the parts the BFF reads). */
export interface MartinCatalog {
  tiles: Record<string, MartinCatalogEntry>;
}

/** TileJSON 3.0.0 as Martin serves it for `/{id}` or `/{a,b}`. */
export interface TileJson {
  tilejson: string;
  tiles: string[];
  name?: string;
  description?: string;
  attribution?: string;
  version?: string;
  scheme?: 'xyz' | 'tms';
  minzoom?: number;
  maxzoom?: number;
  bounds?: [number, number, number, number];
  center?: [number, number, number] | [number, number];
  tile_size?: number; // not in the spec; some sources carry it
  format?: string;
  vector_layers?: Array<{
    id: string;
    description?: string;
    minzoom?: number;
    maxzoom?: number;
    fields?: Record<string, string>;
  }>;
  [extra: string]: unknown;
}

export type UpstreamName = 'primary' | 'backup';

/** State of one Martin instance as seen by the BFF. */
export interface UpstreamHealth {
  name: UpstreamName;
  url: string;
  /** `closed` = healthy, `open` = circuit open (not tried), `half-open` = probing. */
  state: 'closed' | 'open' | 'half-open';
  /** Latency of the last successful call or `/health` probe, in milliseconds. */
  latencyMs: number | null;
  lastError: string | null;
}

/** A tile as fetched from Martin. Bytes are exactly as Martin sent them. */
export interface UpstreamTile {
  status: 200 | 204 | 404;
  body: Uint8Array;
  contentType: string | null;
  /** `gzip`, `br` or null (identity). Detected from the bytes when Martin omits it (case C02). */
  contentEncoding: 'gzip' | 'br' | null;
  upstream: UpstreamName;
}

export interface MartinClient {
  /** `/catalog`, with failover. */
  catalog(signal?: AbortSignal): Promise<MartinCatalog>;
  /** TileJSON of one source, or of a composite of several (`/{a,b}`), with failover. */
  tileJson(ids: readonly string[], signal?: AbortSignal): Promise<TileJson>;
  /** One tile, with failover, within the configured deadline. */
  tile(ids: readonly string[], z: number, x: number, y: number, opts: { acceptEncoding: string; signal?: AbortSignal }): Promise<UpstreamTile>;
  /** Health of each upstream, for `/readyz`, GraphQL `health` and metrics. */
  health(): UpstreamHealth[];
}
