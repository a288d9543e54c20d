import http from 'node:http';
import https from 'node:https';

/** A response read in full, with its bytes exactly as they came off the wire. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The body was larger than allowed; it was not read to the end. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`upstream body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

// Keep-alive agents shared by every upstream call: a tile server behind a BFF
// sees many small requests, and a fresh TCP handshake per tile would dominate.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/**
 * GET with node:http rather than `fetch`: `fetch` decompresses gzip while
 * keeping the `Content-Encoding` header, so the BFF could no longer tell what
 * it stores. Here the bytes stay as sent and the caller decides.
 *
 * The body is read as a stream and abandoned as soon as it passes `maxBytes`
 * (nothing larger is ever buffered). A body cut short (connection reset, fewer
 * bytes than `Content-Length`) rejects, so a partial tile can never be cached.
 */
export function httpGet(url: string, opts: { headers?: Record<string, string>; maxBytes: number; signal: AbortSignal }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return reject(opts.signal.reason);
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.get(target, { headers: opts.headers, agent: agents[target.protocol as 'http:'], signal: opts.signal }, (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.destroy();
        return reject(new BodyTooLargeError(opts.maxBytes));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          res.destroy();
          reject(new BodyTooLargeError(opts.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        if (!res.complete) return reject(new Error('upstream closed the connection mid-body'));
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, size) });
      });
      res.on('close', () => {
        if (!res.complete) reject(new Error('upstream closed the connection mid-body'));
      });
    });
    req.on('error', reject);
  });
}
