import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Cors } from '../http/create-cors.js';
import { sendError, type ErrorBody } from '../http/send-json.js';
import type { MetadataStore, SourceMeta } from '../metadata/types.js';
import { UpstreamNotFoundError, UpstreamTimeoutError, UpstreamUnavailableError } from '../upstream/create-martin-client.js';
import { UpstreamProtocolError } from '../upstream/detect-encoding.js';
import { BodyTooLargeError } from '../upstream/http-get.js';
import { etagMatches, tileCacheControl, type CacheControlOptions } from './cache-control.js';
import type { TileAuth } from './create-tile-auth.js';
import { tileEtag, type TileResult, type TileService } from './create-tile-service.js';
import { TILE_SUFFIXES, TilePathError, parseTilePath, type TileAddress } from './parse-tile-path.js';

export interface TileHandlerOptions {
  tiles: TileService;
  metadata: MetadataStore;
  cors: Cors;
  cacheControl: CacheControlOptions;
  log: Logger;
  /** Tracing is on: the request's span gets the tile's source, z/x/y and cache origin. */
  tracing?: boolean;
  /** API key checks (`createTileAuth`); absent → every caller may read every tileset. */
  auth?: TileAuth;
}

const METHODS = 'GET, HEAD, OPTIONS';

/** Maps a failure to a status; upstream failures are 5xx with `no-store` (never cached anywhere). */
function classify(err: unknown): [number, ErrorBody] {
  if (err instanceof UpstreamTimeoutError) return [504, { code: 'UPSTREAM_TIMEOUT', message: err.message }];
  if (err instanceof UpstreamUnavailableError) return [503, { code: 'UPSTREAM_UNAVAILABLE', message: err.message }];
  if (err instanceof UpstreamNotFoundError) return [404, { code: 'TILE_NOT_FOUND', message: err.message }];
  if (err instanceof BodyTooLargeError) return [502, { code: 'UPSTREAM_BODY_TOO_LARGE', message: err.message }];
  if (err instanceof UpstreamProtocolError) return [502, { code: 'UPSTREAM_BAD_RESPONSE', message: err.message }];
  return [502, { code: 'UPSTREAM_FAILED', message: 'the tile server failed' }];
}

/**
 * `GET|HEAD /tiles/{source}/{z}/{x}/{y}[.ext][?v=version]` on raw node:http:
 * the hot path, kept away from GraphQL. Validation happens before any I/O
 * (C06, C07); every response, errors included, carries
 * `Vary: Accept-Encoding` because the body depends on it (C04).
 *
 * A warm tile is answered synchronously: metadata fresh in memory
 * (`metadata.peek`) and the variant in L1 (`tiles.peek`) need no await, no
 * abort signal and no promise. Anything else takes the async path, which
 * gives the same answers.
 */
export function createTileHandler(opts: TileHandlerOptions) {
  const { tiles, metadata, cors } = opts;
  // With API keys, the answer also depends on the credentials and on Origin (keys allow origins).
  const vary = opts.auth ? 'Accept-Encoding, Origin, X-Api-Key, Authorization' : cors.variesByOrigin ? 'Accept-Encoding, Origin' : 'Accept-Encoding';
  const cacheControl = { versioned: tileCacheControl(opts.cacheControl, true), plain: tileCacheControl(opts.cacheControl, false) };
  // Tracing gives the request span the cache origin and times the lookup: the async path does both.
  const fast = !opts.tracing && typeof metadata.peek === 'function' && typeof tiles.peek === 'function';

  /** A tile response (200, 204 or 304) with the headers every tile answer carries. */
  function respond(req: IncomingMessage, res: ServerResponse, base: Record<string, string>, head: boolean, versioned: boolean, tile: TileResult): void {
    const headers: Record<string, string> = {
      ...base,
      'cache-control': versioned ? cacheControl.versioned : cacheControl.plain,
      'x-cache': tile.origin,
    };
    if (tile.status === 204) {
      // RFC 9110 §15.3.5: no body, and so no Content-Encoding or Content-Type (C01).
      res.writeHead(204, headers);
      return void res.end();
    }
    const etag = tile.etag ?? tileEtag(tile);
    headers.etag = etag;
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag)) {
      res.writeHead(304, headers);
      return void res.end();
    }
    if (tile.contentType) headers['content-type'] = tile.contentType;
    if (tile.encoding !== 'identity') headers['content-encoding'] = tile.encoding;
    headers['content-length'] = String(tile.body.byteLength);
    res.writeHead(200, headers);
    res.end(head ? undefined : tile.body);
  }

  /** The rest of a request the fast path could not answer: metadata and tile may need I/O. */
  async function slowPath(
    req: IncomingMessage, res: ServerResponse, query: URLSearchParams, logOf: () => Logger, address: TileAddress,
    base: Record<string, string>, head: boolean, fail: (status: number, body: ErrorBody) => void, span: Span | undefined,
    peeked: SourceMeta | undefined,
  ): Promise<void> {
    const { source, z, x, y, suffix } = address;
    // A client that goes away stops waiting; shared work carries on for the others.
    // 'close' also follows every completed response: only a close before the end is a client gone.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) gone.abort();
    });

    // Metadata the fast path already found fresh (and checked) is not looked up again.
    let meta: SourceMeta | null | undefined = peeked;
    if (!meta) {
      try {
        meta = await metadata.source(source, gone.signal);
      } catch (err) {
        if (gone.signal.aborted) return;
        logOf().warn({ err: String(err), source }, 'tile: metadata unavailable');
        return fail(503, { code: 'METADATA_UNAVAILABLE', message: 'tileset metadata is unavailable' });
      }
      if (!meta) return fail(404, { code: 'UNKNOWN_SOURCE', message: `no tileset "${source}"`, part: 'source' });
      if (checkMeta(meta, address, fail)) return;
    }

    let tile;
    try {
      tile = await tiles.get({ source, version: meta.version, z, x, y, contentType: meta.contentType }, req.headers['accept-encoding'], gone.signal);
    } catch (err) {
      if (gone.signal.aborted) return;
      const [status, body] = classify(err);
      logOf().warn({ err: String(err), source, z, x, y, status }, 'tile: upstream failed');
      return fail(status, body);
    }
    span?.setAttribute('bff.tile.cache', tile.origin);
    respond(req, res, base, head, query.get('v') === meta.version, tile);
  }

  const handlerLog = () => opts.log;

  /**
   * `logOf` gives the request's logger (it carries the request id), made on
   * first use; default the handler's. Returns a promise only when the answer needed I/O.
   */
  return function handleTile(req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams, logOf: () => Logger = handlerLog): void | Promise<void> {
    const base = { vary, ...cors.headers(req) };
    const head = req.method === 'HEAD';
    const fail = (status: number, body: ErrorBody, extra?: Record<string, string>) => sendError(res, status, body, extra ? { ...base, ...extra } : base, head);

    if (req.method === 'OPTIONS') {
      // The allowed headers are a fixed list, so only an echoed origin makes the answer vary.
      res.writeHead(204, { ...(cors.variesByOrigin ? { vary: 'Origin' } : {}), ...cors.preflight(req, METHODS) });
      return void res.end();
    }
    if (req.method !== 'GET' && !head) return fail(405, { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed` }, { allow: METHODS });

    let address: TileAddress;
    try {
      address = parseTilePath(rest);
    } catch (err) {
      if (err instanceof TilePathError) return fail(400, { code: err.code, message: err.message, part: err.part });
      throw err;
    }
    const { source, z, x, y } = address;
    const refused = opts.auth?.(req, query, source);
    if (refused) return fail(refused.status, refused.body);
    const span = opts.tracing ? trace.getActiveSpan() : undefined;
    span?.setAttributes({ 'bff.tile.source': source, 'bff.tile.z': z, 'bff.tile.x': x, 'bff.tile.y': y });

    let meta: SourceMeta | undefined;
    if (fast) {
      meta = metadata.peek!(source);
      if (meta) {
        if (checkMeta(meta, address, fail)) return;
        const tile = tiles.peek({ source, version: meta.version, z, x, y, contentType: meta.contentType }, req.headers['accept-encoding']);
        if (tile) return respond(req, res, base, head, query.get('v') === meta.version, tile);
      }
    }
    return slowPath(req, res, query, logOf, address, base, head, fail, span, meta);
  };
}

/** Suffix and zoom checks against the tileset; true when it answered an error. */
function checkMeta(meta: SourceMeta, { z, suffix }: TileAddress, fail: (status: number, body: ErrorBody) => void): boolean {
  if (suffix && TILE_SUFFIXES[suffix] !== meta.format) {
    fail(400, { code: 'BAD_TILE_PATH', message: `suffix .${suffix} does not match the tileset's format (${meta.format})`, part: 'y' });
    return true;
  }
  if (z < meta.minzoom || z > meta.maxzoom) {
    fail(404, { code: 'ZOOM_OUT_OF_RANGE', message: `z=${z} is outside ${meta.minzoom}–${meta.maxzoom}`, part: 'z' });
    return true;
  }
  return false;
}
