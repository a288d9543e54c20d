import type { IncomingMessage } from 'node:http';

// host[:port] as this server accepts it in `Host` or an absolute-form target:
// DNS labels (letters, digits, `-`) or IPv4, or an IPv6 literal in
// brackets (no zone id); the port is 1–5 digits, checked ≤ 65535 below.
// Stricter than RFC 3986 reg-name on purpose: nothing that could turn into a
// path, query, userinfo or a second host when a URL is built from it.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;
// RFC 9112 §3.2.2 absolute-form; only http(s), with an authority and no userinfo.
const ABSOLUTE = /^https?:\/\/([^/?#@]*)([/?][^#]*)?$/i;

/** True when `value` is a `host[:port]` this server accepts. */
export function isValidHost(value: string): boolean {
  const m = HOST.exec(value);
  return !!m && (m[1] === undefined || Number(m[1]) <= 65535);
}

/**
 * Brings the request target into origin-form (`/path?query`) before routing,
 * and checks the Host, so every handler — Yoga builds a WHATWG URL from
 * them — sees a target and host it can use:
 *
 * - absolute-form (`GET http://a.example/tiles/…`, RFC 9112 §3.2.2) becomes
 *   its path and query, and its authority replaces `Host` (the RFC says the
 *   target's authority wins over the header);
 * - `*` (asterisk-form) and anything else that is not origin-form is refused;
 * - a `Host` that is not a strict `host[:port]` is refused. A missing Host
 *   (HTTP/1.0) is left alone: node:http refuses it for HTTP/1.1 already.
 *
 * Rewrites `req.url` (and `host`) in place; returns a message for a 400, or
 * undefined when the request may be routed.
 */
export function normalizeRequestTarget(req: IncomingMessage): string | undefined {
  const target = req.url ?? '';
  if (!target.startsWith('/')) {
    const absolute = ABSOLUTE.exec(target);
    if (!absolute) return target === '*' ? 'the asterisk-form request target (*) is not supported' : 'the request target must be a path';
    const authority = absolute[1]!;
    if (!isValidHost(authority)) return 'the request target has an invalid host';
    req.url = absolute[2]?.startsWith('/') ? absolute[2] : `/${absolute[2] ?? ''}`;
    req.headers.host = authority;
    return undefined;
  }
  const host = req.headers.host;
  if (host !== undefined && !isValidHost(host)) return 'invalid Host header';
  return undefined;
}
