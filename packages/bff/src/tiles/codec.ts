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
 * Removes one layer of coding. Async zlib runs on the libuv pool, so large
 * tiles do not stall the event loop. `maxOutputLength` keeps a zip bomb from
 * inflating past what the BFF would accept from Martin uncompressed.
 */
export async function decode(bytes: Uint8Array, from: Encoding, maxOutputLength: number): Promise<Buffer> {
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
