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
// noDelay: a request is one small write, and Nagle must never hold it back
// waiting for an ACK. lifo: the most recently used socket is reused first, so
// a quiet period lets the others idle out instead of keeping them all warm.
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 256, noDelay: true, scheduling: 'lifo' } as const;
const agents = {
  'http:': new http.Agent(AGENT_OPTIONS),
  'https:': new https.Agent(AGENT_OPTIONS),
};

/** Where a request goes, parsed once per upstream rather than once per call. */
export interface HttpTarget {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  /** Path and query. */
  path: string;
}

function parseTarget(url: string): HttpTarget {
  const u = new URL(url);
  return { protocol: u.protocol === 'https:' ? 'https:' : 'http:', hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: u.port, path: u.pathname + u.search };
}

/** Splits a base URL once: `base(path)` is then a target without another URL parse. */
export function targetOf(baseUrl: string): (path: string) => HttpTarget {
  // WHATWG keeps IPv6 hosts bracketed; node:http wants them bare (parseTarget strips them).
  const { protocol, hostname, port, path: base } = parseTarget(baseUrl);
  const prefix = base.replace(/\/+$/, '');
  return (path) => ({ protocol, hostname, port, path: prefix + path });
}

/**
 * GET with node:http rather than `fetch`: `fetch` decompresses gzip while
 * keeping the `Content-Encoding` header, so the BFF could no longer tell what
 * it stores. Here the bytes stay as sent and the caller decides.
 *
 * The body is read as a stream and abandoned as soon as it passes `maxBytes`
 * (nothing larger is ever buffered). A body cut short (connection reset, fewer
 * bytes than `Content-Length`) rejects, so a partial tile can never be cached.
 */
export function httpGet(url: string | HttpTarget, opts: { headers?: Record<string, string>; maxBytes: number; signal: AbortSignal }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return reject(opts.signal.reason);
    const target = typeof url === 'string' ? parseTarget(url) : url;
    const lib = target.protocol === 'https:' ? https : http;
    const options = { protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path || '/', headers: opts.headers, agent: agents[target.protocol], signal: opts.signal };
    const req = lib.get(options, (res) => {
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
        // One chunk (most tiles): no copy.
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
      });
      res.on('close', () => {
        if (!res.complete) reject(new Error('upstream closed the connection mid-body'));
      });
    });
    req.on('error', reject);
  });
}
