import { badUserInput } from './errors.js';
import type { GraphqlConfig } from './graphql-config.js';

const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const PROTO = /^https?$/i;

/** First element of a comma-separated header (proxies append, the client-most value is first). */
const first = (value: string | null) => value?.split(',')[0]?.trim() || undefined;

/** `proto` and `host` of the first element of RFC 7239 `Forwarded`. */
function forwarded(header: string | null): { proto?: string; host?: string } {
  const out: { proto?: string; host?: string } = {};
  for (const pair of (first(header) ?? '').split(';')) {
    const [k, v] = pair.split('=', 2).map((s) => s.trim());
    const value = v?.replace(/^"(.*)"$/, '$1');
    if (k?.toLowerCase() === 'proto' && value) out.proto = value;
    if (k?.toLowerCase() === 'host' && value) out.host = value;
  }
  return out;
}

/**
 * The BFF's public base URL for this request, without a trailing slash: the
 * configured `publicUrl`; else, with `trustProxy`, `Forwarded` then
 * `X-Forwarded-Proto`/`-Host` (first values only); else the request's own
 * scheme and Host. Host and scheme are checked against a strict syntax, so a
 * forged header cannot inject a path, query or userinfo into tile URLs.
 */
export function publicBaseUrl(request: Request, config: Pick<GraphqlConfig, 'publicUrl' | 'trustProxy'>): string {
  if (config.publicUrl) return config.publicUrl;
  const own = new URL(request.url);
  let proto = own.protocol.replace(/:$/, '');
  let host = own.host;
  if (config.trustProxy) {
    const fwd = forwarded(request.headers.get('forwarded'));
    proto = fwd.proto ?? first(request.headers.get('x-forwarded-proto')) ?? proto;
    host = fwd.host ?? first(request.headers.get('x-forwarded-host')) ?? host;
  }
  if (!PROTO.test(proto) || !HOST.test(host)) throw badUserInput('Cannot build public URLs from this request\'s host headers.');
  return `${proto.toLowerCase()}://${host}`;
}
