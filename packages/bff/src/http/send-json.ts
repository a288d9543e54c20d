import type { ServerResponse } from 'node:http';

/** The JSON error body of every non-GraphQL route. */
export interface ErrorBody {
  code: string;
  message: string;
  /** The part of the request that is wrong (`z`, `x`, `y`, `source`, …), when one is. */
  part?: string;
}

/** Writes a JSON body; error responses are never cacheable (`no-store`). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, head = false): void {
  const json = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(json.length),
    'cache-control': status >= 400 ? 'no-store' : (headers['cache-control'] ?? 'no-store'),
  });
  res.end(head ? undefined : json);
}

export function sendError(res: ServerResponse, status: number, error: ErrorBody, headers: Record<string, string> = {}, head = false): void {
  sendJson(res, status, { error }, headers, head);
}
