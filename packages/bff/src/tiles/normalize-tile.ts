import { createHash } from 'node:crypto';
import type { TileEntry } from '../cache/tile-entry.js';
import { UpstreamProtocolError, isGzip } from '../upstream/detect-encoding.js';
import type { UpstreamTile } from '../upstream/types.js';
import { SYNC_DECODE_MAX_BYTES, decode, decodeSync, isCompressible, type Encoding } from './codec.js';

/** What the cache stores for one fetched tile, plus its decoded bytes for transcoding. */
export interface NormalizedTile {
  entry: TileEntry;
  /** Decoded bytes (absent for an empty tile). */
  identity?: Buffer;
}

/**
 * Decodes a body to identity, peeling a second gzip layer (double compression, C03).
 * Small bodies (nearly every tile) are decoded synchronously: cheaper than a
 * trip through the zlib thread pool, and the validation is the same.
 */
async function toIdentity(body: Uint8Array, encoding: Encoding, maxBytes: number): Promise<{ identity: Buffer; clean: boolean }> {
  try {
    const identity = body.byteLength <= SYNC_DECODE_MAX_BYTES ? decodeSync(body, encoding, maxBytes) : await decode(body, encoding, maxBytes);
    // No MVT, MLT or image starts with 1f 8b: a tile that does was compressed twice.
    if (isGzip(identity)) return { identity: await decode(identity, 'gzip', maxBytes), clean: false };
    return { identity, clean: true };
  } catch (err) {
    throw new UpstreamProtocolError(`upstream body declared ${encoding} does not decode: ${(err as Error).message}`);
  }
}

/**
 * Turns a tile as Martin sent it into the entry the cache stores. Every body
 * is decoded once here, so a body whose encoding lies (C02, C03) is repaired
 * or refused (UpstreamProtocolError → 502) before anything is cached, and the
 * ETag base is the hash of the decoded tile, the same for every encoding.
 * `maxBytes` also caps the decoded size (no zip bombs).
 */
export async function normalizeTile(tile: UpstreamTile, fallbackContentType: string, maxBytes: number): Promise<NormalizedTile> {
  const contentType = tile.contentType ?? fallbackContentType;
  if (tile.status === 204 || tile.body.byteLength === 0) {
    // RFC 9110: a 204 has no content, so no coding either (C01).
    return { entry: { status: 204, contentType, encoding: 'identity', hash: 'empty', body: new Uint8Array(0) } };
  }
  const declared: Encoding = tile.contentEncoding ?? 'identity';
  const { identity, clean } = await toIdentity(tile.body, declared, maxBytes);
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  // Keep Martin's compressed bytes when they are one clean layer of a
  // compressible type (gzip clients then cost nothing); otherwise store the
  // decoded bytes, and variants are made on demand.
  const keepCompressed = clean && declared !== 'identity' && isCompressible(contentType);
  const entry: TileEntry = keepCompressed
    ? { status: 200, contentType, encoding: declared, hash, body: tile.body }
    : { status: 200, contentType, encoding: 'identity', hash, body: identity };
  return { entry, identity };
}
