import type { Encoding } from './codec.js';

/** Server preference when the client rates codings equally: smallest first. */
const PREFERENCE: readonly Encoding[] = ['br', 'gzip', 'identity'];

/** q-values of the codings the BFF can produce, from an Accept-Encoding value (RFC 9110 §12.5.3). */
export function parseAcceptEncoding(header: string): Record<Encoding, number> {
  const q = new Map<string, number>();
  for (const item of header.split(',')) {
    const [name = '', ...params] = item.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p);
      if (m) weight = Math.min(1, Number(m[1]));
    }
    const coding = name === 'x-gzip' ? 'gzip' : name;
    // A coding listed twice keeps its best rating.
    q.set(coding, Math.max(q.get(coding) ?? 0, weight));
  }
  const star = q.get('*');
  return {
    br: q.get('br') ?? star ?? 0,
    gzip: q.get('gzip') ?? star ?? 0,
    // identity is acceptable unless excluded, but ranks below any coding the
    // client asked for by name.
    identity: q.get('identity') ?? (star === 0 ? 0 : 0.0001),
  };
}

/**
 * The coding of the response: exactly one layer, or none.
 *
 * - No header → identity (C04). RFC 9110 would allow any coding, but clients
 *   that omit the header are often tools that do not decode.
 * - Not compressible (PNG, JPEG, WebP) → identity, whatever was asked.
 * - Otherwise the highest q wins; ties go to a variant already `available`
 *   in the cache (no transcoding), then to br, gzip, identity.
 * - Nothing acceptable (`identity;q=0` and no usable coding) → identity: the
 *   RFC allows ignoring the header rather than answering 406, and a tile
 *   the client may not decode beats no tile.
 */
export function negotiateEncoding(header: string | undefined, opts: { compressible: boolean; available?: readonly Encoding[] }): Encoding {
  if (header === undefined || !opts.compressible) return 'identity';
  const q = parseAcceptEncoding(header);
  const available = opts.available ?? [];
  const ranked = [...PREFERENCE]
    .filter((e) => q[e] > 0)
    .sort((a, b) => q[b] - q[a] || Number(available.includes(b)) - Number(available.includes(a)) || PREFERENCE.indexOf(a) - PREFERENCE.indexOf(b));
  return ranked[0] ?? 'identity';
}
