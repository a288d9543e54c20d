import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { sendError } from './send-json.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

const MASKED = { code: 'INTERNAL', message: 'internal error' } as const;

function contentTypeOf(res: ServerResponse, args: unknown[]): string {
  // writeHead(status, [statusText], [headers]): headers as an object or a flat [k, v, …] array.
  const headers = args.find((a) => typeof a === 'object' && a !== null) as OutgoingHttpHeaders | string[] | undefined;
  if (Array.isArray(headers)) {
    const i = headers.findIndex((v, j) => j % 2 === 0 && String(v).toLowerCase() === 'content-type');
    if (i !== -1) return String(headers[i + 1]);
  } else if (headers) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
    if (key) return String(headers[key]);
  }
  return String(res.getHeader('content-type') ?? '');
}

/**
 * Wraps a handler we do not own (Yoga on @whatwg-node/server) so that a
 * failure never reaches the client with details:
 *
 * - a thrown error or rejection becomes our masked JSON 500;
 * - a 500 the handler writes itself that is not JSON is replaced by the same
 *   masked JSON 500. @whatwg-node answers errors thrown outside Yoga's own
 *   error handling (building the request's URL, for one) with `error.stack`
 *   as a `text/plain` 500; Yoga's own errors are JSON and pass through.
 *
 * `onError` receives what was masked, for the log.
 */
export function guardHandler(handler: Handler, onError: (err: unknown) => void): Handler {
  return async (req, res) => {
    let masked = false;
    const { writeHead, write, end } = res;
    res.writeHead = function (this: ServerResponse, status: number, ...args: unknown[]) {
      if (status !== 500 || /\bjson\b/i.test(contentTypeOf(res, args))) return writeHead.call(this, status, ...(args as []));
      masked = true;
      onError(new Error('the GraphQL handler answered a non-JSON 500 (masked)'));
      // Restore the real methods, write the masked answer, then swallow the handler's body.
      Object.assign(res, { writeHead, write, end });
      for (const name of res.getHeaderNames()) if (name !== 'x-request-id') res.removeHeader(name);
      sendError(res, 500, MASKED);
      Object.assign(res, { write: () => true, end: function (this: ServerResponse) { return this; } });
      return this;
    } as ServerResponse['writeHead'];
    try {
      await handler(req, res);
    } catch (err) {
      onError(err);
      if (masked || res.writableEnded) return;
      if (!res.headersSent) sendError(res, 500, MASKED);
      else res.destroy();
    }
  };
}
