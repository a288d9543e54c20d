import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Content codings the BFF stores and serves. `identity` = none. */
export type Encoding = 'identity' | 'gzip' | 'br';
export const ENCODINGS: readonly Encoding[] = ['identity', 'gzip', 'br'];

const gunzip = promisify(zlib.gunzip);
const gzip = promisify(zlib.gzip);
const brotliDecompress = promisify(zlib.brotliDecompress);
const brotliCompress = promisify(zlib.brotliCompress);

// Brotli 5 compresses MVT close to gzip -9 sizes at a fraction of brotli 11's
// CPU; each variant is made once and then cached, but the first client waits.
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } };

/** Whether a tile of this type may be compressed: images are already compressed (never gzip a PNG). */
export function isCompressible(contentType: string | null | undefined): boolean {
  return !/^image\//i.test(contentType ?? '');
}

/**
 * Coded bodies up to this size are decoded synchronously: a typical tile
 * inflates in tens of microseconds, far less than the round trip through the
 * libuv pool (a stream, a thread hop and two callbacks). Larger ones go to the
 * pool so they do not stall the event loop.
 */
export const SYNC_DECODE_MAX_BYTES = 64 * 1024;

/**
 * Removes one layer of coding, synchronously; throws when the bytes do not
 * decode or inflate past `maxOutputLength` (no zip bombs). For small bodies
 * (see `SYNC_DECODE_MAX_BYTES`); `decode` picks for you.
 */
export function decodeSync(bytes: Uint8Array, from: Encoding, maxOutputLength: number): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (from === 'gzip') return zlib.gunzipSync(buf, { maxOutputLength });
  if (from === 'br') return zlib.brotliDecompressSync(buf, { maxOutputLength });
  return buf;
}

/**
 * Removes one layer of coding: synchronously for small bodies, on the libuv
 * pool for large ones. `maxOutputLength` keeps a zip bomb from inflating past
 * what the BFF would accept from Martin uncompressed.
 */
export async function decode(bytes: Uint8Array, from: Encoding, maxOutputLength: number): Promise<Buffer> {
  if (from === 'identity' || bytes.byteLength <= SYNC_DECODE_MAX_BYTES) return decodeSync(bytes, from, maxOutputLength);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (from === 'gzip') return gunzip(buf, { maxOutputLength });
  if (from === 'br') return brotliDecompress(buf, { maxOutputLength });
  return buf;
}

/** Adds one layer of coding to identity bytes. */
export async function encode(identity: Uint8Array, to: Encoding): Promise<Buffer> {
  const buf = Buffer.from(identity.buffer, identity.byteOffset, identity.byteLength);
  if (to === 'gzip') return gzip(buf);
  if (to === 'br') return brotliCompress(buf, BROTLI);
  return buf;
}
