import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Cors } from '../http/create-cors.js';
import { sendError, type ErrorBody } from '../http/send-json.js';
import type { MetadataStore } from '../metadata/types.js';
import { UpstreamNotFoundError, UpstreamTimeoutError, UpstreamUnavailableError } from '../upstream/create-martin-client.js';
import { UpstreamProtocolError } from '../upstream/detect-encoding.js';
import { BodyTooLargeError } from '../upstream/http-get.js';
import { etagMatches, tileCacheControl, type CacheControlOptions } from './cache-control.js';
import type { TileAuth } from './create-tile-auth.js';
import type { TileService } from './create-tile-service.js';
import { TILE_SUFFIXES, TilePathError, parseTilePath } from './parse-tile-path.js';

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
 */
export function createTileHandler(opts: TileHandlerOptions) {
  const { tiles, metadata, cors } = opts;
  // With API keys, the answer also depends on the credentials and on Origin (keys allow origins).
  const vary = opts.auth ? 'Accept-Encoding, Origin, X-Api-Key, Authorization' : cors.variesByOrigin ? 'Accept-Encoding, Origin' : 'Accept-Encoding';

  /** `log` is the request's logger (it carries the request id); default the handler's. */
  return async function handleTile(req: IncomingMessage, res: ServerResponse, rest: string, query: URLSearchParams, log: Logger = opts.log): Promise<void> {
    const base = { vary, ...cors.headers(req) };
    const head = req.method === 'HEAD';
    const fail = (status: number, body: ErrorBody, extra: Record<string, string> = {}) => sendError(res, status, body, { ...base, ...extra }, head);

    if (req.method === 'OPTIONS') {
      // The allowed headers are a fixed list, so only an echoed origin makes the answer vary.
      res.writeHead(204, { ...(cors.variesByOrigin ? { vary: 'Origin' } : {}), ...cors.preflight(req, METHODS) });
      return void res.end();
    }
    if (req.method !== 'GET' && !head) return fail(405, { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed` }, { allow: METHODS });

    let address;
    try {
      address = parseTilePath(rest);
    } catch (err) {
      if (err instanceof TilePathError) return fail(400, { code: err.code, message: err.message, part: err.part });
      throw err;
    }
    const { source, z, x, y, suffix } = address;
    const refused = opts.auth?.(req, query, source);
    if (refused) return fail(refused.status, refused.body);
    const span = opts.tracing ? trace.getActiveSpan() : undefined;
    span?.setAttributes({ 'bff.tile.source': source, 'bff.tile.z': z, 'bff.tile.x': x, 'bff.tile.y': y });

    // A client that goes away stops waiting; shared work carries on for the others.
    const gone = new AbortController();
    res.once('close', () => gone.abort());

    let meta;
    try {
      meta = await metadata.source(source, gone.signal);
    } catch (err) {
      if (gone.signal.aborted) return;
      log.warn({ err: String(err), source }, 'tile: metadata unavailable');
      return fail(503, { code: 'METADATA_UNAVAILABLE', message: 'tileset metadata is unavailable' });
    }
    if (!meta) return fail(404, { code: 'UNKNOWN_SOURCE', message: `no tileset "${source}"`, part: 'source' });
    if (suffix && TILE_SUFFIXES[suffix] !== meta.format) {
      return fail(400, { code: 'BAD_TILE_PATH', message: `suffix .${suffix} does not match the tileset's format (${meta.format})`, part: 'y' });
    }
    if (z < meta.minzoom || z > meta.maxzoom) {
      return fail(404, { code: 'ZOOM_OUT_OF_RANGE', message: `z=${z} is outside ${meta.minzoom}–${meta.maxzoom}`, part: 'z' });
    }

    let tile;
    try {
      tile = await tiles.get({ source, version: meta.version, z, x, y, contentType: meta.contentType }, req.headers['accept-encoding'], gone.signal);
    } catch (err) {
      if (gone.signal.aborted) return;
      const [status, body] = classify(err);
      log.warn({ err: String(err), source, z, x, y, status }, 'tile: upstream failed');
      return fail(status, body);
    }

    span?.setAttribute('bff.tile.cache', tile.origin);
    const headers: Record<string, string> = {
      ...base,
      'cache-control': tileCacheControl(opts.cacheControl, query.get('v') === meta.version),
      'x-cache': tile.origin,
    };
    if (tile.status === 204) {
      // RFC 9110 §15.3.5: no body, and so no Content-Encoding or Content-Type (C01).
      res.writeHead(204, headers);
      return void res.end();
    }
    // One ETag per representation: the encoding is part of it, unlike Martin's.
    headers.etag = `"${tile.hash}${tile.encoding === 'identity' ? '' : `-${tile.encoding}`}"`;
    if (etagMatches(req.headers['if-none-match'], headers.etag)) {
      res.writeHead(304, headers);
      return void res.end();
    }
    if (tile.contentType) headers['content-type'] = tile.contentType;
    if (tile.encoding !== 'identity') headers['content-encoding'] = tile.encoding;
    headers['content-length'] = String(tile.body.byteLength);
    res.writeHead(200, headers);
    res.end(head ? undefined : tile.body);
  };
}
