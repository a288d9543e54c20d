import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startBff, type RunningBff } from '../src/start-bff.js';
import { startTestBff } from './tiles-support/bff.js';
import { startFakeUpstream, vectorTile, type FakeUpstream } from './tiles-support/fake-upstream.js';

// The router in front of tiles, probes and GraphQL, fed request lines and
// Host headers that fetch() and node:http clients would never send.

let up: FakeUpstream;
let bff: RunningBff;
let hostPort: string;
beforeAll(async () => {
  up = await startFakeUpstream();
  bff = await startTestBff({ MARTIN_PRIMARY_URL: up.url });
  hostPort = new URL(bff.url).host;
});
afterAll(async () => {
  await bff?.close();
  await up?.close();
});

interface RawResponse { status: number; headers: Record<string, string>; body: string }

/** Sends exactly `head` (request line and headers) on a fresh socket and reads the whole answer. */
function rawRequest(requestLine: string, headers: string[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(bff.url);
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const out: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        out[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      let body = rest.join('\r\n\r\n');
      if (out['transfer-encoding'] === 'chunked') body = body.replace(/^[0-9a-f]+\r\n/gim, '').replace(/\r\n$/gm, '');
      resolve({ status: Number(statusLine.split(' ')[1]), headers: out, body });
    });
    socket.write(`${requestLine}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`);
  });
}

function expectBadRequest(res: RawResponse, what: string): void {
  expect(res.status, what).toBe(400);
  expect(res.headers['content-type'], what).toMatch(/^application\/json/);
  expect(JSON.parse(res.body).error.code, what).toBe('BAD_REQUEST');
  expect(res.body, what).not.toMatch(/node_modules|\n\s+at |Error:/);
}

describe('request targets', () => {
  it('routes an absolute-form tile target to the tile route', async () => {
    const res = await rawRequest(`GET http://x/tiles/vec/0/0/0 HTTP/1.1`, [`Host: ${hostPort}`]);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-protobuf');
    expect(Buffer.from(res.body, 'latin1').subarray(0, 12)).toEqual(vectorTile(0, 0, 0).subarray(0, 12));
  });

  it('routes an absolute-form GraphQL or probe target like its path', async () => {
    const gql = await rawRequest(`GET http://maps.example.org/graphql?query=%7B__typename%7D HTTP/1.1`, [`Host: ${hostPort}`, 'Accept: application/json']);
    expect(gql.status).toBe(200);
    expect(JSON.parse(gql.body)).toEqual({ data: { __typename: 'Query' } });
    const probe = await rawRequest(`GET http://x/healthz HTTP/1.1`, [`Host: ${hostPort}`]);
    expect(probe.status).toBe(200);
  });

  it('refuses the asterisk-form target and other non-path targets with a JSON 400, no stack', async () => {
    for (const line of ['OPTIONS * HTTP/1.1', 'GET * HTTP/1.1', 'GET ftp://x/tiles/vec/0/0/0 HTTP/1.1', 'GET http://x:99999/graphql HTTP/1.1']) {
      expectBadRequest(await rawRequest(line, [`Host: ${hostPort}`]), line);
    }
  });
});

describe('Host header', () => {
  it('refuses a Host that is not a strict host[:port] with a JSON 400, on every route, no stack', async () => {
    for (const host of ['a.example:99999', 'a b', '[::1', 'x:y:z', 'a.example:', 'user@a.example', 'bad_host', 'a.example/path', 'a.example?q']) {
      for (const path of ['/graphql?query=%7B__typename%7D', '/', '/tiles/vec/0/0/0', '/readyz']) {
        expectBadRequest(await rawRequest(`GET ${path} HTTP/1.1`, [`Host: ${host}`]), `${host} ${path}`);
      }
    }
  });

  it('accepts ordinary hosts, IPv6 literals and ports', async () => {
    for (const host of ['maps.example.org', 'maps.example.org:8080', '127.0.0.1:65535', '[::1]:8080', 'localhost']) {
      const res = await rawRequest('GET /graphql?query=%7B__typename%7D HTTP/1.1', [`Host: ${host}`, 'Accept: application/json']);
      expect(res.status, host).toBe(200);
    }
  });

  it('answers an HTTP/1.0 request without Host', async () => {
    const res = await rawRequest('GET /graphql?query=%7B__typename%7D HTTP/1.0', ['Accept: application/json']);
    expect(res.status).toBe(200);
  });
});

describe('GraphQL handler failures', () => {
  it('never answers with a stack trace, whatever the method', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'DELETE', 'PATCH', 'PUT']) {
      const res = await rawRequest(`${method} /graphql HTTP/1.1`, [`Host: ${hostPort}`]);
      expect(res.status, method).toBeGreaterThanOrEqual(400);
      expect(res.status, method).toBeLessThan(500);
      expect(res.body, method).not.toMatch(/node_modules|\n\s+at /);
    }
  });
});

describe('GraphQL handler guard', () => {
  async function bffWith(graphql: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<RunningBff> {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MARTIN_PRIMARY_URL: up.url, MARTIN_BACKUP_URL: '' });
    return startBff({ config, log: createLogger({ level: 'silent' }), graphql: () => graphql });
  }

  it('turns an error thrown by the GraphQL handler into a masked JSON 500', async () => {
    const b = await bffWith(() => { throw new Error('boom at /srv/secret.js:1:1'); });
    try {
      const res = await fetch(`${b.url}/graphql`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    } finally {
      await b.close();
    }
  });

  it('replaces a non-JSON 500 the handler writes itself (a stack trace) with the masked JSON 500', async () => {
    const b = await bffWith((_req, res) => {
      res.setHeader('content-type', 'text/plain;charset=UTF-8');
      res.writeHead(500, 'Internal Server Error');
      res.write('TypeError: Invalid URL\n    at new URL (node:internal/url:1:1)\n    at node_modules/@whatwg-node/server');
      res.end();
    });
    try {
      const res = await fetch(`${b.url}/graphql`);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
      expect(text).not.toMatch(/node_modules|\n\s+at /);
    } finally {
      await b.close();
    }
  });

  it('passes JSON 500s and other statuses through untouched', async () => {
    const b = await bffWith((_req, res) => void res.writeHead(500, { 'content-type': 'application/graphql-response+json' }).end('{"errors":[{"message":"Unexpected error."}]}'));
    try {
      const res = await fetch(`${b.url}/graphql`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ errors: [{ message: 'Unexpected error.' }] });
    } finally {
      await b.close();
    }
  });
});
