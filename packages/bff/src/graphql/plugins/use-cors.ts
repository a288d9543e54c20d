import type { Plugin } from 'graphql-yoga';

/** Headers a browser may send to /graphql (the SDK's, plus trace context). */
const ALLOWED_HEADERS = 'content-type, authorization, x-api-key, x-request-id, traceparent, tracestate';

/**
 * CORS for /graphql, replacing Yoga's built-in one, which answers a
 * disallowed origin with `Access-Control-Allow-Origin: null`, omits
 * `Vary: Origin` for a one-origin list and allows every origin with
 * credentials when the list is empty.
 *
 * - listed origins are echoed exactly, with credentials and `Vary: Origin`
 *   (never `*` with credentials: browsers reject it, Fetch standard §3.2.5);
 * - `*` answers `*` without credentials;
 * - anything else gets no CORS headers, so the browser blocks the response;
 * - a preflight is answered 204 here, before authentication (case C18).
 */
export function useCors(origins: readonly string[]): Plugin {
  const any = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.toLowerCase()));
  const headersFor = (origin: string | null): Record<string, string> => {
    if (any) return { 'Access-Control-Allow-Origin': '*' };
    if (origin && allowed.has(origin.toLowerCase())) {
      return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' };
    }
    return {};
  };
  const vary = (headers: Headers) => {
    if (any) return;
    const current = headers.get('vary');
    if (!current?.split(',').some((v) => v.trim().toLowerCase() === 'origin')) headers.set('vary', current ? `${current}, Origin` : 'Origin');
  };
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'OPTIONS') return;
      const headers = new fetchAPI.Headers({ 'Content-Length': '0', ...headersFor(request.headers.get('origin')) });
      if (headers.has('Access-Control-Allow-Origin')) {
        headers.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        headers.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        headers.set('Access-Control-Max-Age', '600');
      }
      vary(headers);
      endResponse(new fetchAPI.Response(null, { status: 204, headers }));
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      for (const [name, value] of Object.entries(headersFor(request.headers.get('origin')))) response.headers.set(name, value);
      vary(response.headers);
    },
  };
}
