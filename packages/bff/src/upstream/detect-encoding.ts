/** An upstream answer the BFF cannot make sense of: answered 502, never cached. */
export class UpstreamProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamProtocolError';
  }
}

/** gzip member header: ID1 ID2 (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The encoding an upstream body really has, from the header and the bytes.
 *
 * - No header but gzip magic (case C02): gzip. Proxies and tile stores that
 *   keep pre-compressed MVT often forget the header.
 * - `gzip` declared on bytes without the magic (case C03): the header lies;
 *   treat the body as identity. The tile service still decodes every body
 *   once before caching, so a body that is garbage either way is refused.
 * - Anything but gzip/br/identity: we never ask for it (`Accept-Encoding:
 *   gzip`), so it is a protocol error rather than something to pass through.
 */
export function detectEncoding(header: string | string[] | undefined, body: Uint8Array): 'gzip' | 'br' | null {
  const raw = (Array.isArray(header) ? header.join(',') : header ?? '').toLowerCase();
  // Stacked codings ("gzip, gzip") are exactly the double compression C03 is about.
  const codings = raw.split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity');
  if (codings.length > 1) throw new UpstreamProtocolError(`stacked Content-Encoding "${raw}"`);
  const declared = codings[0];
  if (declared === undefined) return isGzip(body) ? 'gzip' : null;
  if (declared === 'gzip' || declared === 'x-gzip') return isGzip(body) ? 'gzip' : null;
  if (declared === 'br') return 'br';
  throw new UpstreamProtocolError(`unsupported Content-Encoding "${raw}"`);
}
